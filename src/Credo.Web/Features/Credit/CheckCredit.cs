using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Credit;

/// <summary>
/// "May this order ship on credit?" Decides with <see cref="CreditCheck.Decide"/> on the path's lines read under
/// their locks, and in the same transaction records the answer and, when approved, the reservation and its share
/// of every line. Idempotent on the order reference: a retry (even a concurrent one) returns the first answer.
/// </summary>
internal sealed class CheckCredit(CreditDb db, IOptions<CreditOptions> options)
{
    // Memos for the life of the scope: one request, or one batch of the check queue (which holds the write lock
    // throughout, so rules, rates and paths cannot change under it). Line values are always re-read under the lock.
    private readonly Dictionary<long, (List<PathLine> Path, long Version)> _paths = [];
    private readonly Dictionary<string, RateTable> _rates = new(StringComparer.Ordinal);
    private List<BlockRule>? _rules;

    public async Task<Result<CreditCheckAnswer>> Handle(CreditCheckRequest request, CancellationToken ct, string? actor = null)
    {
        var valid = CreditCheckRules.Validate(request);
        if (!valid.IsOk)
        {
            return valid.Error!;
        }

        var (orderReference, number, amount, shipDate) = valid.Value!;
        var customer = await db.Customer(number, ct);
        if (customer is null)
        {
            return CreditCheckRules.NoCustomer(request.Customer);
        }

        // Outside a transaction, a retry is answered before any lock is taken; inside one (a batch) the check
        // under the lock below is the only one needed.
        if (db.Database.CurrentTransaction is null && await Replay(orderReference, customer, amount, ct) is { } first)
        {
            return first;
        }

        if (CreditCheckRules.BeyondHorizon(options.Value, shipDate, db.Today()))
        {
            return await Schedule(orderReference, customer, amount, shipDate!.Value, options.Value.HorizonDays!.Value, actor, ct);
        }

        var facts = await Gather(customer, amount, ct);
        await using var tx = await OwnedTransaction.Begin(db, ct);
        facts = await LockPath(facts, customer, amount, ct);
        if (await Replay(orderReference, customer, amount, ct) is { } winner)
        {
            return winner;
        }

        var (decision, requested) = await DecideLocked(facts, customer, amount, ct);
        var (reservation, answer) = Answer(valid.Value!, customer, decision, facts.AsOf, actor);
        db.CreditReservations.Add(reservation);
        db.PublishDecision(decision.IsApproved, reservation.DecisionJson);
        try
        {
            if (decision.IsApproved)
            {
                await db.AddReserved(requested.Select(r => (r.LineId, r.AmountMinor)), ct);
            }

            await db.SaveChangesAsync(ct);
            if (decision.IsApproved)
            {
                await db.AddReservationLines(reservation.Id, requested, ct);
            }

            await tx.CommitAsync(ct);
            return answer with { ReservationId = decision.IsApproved ? reservation.Id : null };
        }
        catch (DbUpdateException) when (tx.IsOwned)
        {
            // A concurrent retry of the same order won the unique index: its answer is the answer.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return await Replay(orderReference, customer, amount, ct) is { } first2 ? first2 : throw new InvalidOperationException("Reservation insert failed without a winner.");
        }
    }

    /// <summary>
    /// The reservation row recording a decided check, and its answer. The stored answer leaves the id out (a replay
    /// reads it from the row), so one save writes everything.
    /// </summary>
    private (CreditReservation Reservation, CreditCheckAnswer Answer) Answer(ValidCheck check, CustomerFacts customer, CheckDecision decision, DateOnly asOf, string? actor)
    {
        var now = db.UtcNow;
        var state = ReservationLifecycle.Checked(decision.IsApproved);
        var answer = CreditCheckAnswer.From(check.OrderReference, customer.Number, decision, null, state);
        var reservation = new CreditReservation
        {
            OrderReference = check.OrderReference,
            CustomerId = customer.Id,
            AmountMinor = check.Amount.Minor,
            Currency = check.Amount.Currency.Code,
            ShipOn = check.ShipOn,
            CheckedOn = asOf,
            ExpiresOn = asOf.AddDays(options.Value.ReservationDays),
            State = state,
            DecisionJson = answer.ToJson(),
            CreatedAtUtc = now,
            UpdatedAtUtc = now,
            CreatedBy = actor ?? db.Actor.Name,
        };
        return (reservation, answer);
    }

