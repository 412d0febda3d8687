using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Money;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Credit;

/// <summary>
/// The reservation lifecycle after the check: amend, post (invoice issued), void, expire. Each transition is a
/// conditional update on the expected state inside a transaction holding the lines' locks, so it happens exactly
/// once: a repeat (or a concurrent twin) finds the state already moved and returns it without releasing twice.
/// </summary>
internal sealed class ChangeReservation(CreditDb db, Microsoft.Extensions.Options.IOptions<CreditOptions> options)
{
    private static readonly ReservationState[] Open = [ReservationState.Active, ReservationState.Shipped];

    public Task<Result<ReservationDto>> Post(string orderReference, string? invoiceDocument, CancellationToken ct) =>
        Move(orderReference, Open, ReservationState.Posted, invoiceDocument?.Trim(), null, ct);

    /// <summary>
    /// The order shipped: its shares move from the lines' order cache to their shipped cache, kept until it is
    /// invoiced; whether they count is Credit:Exposure:ShippedNotInvoiced, read when a headroom is computed.
    /// </summary>
    public Task<Result<ReservationDto>> Ship(string orderReference, CancellationToken ct) =>
        Move(orderReference, [ReservationState.Active], ReservationState.Shipped, null, null, ct);

    public Task<Result<ReservationDto>> Void(string orderReference, string? reason, CancellationToken ct) =>
        Move(orderReference, [.. Open, ReservationState.Held, ReservationState.Scheduled], ReservationState.Voided, null, reason?.Trim(), ct);

    /// <summary>Expires every active reservation whose expiry date has passed; returns how many moved.</summary>
    public async Task<int> ExpireDue(CancellationToken ct)
    {
        var today = db.Today();
        var due = await db.CreditReservations.AsNoTracking().Where(r => r.State == ReservationState.Active && r.ExpiresOn < today)
            .Select(r => r.OrderReference).ToListAsync(ct);
        var moved = 0;
        foreach (var reference in due)
        {
            var result = await Move(reference, [ReservationState.Active], ReservationState.Expired, null, "expired", ct);
            moved += result.Value?.State == ReservationState.Expired.Slug() ? 1 : 0;
        }

        return moved;
    }

    private async Task<Result<ReservationDto>> Move(
        string orderReference, ReservationState[] from, ReservationState to, string? invoiceDocument, string? reason, CancellationToken ct)
    {
        if (reason is { Length: > RecordExchangeRates.MaxReasonLength })
        {
            return new ValidationFailed("reason", $"The reason is at most {RecordExchangeRates.MaxReasonLength} characters.");
        }

        var lineIds = await LineIds(orderReference, ct);
        if (lineIds is null)
        {
            return new NotFound("Credit check", orderReference);
        }

        await using var tx = await OwnedTransaction.Begin(db, ct);
        await db.LockLines(lineIds, ct);
        var current = await db.CreditReservations.AsNoTracking().Include(r => r.Lines).SingleAsync(r => r.OrderReference == orderReference, ct);
        if (current.State == to)
        {
            return ReservationDto.From(current);
        }

        if (!from.Contains(current.State))
        {
            return new Refusal("reservation-not-open", $"Order '{orderReference}' is {current.State.Slug()}; it cannot become {to.Slug()}.", "orderReference");
        }

        var now = db.UtcNow;
        var state = current.State;
        var moved = await db.CreditReservations
            .Where(r => r.Id == current.Id && r.State == state)
            .ExecuteUpdateAsync(
                s => s.SetProperty(r => r.State, to).SetProperty(r => r.UpdatedAtUtc, now)
                    .SetProperty(r => r.InvoiceDocument, r => invoiceDocument ?? r.InvoiceDocument).SetProperty(r => r.Reason, r => reason ?? r.Reason),
                ct);
        if (moved == 1)
        {
            // The shares leave the cache of the state they were kept in, and join the new state's (if it keeps any).
            await db.AddShares(state, current.Lines.Select(l => (l.LineId, -l.AmountMinor)), ct);
            await db.AddShares(to, current.Lines.Select(l => (l.LineId, l.AmountMinor)), ct);

            db.PublishMoved(to, orderReference);

            // The move is a bulk update the audit capture cannot see: who moved it, when, from what and why (issue 12 §2).
            db.Audit.Add(new AuditEntry
            {
                AtUtc = now,
                Actor = db.Actor.Name,
                Action = to.Slug(),
                Entity = nameof(CreditReservation),
                EntityId = orderReference.Length > 64 ? orderReference[..64] : orderReference,
                BeforeJson = System.Text.Json.JsonSerializer.Serialize(new { orderReference, state = state.Slug(), reason = current.Reason }),
                AfterJson = System.Text.Json.JsonSerializer.Serialize(new { orderReference, state = to.Slug(), reason = reason ?? current.Reason, invoiceDocument = invoiceDocument ?? current.InvoiceDocument }),
            });
            await db.SaveChangesAsync(ct);
        }

        await tx.CommitAsync(ct);
        var after = await db.CreditReservations.AsNoTracking().SingleAsync(r => r.Id == current.Id, ct);
        return ReservationDto.From(after);
    }

