using System.Text.Json;
using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Money;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Credit;

internal sealed record ReleaseRequest(string? Reason, bool? Override);

internal sealed record DecideHoldRequest(string? Reason);

/// <summary>
/// A held order with its reasons and ways out, and its age against the service level: held since
/// <c>heldSinceUtc</c>, due for a decision by <c>slaDueUtc</c> (Credit:HoldSlaHours later), <c>pastSla</c> once that
/// time has passed, by <c>hoursPastSla</c>.
/// </summary>
internal sealed record HeldOrderDto(string OrderReference, string Customer, Amount Amount, DateOnly CheckedOn, IReadOnlyList<ReasonDto> Reasons, Amount? FittingPart, Amount? ReleasingPayment)
{
    public DateTime HeldSinceUtc { get; init; }

    public int AgeHours { get; init; }

    public DateTime SlaDueUtc { get; init; }

    public bool PastSla { get; init; }

    public int HoursPastSla { get; init; }
}

/// <summary>Filters of the hold queue: a reason code, part of the customer number, past the service level or not, held at least so many days.</summary>
internal sealed record HoldFilter(string? Reason = null, string? Customer = null, bool? PastSla = null, int? MinAgeDays = null);

/// <summary>
/// One page of the hold queue, oldest hold first. <c>next</c> is the cursor of the following page (null on the
/// last); <c>total</c> counts every hold matching the filters; <c>asOfUtc</c> is the time ages are measured at.
/// </summary>
internal sealed record HoldPage(IReadOnlyList<HeldOrderDto> Items, string? Next, int Total, int SlaHours, DateTime AsOfUtc);