    /// <summary>An order beyond the horizon: recorded, counted from its horizon date, checked then by the sweep.</summary>
    private async Task<Result<CreditCheckAnswer>> Schedule(string orderReference, CustomerFacts customer, Money amount, DateOnly shipOn, int horizon, string? actor, CancellationToken ct)
    {
        var now = db.UtcNow;
        var countsFrom = shipOn.AddDays(-horizon);
        var answer = new CreditCheckAnswer(orderReference, customer.Number, "scheduled", ReservationLifecycle.BeyondHorizon.Slug(), null, Amount.Of(amount.Minor, amount.Currency.Code), [], [], null, null) { CheckOn = countsFrom };
        var reservation = new CreditReservation
        {
            OrderReference = orderReference,
            CustomerId = customer.Id,
            AmountMinor = amount.Minor,
            Currency = amount.Currency.Code,
            ShipOn = shipOn,
            CheckedOn = db.Today(),
            ExpiresOn = countsFrom.AddDays(options.Value.ReservationDays),
            State = ReservationLifecycle.BeyondHorizon,
            DecisionJson = answer.ToJson(),
            CreatedAtUtc = now,
            UpdatedAtUtc = now,
            CreatedBy = actor ?? db.Actor.Name,
        };
        db.CreditReservations.Add(reservation);
        db.Publish(new OrderScheduled(reservation.DecisionJson));
        try
        {
            await db.SaveChangesAsync(ct);
            return answer;
        }
        catch (DbUpdateException) when (db.Database.CurrentTransaction is null)
        {
            db.ChangeTracker.Clear();
            return await Replay(orderReference, customer, amount, ct) is { } first ? first : throw new InvalidOperationException("Reservation insert failed without a winner.");
        }
    }

    private async Task<Result<CreditCheckAnswer>?> Replay(string orderReference, CustomerFacts customer, Money amount, CancellationToken ct)
    {
        var existing = await ByOrder(db, orderReference, ct);
        if (existing is null)
        {
            return null;
        }

        return CreditCheckRules.Replay(existing, customer.Id, amount, orderReference);
    }

    private static readonly Func<CreditDb, string, CancellationToken, Task<CreditReservation?>> ByOrder =
        EF.CompileAsyncQuery((CreditDb db, string orderReference, CancellationToken ct) =>
            db.CreditReservations.AsNoTracking().SingleOrDefault(r => r.OrderReference == orderReference));

    /// <summary>What a decision needs besides the lines' current values: read before the locks are taken.</summary>
    /// <param name="ReadUnderLock">The path and its lines were read just now inside a SQLite write transaction (a
    /// batch of the check queue): they are current, so neither the version check nor a re-read is needed.</param>
    internal sealed record Gathered(List<PathLine> Path, long LinesVersion, List<BlockRule> Rules, List<OpenDebit> Debits, RateTable Rates, DateOnly AsOf, bool ReadUnderLock = false);

    /// <summary>
    /// Takes the path's locks (inside the caller's transaction). If a line was added since the path was read, the
    /// path is read again under the guard and the new lines are locked too, so no ceiling is ever skipped.
    /// </summary>
    internal async Task<Gathered> LockPath(Gathered facts, CustomerFacts customer, Money amount, CancellationToken ct)
    {
        if (facts.ReadUnderLock)
        {
            return facts;
        }

        await db.GuardLineSet(creatingLine: false, ct);
        await db.LockLines(facts.Path.Select(p => p.Line.Id), ct);
        var version = await db.LinesVersion(ct);
        if (version == facts.LinesVersion)
        {
            return facts;
        }

        var path = await db.LinesFor(customer, ct);
        _paths[customer.Id] = (path, version);
        await db.LockLines(path.Select(p => p.Line.Id), ct);
        var rates = await db.Rates(path.Select(p => p.Line.Currency).Append(amount.Currency.Code).Concat(facts.Rules.Where(r => r.Currency is not null).Select(r => r.Currency!)).Concat(facts.Debits.Select(d => d.Open.Currency.Code)), ct);
        return facts with { Path = path, LinesVersion = version, Rates = rates };
    }

    internal async Task<Gathered> Gather(CustomerFacts customer, Money amount, CancellationToken ct)
    {
        var readUnderLock = false;
        if (!_paths.TryGetValue(customer.Id, out var memo))
        {
            readUnderLock = db.Provider == DatabaseProvider.Sqlite && db.Database.CurrentTransaction is not null;
            var version = await db.LinesVersion(ct);
            _paths[customer.Id] = memo = (await db.LinesFor(customer, ct), version);
        }

        var path = memo.Path;

        _rules ??= await db.CreditBlockRules.AsNoTracking().Where(r => r.Enabled).Select(r => r.ToRule()).ToListAsync(ct);
        var rules = _rules;
        var asOf = db.Today();
        var debits = rules.Any(r => r.Kind == BlockRuleKind.Overdue) ? await OpenDebits(customer.Id, asOf, ct) : [];
        var currencies = path.Select(p => p.Line.Currency).Append(amount.Currency.Code)
            .Concat(rules.Where(r => r.Currency is not null).Select(r => r.Currency!))
            .Concat(debits.Select(d => d.Open.Currency.Code))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        var key = string.Join(',', currencies);
        if (!_rates.TryGetValue(key, out var rates))
        {
            _rates[key] = rates = await db.Rates(currencies, ct);
        }

        return new Gathered(path, memo.Version, rules, debits, rates, asOf, readUnderLock);
    }