    /// <summary>
    /// Changes an active reservation's amount. A decrease always passes; an increase is checked like a new order
    /// for the difference, under the lines' locks. A held increase leaves the reservation as it was.
    /// </summary>
    public async Task<Result<CreditCheckAnswer>> Amend(string orderReference, decimal? newAmount, CancellationToken ct)
    {
        var lineIds = await LineIds(orderReference, ct);
        if (lineIds is null)
        {
            return new NotFound("Credit check", orderReference);
        }

        await using var tx = await OwnedTransaction.Begin(db, ct);
        await db.LockLines(lineIds, ct);
        var reservation = await db.CreditReservations.Include(r => r.Lines).SingleAsync(r => r.OrderReference == orderReference, ct);
        if (reservation.State != ReservationState.Active)
        {
            return new Refusal("reservation-not-open", $"Order '{orderReference}' is {reservation.State.Slug()}; only an active reservation can be amended.", "orderReference");
        }

        var currency = Currency.Of(reservation.Currency);
        var amount = MoneyJson.Positive(newAmount, currency);
        if (!amount.IsOk)
        {
            return amount.Error!;
        }

        var customer = (await db.Customer(reservation.CustomerId, ct))!;
        var asOf = db.Today();
        var fresh = await db.Reread(lineIds, ct);
        var rates = await db.Rates(fresh.Values.Select(l => l.Currency).Append(currency.Code), ct);
        var path = (await db.LinesFor(customer, ct)).Where(p => fresh.ContainsKey(p.Line.Id)).ToList();
        var (full, requested, unconvertible) = CheckCredit.Nodes(path, fresh, amount.Value, rates, asOf, options.Value.Counted);
        if (unconvertible.Count > 0)
        {
            return new Refusal(HoldReason.NoExchangeRate, unconvertible[0].Message);
        }

        var held = reservation.Lines.ToDictionary(l => l.LineId, l => l.AmountMinor);
        var deltas = requested.Select(r => (r.LineId, Delta: r.AmountMinor - held.GetValueOrDefault(r.LineId))).ToList();
        var increase = new Money(Math.Max(0, amount.Value.Minor - reservation.AmountMinor), currency);
        var nodes = full.Select((n, i) => n with { RequestedMinor = Math.Max(0, deltas[i].Delta) }).ToList();
        var rules = await db.CreditBlockRules.AsNoTracking().Where(r => r.Enabled).Select(r => r.ToRule()).ToListAsync(ct);
        var decision = CreditCheck.Decide(new CheckFacts(asOf, increase, customer.Status, nodes, [], rules.Where(r => r.Kind != BlockRuleKind.Overdue).ToList(), rates));
        if (increase.IsPositive && !decision.IsApproved)
        {
            return CreditCheckAnswer.From(orderReference, customer.Number, decision, reservation.Id, reservation.State);
        }

        reservation.AmountMinor = amount.Value.Minor;
        reservation.UpdatedAtUtc = db.UtcNow;
        foreach (var (lineId, delta) in deltas)
        {
            var row = reservation.Lines.SingleOrDefault(l => l.LineId == lineId);
            if (row is null)
            {
                reservation.Lines.Add(new CreditReservationLine { LineId = lineId, AmountMinor = delta });
            }
            else
            {
                row.AmountMinor += delta;
            }
        }

        await db.AddReserved(deltas, ct);
        db.Publish(new OrderAmended(orderReference));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        var answer = CreditCheckAnswer.From(orderReference, customer.Number, decision with { Amount = amount.Value }, reservation.Id, reservation.State);
        return answer;
    }

