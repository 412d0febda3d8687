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

internal sealed record HeldOrderDto(string OrderReference, string Customer, Amount Amount, DateOnly CheckedOn, IReadOnlyList<ReasonDto> Reasons, Amount? FittingPart, Amount? ReleasingPayment);

/// <summary>
/// The hold queue: held orders wait here for a person (release, with an override if it still does not fit;
/// reject; convert to prepayment) or for a payment (auto-release re-checks held orders whose reasons a payment can
/// clear and releases those that now fit). Each action is a conditional move out of <c>held</c>, so it happens once.
/// </summary>
internal sealed class HoldQueue(CreditDb db, CheckCredit check)
{
    public async Task<IReadOnlyList<HeldOrderDto>> List(CancellationToken ct)
    {
        var held = await db.CreditReservations.AsNoTracking().Where(r => r.State == ReservationState.Held).OrderBy(r => r.Id).Take(500).ToListAsync(ct);
        return [.. held.Select(CreditCheckAnswer.FromStored).Select(a => new HeldOrderDto(a.OrderReference, a.Customer, a.Amount, held.First(h => h.OrderReference == a.OrderReference).CheckedOn, a.Reasons, a.FittingPart, a.ReleasingPayment))];
    }

    /// <summary>Re-checks a held order; releases it when it now fits, or regardless with <paramref name="overrideLimits"/> (recorded).</summary>
    public async Task<Result<ReservationDto>> Release(string orderReference, string? reason, bool overrideLimits, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return new ValidationFailed("reason", "Say why the order is released.");
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
            Outbox("credit.order-released", orderReference, note);
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

                db.Outbox.Add(new OutboxMessage { Topic = "credit.order-" + (decision.IsApproved ? "approved" : "held"), PayloadJson = answer, CreatedAtUtc = now });
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

        var reservation = await db.CreditReservations.AsNoTracking().SingleOrDefaultAsync(r => r.OrderReference == orderReference, ct);
        if (reservation is null)
        {
            return new NotFound("Credit check", orderReference);
        }

        await using var tx = await OwnedTransaction.Begin(db, ct);
        if (await MoveFromHeld(reservation.Id, to, reason.Trim(), ct))
        {
            Outbox("credit.order-" + to.Slug(), orderReference, reason.Trim());
            await db.SaveChangesAsync(ct);
        }

        await tx.CommitAsync(ct);
        return await Current(orderReference, to, ct);
    }

    private async Task<bool> MoveFromHeld(long id, ReservationState to, string reason, CancellationToken ct)
    {
        var now = db.UtcNow;
        return await db.CreditReservations.Where(r => r.Id == id && r.State == ReservationState.Held)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, to).SetProperty(r => r.Reason, reason).SetProperty(r => r.UpdatedAtUtc, now), ct) == 1;
    }

    private async Task<Result<ReservationDto>> Current(string orderReference, ReservationState expected, CancellationToken ct)
    {
        var r = await db.CreditReservations.AsNoTracking().SingleAsync(x => x.OrderReference == orderReference, ct);
        return r.State == expected
            ? ReservationDto.From(r)
            : new Refusal("reservation-not-held", $"Order '{orderReference}' is {r.State.Slug()}, not held.", "orderReference");
    }

    private void Outbox(string topic, string orderReference, string reason) =>
        db.Outbox.Add(new OutboxMessage { Topic = topic, PayloadJson = JsonSerializer.Serialize(new { orderReference, reason, by = db.Actor.Name }), CreatedAtUtc = db.UtcNow });

    public static async Task<IResult> ListEndpoint(HoldQueue queue, CancellationToken ct) => TypedResults.Ok(await queue.List(ct));

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