/// <summary>
/// The hold queue: held orders wait here for a person (release, with an override if it still does not fit;
/// reject; convert to prepayment) or for a payment (auto-release re-checks held orders whose reasons a payment can
/// clear and releases those that now fit). Each action is a conditional move out of <c>held</c>, so it happens once.
/// </summary>
internal sealed class HoldQueue(CreditDb db, CheckCredit check, Microsoft.Extensions.Options.IOptions<CreditOptions> options)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    /// <summary>Every reason code a hold can carry (the reason filter accepts these only).</summary>
    public static readonly IReadOnlyList<string> ReasonCodes =
    [
        HoldReason.LimitExceeded, HoldReason.Overdue, HoldReason.CustomerStatus, HoldReason.LimitExpired,
        HoldReason.ReviewOverdue, HoldReason.NoLimit, HoldReason.NoExchangeRate,
    ];

    /// <summary>
    /// A page of held orders matching <paramref name="filter"/>, oldest hold first, after the cursor
    /// <paramref name="after"/>. Keyset paging on (held since, id): a hold is on exactly one page however the queue
    /// changes in between, and the query stays a seek on the held-queue index. A held order's UpdatedAtUtc is when it
    /// was held (by the check, or when a scheduled order came due): leaving the queue is its next update.
    /// </summary>
    public async Task<Result<HoldPage>> Page(HoldFilter filter, string? after, int? limit, CancellationToken ct)
    {
        var size = limit ?? DefaultPageSize;
        if (size is < 1 or > MaxPageSize)
        {
            return new ValidationFailed("limit", $"A page holds 1 to {MaxPageSize} held orders.");
        }

        (DateTime At, long Id)? cursor = null;
        if (!string.IsNullOrEmpty(after))
        {
            if (HoldCursor.Parse(after) is not { } parsed)
            {
                return new ValidationFailed("after", "The cursor is not one this queue gave; start again without it.");
            }

            cursor = parsed;
        }

        var reason = string.IsNullOrWhiteSpace(filter.Reason) ? null : filter.Reason.Trim();
        if (reason is not null && !ReasonCodes.Contains(reason))
        {
            return new ValidationFailed("reason", $"'{reason}' is not a hold reason ({string.Join(", ", ReasonCodes)}).");
        }

        if (filter.MinAgeDays is < 0)
        {
            return new ValidationFailed("minAgeDays", "A minimum age is zero days or more.");
        }

        var now = db.UtcNow;
        var sla = options.Value.HoldSla;
        var slaCutoff = now - sla;
        var held = db.CreditReservations.AsNoTracking().Where(r => r.State == ReservationState.Held);
        if (reason is not null)
        {
            // Reason codes are stored in the answer as "code":"<code>" (a fixed list of plain words, checked above).
            var needle = "\"code\":\"" + reason + "\"";
            held = held.Where(r => r.DecisionJson.Contains(needle));
        }

        if (!string.IsNullOrWhiteSpace(filter.Customer))
        {
            var part = filter.Customer.Trim().ToUpperInvariant();
            held = held.Where(r => db.Customers.Any(c => c.Id == r.CustomerId && c.Number.ToUpper().Contains(part)));
        }

        if (filter.PastSla is { } past)
        {
            held = past ? held.Where(r => r.UpdatedAtUtc <= slaCutoff) : held.Where(r => r.UpdatedAtUtc > slaCutoff);
        }

        if (filter.MinAgeDays is { } days and > 0)
        {
            var heldBefore = now.AddDays(-days);
            held = held.Where(r => r.UpdatedAtUtc <= heldBefore);
        }

        var total = await held.CountAsync(ct);
        if (cursor is { } c)
        {
            held = held.Where(r => r.UpdatedAtUtc > c.At || (r.UpdatedAtUtc == c.At && r.Id > c.Id));
        }

        var rows = await held.OrderBy(r => r.UpdatedAtUtc).ThenBy(r => r.Id).Take(size + 1)
            .Select(r => new { Reservation = r, Customer = db.Customers.Where(x => x.Id == r.CustomerId).Select(x => x.Number).Single() })
            .ToListAsync(ct);
        var page = rows.Take(size).ToList();
        var next = rows.Count > size ? HoldCursor.Format(page[^1].Reservation.UpdatedAtUtc, page[^1].Reservation.Id) : null;
        var items = page.Select(x =>
        {
            var a = CreditCheckAnswer.FromStored(x.Reservation);
            var since = DateTime.SpecifyKind(x.Reservation.UpdatedAtUtc, DateTimeKind.Utc);
            var due = since + sla;
            return new HeldOrderDto(a.OrderReference, x.Customer, a.Amount, x.Reservation.CheckedOn, a.Reasons, a.FittingPart, a.ReleasingPayment)
            {
                HeldSinceUtc = since,
                AgeHours = (int)Math.Floor((now - since).TotalHours),
                SlaDueUtc = due,
                PastSla = now >= due,
                HoursPastSla = now >= due ? (int)Math.Floor((now - due).TotalHours) : 0,
            };
        }).ToList();
        return new HoldPage(items, next, total, options.Value.HoldSlaHours, now);
    }


    /// <summary>Re-checks a held order; releases it when it now fits, or regardless with <paramref name="overrideLimits"/> (recorded).</summary>
    public async Task<Result<ReservationDto>> Release(string orderReference, string? reason, bool overrideLimits, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return new ValidationFailed("reason", "Say why the order is released.");
        }

        if (reason.Trim().Length > RecordExchangeRates.MaxReasonLength)
        {
            return new ValidationFailed("reason", $"The reason is at most {RecordExchangeRates.MaxReasonLength} characters.");
        }

        var reservation = await db.CreditReservations.AsNoTracking().SingleOrDefaultAsync(r => r.OrderReference == orderReference, ct);
        if (reservation is null)
        {
            return new NotFound("Credit check", orderReference);
        }

        var customer = (await db.Customer(reservation.CustomerId, ct))!;
        var amount = new Money(reservation.AmountMinor, Currency.Of(reservation.Currency));
        var facts = await check.Gather(customer, amount, ct);
        await using var tx = await OwnedTransaction.Begin(db, ct);
        facts = await check.LockPath(facts, customer, amount, ct);
        var (decision, requested) = await check.DecideLocked(facts, customer, amount, ct);
        if (!decision.IsApproved && !overrideLimits)
        {
            return new Refusal("still-held", $"The order still does not pass: {string.Join(", ", decision.Reasons.Select(r => r.Code).Distinct())}. Release with override to ship it anyway.", "orderReference");
        }

        if (decision.Reasons.Any(r => r.Code == HoldReason.NoExchangeRate))
        {
            return new Refusal(HoldReason.NoExchangeRate, "The order cannot be valued in every line's currency; set the exchange rate first.");
        }

        var note = (overrideLimits && !decision.IsApproved ? "released with override: " : "released: ") + reason.Trim();
        var moved = await MoveFromHeld(reservation.Id, ReservationState.Active, note, ct);
        if (moved)
        {
            if (decision.IsApproved)
            {
                // A retry of the order now answers as it stands: approved, with its reservation.
                var answer = CreditCheckAnswer.From(orderReference, customer.Number, decision, reservation.Id, ReservationState.Active).ToJson();
                await db.CreditReservations.Where(r => r.Id == reservation.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.DecisionJson, answer), ct);
            }

            db.CreditReservationLines.AddRange(requested.Select(r => new CreditReservationLine { ReservationId = reservation.Id, LineId = r.LineId, AmountMinor = r.AmountMinor }));
            await db.AddReserved(requested, ct);
            db.PublishHoldDecision(ReservationState.Active, orderReference, note);
            await db.SaveChangesAsync(ct);
        }

        await tx.CommitAsync(ct);
        return await Current(orderReference, ReservationState.Active, ct);
    }

    /// <summary>
    /// Scheduled orders whose ship date has come within the horizon are checked now, oldest first: approved ones
    /// are reserved, the others join the hold queue with their reasons.
    /// </summary>
    public async Task<int> ActivateScheduled(int horizonDays, CancellationToken ct)
    {
        var due = db.Today().AddDays(horizonDays);
        var scheduled = await db.CreditReservations.AsNoTracking()
            .Where(r => r.State == ReservationState.Scheduled && r.ShipOn != null && r.ShipOn <= due)
            .OrderBy(r => r.Id).ToListAsync(ct);
        foreach (var reservation in scheduled)
        {
            var customer = (await db.Customer(reservation.CustomerId, ct))!;
            var amount = new Money(reservation.AmountMinor, Currency.Of(reservation.Currency));
            var facts = await check.Gather(customer, amount, ct);
            await using var tx = await OwnedTransaction.Begin(db, ct);
            facts = await check.LockPath(facts, customer, amount, ct);
            var (decision, requested) = await check.DecideLocked(facts, customer, amount, ct);
            var to = decision.IsApproved ? ReservationState.Active : ReservationState.Held;
            var answer = CreditCheckAnswer.From(reservation.OrderReference, customer.Number, decision, null, to).ToJson();
            var now = db.UtcNow;
            var moved = await db.CreditReservations.Where(r => r.Id == reservation.Id && r.State == ReservationState.Scheduled)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, to).SetProperty(r => r.DecisionJson, answer).SetProperty(r => r.UpdatedAtUtc, now), ct);
            if (moved == 1)
            {
                if (decision.IsApproved)
                {
                    db.CreditReservationLines.AddRange(requested.Select(r => new CreditReservationLine { ReservationId = reservation.Id, LineId = r.LineId, AmountMinor = r.AmountMinor }));
                    await db.AddReserved(requested, ct);
                }

                db.PublishDecision(decision.IsApproved, answer);
                await db.SaveChangesAsync(ct);
            }

            await tx.CommitAsync(ct);
            db.ChangeTracker.Clear();
        }

        return scheduled.Count;
    }

    public Task<Result<ReservationDto>> Reject(string orderReference, string? reason, CancellationToken ct) =>
        Decide(orderReference, ReservationState.Rejected, reason, ct);

    public Task<Result<ReservationDto>> ConvertToPrepayment(string orderReference, string? reason, CancellationToken ct) =>
        Decide(orderReference, ReservationState.Prepayment, reason, ct);

    /// <summary>Releases, oldest first, every held order whose reasons a payment can clear and that now fits.</summary>
    public async Task<int> AutoRelease(CancellationToken ct)
    {
        var held = await db.CreditReservations.AsNoTracking().Where(r => r.State == ReservationState.Held).OrderBy(r => r.Id)
            .Select(r => new { r.OrderReference, r.DecisionJson }).ToListAsync(ct);
        var released = 0;
        foreach (var h in held)
        {
            var reasons = JsonSerializer.Deserialize<CreditCheckAnswer>(h.DecisionJson, JsonSerializerOptions.Web)?.Reasons ?? [];
            if (reasons.Count == 0 || !reasons.All(r => r.Code is HoldReason.LimitExceeded or HoldReason.Overdue))
            {
                continue;
            }

            var result = await Release(h.OrderReference, "auto-release after payment", overrideLimits: false, ct);
            db.ChangeTracker.Clear();
            released += result.IsOk ? 1 : 0;
        }

        return released;
    }

    private async Task<Result<ReservationDto>> Decide(string orderReference, ReservationState to, string? reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return new ValidationFailed("reason", "Say why.");
        }

        if (reason.Trim().Length > RecordExchangeRates.MaxReasonLength)
        {
            return new ValidationFailed("reason", $"The reason is at most {RecordExchangeRates.MaxReasonLength} characters.");
        }

        var reservation = await db.CreditReservations.AsNoTracking().SingleOrDefaultAsync(r => r.OrderReference == orderReference, ct);
        if (reservation is null)
        {
            return new NotFound("Credit check", orderReference);
        }

        await using var tx = await OwnedTransaction.Begin(db, ct);
        if (await MoveFromHeld(reservation.Id, to, reason.Trim(), ct))
        {
            db.PublishHoldDecision(to, orderReference, reason.Trim());
            await db.SaveChangesAsync(ct);
        }

        await tx.CommitAsync(ct);
        return await Current(orderReference, to, ct);
    }

    private async Task<bool> MoveFromHeld(long id, ReservationState to, string reason, CancellationToken ct)
    {
        var now = db.UtcNow;
        var moved = await db.CreditReservations.Where(r => r.Id == id && r.State == ReservationState.Held)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, to).SetProperty(r => r.Reason, reason).SetProperty(r => r.UpdatedAtUtc, now), ct) == 1;
        if (moved)
        {
            // A hold decision is a bulk update the audit capture cannot see (issue 12 §2): who decided, when, and what.
            var order = await db.CreditReservations.AsNoTracking().Where(r => r.Id == id).Select(r => r.OrderReference).SingleAsync(ct);
            db.Audit.Add(new AuditEntry
            {
                AtUtc = now,
                Actor = db.Actor.Name,
                Action = to.Slug(),
                Entity = nameof(CreditReservation),
                EntityId = order.Length > 64 ? order[..64] : order,
                BeforeJson = System.Text.Json.JsonSerializer.Serialize(new { orderReference = order, state = ReservationState.Held.Slug() }),
                AfterJson = System.Text.Json.JsonSerializer.Serialize(new { orderReference = order, state = to.Slug(), reason }),
            });
        }

        return moved;
    }

    private async Task<Result<ReservationDto>> Current(string orderReference, ReservationState expected, CancellationToken ct)
    {
        var r = await db.CreditReservations.AsNoTracking().SingleAsync(x => x.OrderReference == orderReference, ct);
        return r.State == expected
            ? ReservationDto.From(r)
            : new Refusal("reservation-not-held", $"Order '{orderReference}' is {r.State.Slug()}, not held.", "orderReference");
    }

    public static async Task<IResult> ListEndpoint(string? after, int? limit, string? reason, string? customer, bool? pastSla, HoldQueue queue, CancellationToken ct)
    {
        var page = await queue.Page(new HoldFilter(reason, customer, pastSla), after, limit, ct);
        return page.IsOk ? TypedResults.Ok(page.Value) : page.Error!.ToProblem();
    }

    public static async Task<IResult> ReleaseEndpoint(string orderReference, ReleaseRequest request, HoldQueue queue, CancellationToken ct) =>
        ToHttp(await queue.Release(orderReference, request.Reason, request.Override ?? false, ct));

    public static async Task<IResult> RejectEndpoint(string orderReference, DecideHoldRequest request, HoldQueue queue, CancellationToken ct) =>
        ToHttp(await queue.Reject(orderReference, request.Reason, ct));

    public static async Task<IResult> PrepaymentEndpoint(string orderReference, DecideHoldRequest request, HoldQueue queue, CancellationToken ct) =>
        ToHttp(await queue.ConvertToPrepayment(orderReference, request.Reason, ct));

    public static async Task<IResult> AutoReleaseEndpoint(HoldQueue queue, Microsoft.Extensions.Options.IOptions<CreditOptions> options, CancellationToken ct)
    {
        var activated = options.Value.HorizonDays is { } horizon ? await queue.ActivateScheduled(horizon, ct) : 0;
        return TypedResults.Ok(new { activated, released = await queue.AutoRelease(ct) });
    }

    private static IResult ToHttp(Result<ReservationDto> result) => result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
}

/// <summary>The hold queue's page cursor: the last hold's held-since time (ticks, UTC) and id, base64url-encoded.</summary>
internal static class HoldCursor
{
    public static string Format(DateTime heldSinceUtc, long id) =>
        Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(System.Text.Encoding.ASCII.GetBytes(
            heldSinceUtc.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture) + "." + id.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static (DateTime At, long Id)? Parse(string cursor)
    {
        try
        {
            var text = System.Text.Encoding.ASCII.GetString(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(cursor));
            var parts = text.Split('.');
            return parts.Length == 2
                && long.TryParse(parts[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ticks)
                && ticks <= DateTime.MaxValue.Ticks
                && long.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id)
                ? (new DateTime(ticks, DateTimeKind.Utc), id)
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