    /// <summary>Decides on the lines' values as they are now; the caller holds the lines' locks.</summary>
    internal async Task<(CheckDecision Decision, List<(long LineId, long AmountMinor)> Requested)> DecideLocked(Gathered facts, CustomerFacts customer, Money amount, CancellationToken ct)
    {
        var fresh = facts.ReadUnderLock
            ? facts.Path.ToDictionary(p => p.Line.Id, p => p.Line)
            : await db.Reread(facts.Path.Select(p => p.Line.Id), ct);
        return Decide(facts.Path, fresh, facts.Rules, facts.Debits, facts.Rates, facts.AsOf, customer, amount, options.Value.Counted);
    }

    /// <summary>
    /// The decision on the lines' values as given (the caller holds their locks, or is the only writer): shared by
    /// the per-check transaction and the SQLite batch writer, so both decide alike.
    /// </summary>
    internal static (CheckDecision Decision, List<(long LineId, long AmountMinor)> Requested) Decide(
        IReadOnlyList<PathLine> path, IReadOnlyDictionary<long, CreditLine> lines, IReadOnlyList<BlockRule> rules, IReadOnlyList<OpenDebit> debits,
        RateTable rates, DateOnly asOf, CustomerFacts customer, Money amount, ExposureCategories counted)
    {
        var (nodes, requested, unconvertible) = Nodes(path, lines, amount, rates, asOf, counted);
        var decision = CreditCheck.Decide(new CheckFacts(asOf, amount, customer.Status, nodes, debits, rules, rates));
        if (unconvertible.Count > 0)
        {
            // The real reason first. "No limit at any level" is not known to be true while a line could not be valued
            // (it was left out of the path), so it is not given as a reason (issue 12: held with the wrong reason).
            var others = decision.Reasons.Where(r => r.Code != HoldReason.NoLimit);
            decision = decision with { Outcome = CheckOutcome.Held, Reasons = [.. unconvertible, .. others], FittingPart = null, ReleasingPayment = null };
        }

        return (decision, requested);
    }

    internal static (List<PathNode> Nodes, List<(long LineId, long AmountMinor)> Requested, List<HoldReason> Unconvertible) Nodes(
        IReadOnlyList<PathLine> path, IReadOnlyDictionary<long, CreditLine> fresh, Money amount, RateTable rates, DateOnly asOf, ExposureCategories counted)
    {
        var nodes = new List<PathNode>();
        var requested = new List<(long, long)>();
        var unconvertible = new List<HoldReason>();
        foreach (var p in path)
        {
            var line = fresh.TryGetValue(p.Line.Id, out var f) ? f : p.Line;
            var converted = rates.Convert(amount, Currency.Of(line.Currency), asOf);
            if (!converted.IsOk)
            {
                unconvertible.Add(new HoldReason(HoldReason.NoExchangeRate, converted.Error!.Message, line.Level, p.Key, Currency: line.Currency));
                continue;
            }

            nodes.Add(PathNode.Of(line.Level, p.Key, line.Currency, line.ToLimit(), line.Exposure(counted), converted.Value.Minor));
            requested.Add((line.Id, converted.Value.Minor));
        }

        return (nodes, requested, unconvertible);
    }

    private Task<List<OpenDebit>> OpenDebits(long customerId, DateOnly asOf, CancellationToken ct) => db.OpenDebits(customerId, asOf, ct, options.Value.OverdueLeavesOutDisputed);

    /// <summary>
    /// The order reference is the check's idempotency key (a retry returns the first answer). An
    /// <c>Idempotency-Key</c> header is honoured only as that same key: one that differs from the order reference is
    /// refused (422 <c>idempotency-key-mismatch</c>), so a client never believes a key protects it when it does not.
    /// </summary>
    public static async Task<IResult> Endpoint(CreditCheckRequest request, CheckQueue queue, ICurrentActor actor, HttpContext http, CancellationToken ct)
    {
        var key = http.Request.Headers[IdempotencyFilter.Header].ToString().Trim();
        if (key.Length > 0 && !string.Equals(key, request.OrderReference?.Trim(), StringComparison.Ordinal))
        {
            return Problems.Problem(
                "idempotency-key-mismatch",
                "A credit check is idempotent on its order reference: send the order reference as the Idempotency-Key, or no key.",
                StatusCodes.Status422UnprocessableEntity,
                IdempotencyFilter.Header);
        }

        // No transaction is open on an HTTP request: the check goes straight to the writer, with no database context here.
        var result = await queue.Submit(request, actor.Name, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}
