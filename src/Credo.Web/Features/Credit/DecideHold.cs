using System.Text.Json;
using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Credit;

internal sealed record DecideHoldRequest(string? Reason);

/// <summary>
/// A person decides a held order for good: rejected, or converted to prepayment terms (it ships once paid and
/// counts no exposure). A reason is required. A conditional move out of held, so it happens once.
/// </summary>
internal sealed class DecideHold(CreditDb db)
{
    public Task<Result<ReservationDto>> Reject(string orderReference, string? reason, CancellationToken ct) =>
        Handle(orderReference, ReservationAction.Reject, reason, ct);

    public Task<Result<ReservationDto>> ConvertToPrepayment(string orderReference, string? reason, CancellationToken ct) =>
        Handle(orderReference, ReservationAction.ConvertToPrepayment, reason, ct);

    private async Task<Result<ReservationDto>> Handle(string orderReference, ReservationAction action, string? reason, CancellationToken ct)
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

        var to = ReservationLifecycle.Target(action);
        await using var tx = await OwnedTransaction.Begin(db, ct);
        if (await MoveFromHeld(db, reservation.Id, reservation.OrderReference, action, reason.Trim(), ct))
        {
            db.PublishHoldDecision(to, orderReference, reason.Trim());
            await db.SaveChangesAsync(ct);
        }

        await tx.CommitAsync(ct);
        return await Current(db, orderReference, to, ct);
    }

    /// <summary>The conditional move out of held that every decision on a held order makes (true: this call moved it).</summary>
    internal static async Task<bool> MoveFromHeld(CreditDb db, long id, string orderReference, ReservationAction action, string reason, CancellationToken ct)
    {
        var now = db.UtcNow;
        var held = ReservationLifecycle.From(action).Single();
        var to = ReservationLifecycle.Target(action);
        var moved = await db.CreditReservations.Where(r => r.Id == id && r.State == held)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, to).SetProperty(r => r.Reason, reason).SetProperty(r => r.UpdatedAtUtc, now), ct) == 1;
        if (moved)
        {
            // A hold decision is a bulk update the audit capture cannot see (issue 12 §2): who decided, when, and what.
            MoveReservation.AuditMove(db, now, orderReference, to, new { orderReference, state = held.Slug() }, new { orderReference, state = to.Slug(), reason });
        }

        return moved;
    }

    /// <summary>The reservation as it is now, or a refusal when it is not in the state the decision led to.</summary>
    internal static async Task<Result<ReservationDto>> Current(CreditDb db, string orderReference, ReservationState expected, CancellationToken ct)
    {
        var r = await db.CreditReservations.AsNoTracking().SingleAsync(x => x.OrderReference == orderReference, ct);
        return r.State == expected
            ? ReservationDto.From(r)
            : new Refusal("reservation-not-held", $"Order '{orderReference}' is {r.State.Slug()}, not held.", "orderReference");
    }

    public static async Task<IResult> RejectEndpoint(string orderReference, DecideHoldRequest request, DecideHold decide, CancellationToken ct) =>
        MoveReservation.ToHttp(await decide.Reject(orderReference, request.Reason, ct));

    public static async Task<IResult> PrepaymentEndpoint(string orderReference, DecideHoldRequest request, DecideHold decide, CancellationToken ct) =>
        MoveReservation.ToHttp(await decide.ConvertToPrepayment(orderReference, request.Reason, ct));
}