    private async Task<List<long>?> LineIds(string orderReference, CancellationToken ct)
    {
        var found = await db.CreditReservations.AsNoTracking().Where(r => r.OrderReference == orderReference)
            .Select(r => new { r.Id, Lines = r.Lines.Select(l => l.LineId).ToList() }).SingleOrDefaultAsync(ct);
        return found?.Lines;
    }

    public static async Task<IResult> AmendEndpoint(string orderReference, AmendRequest request, ChangeReservation change, CancellationToken ct) =>
        ToHttp(await change.Amend(orderReference, request.Amount, ct));

    public static async Task<IResult> PostEndpoint(string orderReference, PostRequest? request, ChangeReservation change, CancellationToken ct) =>
        ToHttp(await change.Post(orderReference, request?.InvoiceDocument, ct));

    public static async Task<IResult> ShipEndpoint(string orderReference, ChangeReservation change, CancellationToken ct) =>
        ToHttp(await change.Ship(orderReference, ct));

    public static async Task<IResult> VoidEndpoint(string orderReference, VoidRequest? request, ChangeReservation change, CancellationToken ct) =>
        ToHttp(await change.Void(orderReference, request?.Reason, ct));

    public static async Task<IResult> ExpireEndpoint(ChangeReservation change, CancellationToken ct) =>
        TypedResults.Ok(new { expired = await change.ExpireDue(ct) });

    public static async Task<IResult> GetEndpoint(string orderReference, CreditDb db, CancellationToken ct) =>
        await db.CreditReservations.AsNoTracking().SingleOrDefaultAsync(r => r.OrderReference == orderReference, ct) is { } r
            ? TypedResults.Ok(CreditCheckAnswer.FromStored(r))
            : Problems.NotFound("Credit check", orderReference);

    private static IResult ToHttp<T>(Result<T> result) => result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
}

/// <summary>
/// Every <c>Credit:SweepMinutes</c> (default 5): expires reservations past their date and auto-releases held orders
/// that a payment has cleared (the same use cases as <c>POST /api/credit-checks/expiry</c> and
/// <c>POST /api/credit-holds/auto-release</c>).
/// </summary>
internal sealed class ReservationExpiry(IServiceProvider services, IConfiguration config, Microsoft.Extensions.Options.IOptions<CreditOptions> options, ILogger<ReservationExpiry> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(Math.Max(1, config.GetValue("Credit:SweepMinutes", 5))));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                using var scope = services.CreateScope();
                var expired = await scope.ServiceProvider.GetRequiredService<ChangeReservation>().ExpireDue(stoppingToken);
                var queue = scope.ServiceProvider.GetRequiredService<HoldQueue>();
                if (options.Value.HorizonDays is { } horizon)
                {
                    await queue.ActivateScheduled(horizon, stoppingToken);
                }

                var released = await queue.AutoRelease(stoppingToken);
                if (expired + released > 0)
                {
                    log.LogInformation("Expired {Expired} credit reservations; auto-released {Released} held orders", expired, released);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogError(ex, "Credit sweep failed; it will run again at the next tick");
            }
        }
    }
}
