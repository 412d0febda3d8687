using System.Text.Json;
using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Credit;

internal sealed record ReleaseRequest(string? Reason, bool? Override);

/// <summary>
/// A person releases a held order: it is checked again under the lines' locks and released when it now fits, or
/// regardless with an override (recorded with the reason). A conditional move out of held, so it happens once.
/// </summary>
internal sealed class ReleaseHold(CreditDb db, CheckCredit check)
{
    public async Task<Result<ReservationDto>> Handle(string orderReference, string? reason, bool overrideLimits, CancellationToken ct)
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

        var released = ReservationLifecycle.Target(ReservationAction.Release);
        var note = (overrideLimits && !decision.IsApproved ? "released with override: " : "released: ") + reason.Trim();
        var moved = await DecideHold.MoveFromHeld(db, reservation.Id, reservation.OrderReference, ReservationAction.Release, note, ct);
        if (moved)
        {
            if (decision.IsApproved)
            {
                // A retry of the order now answers as it stands: approved, with its reservation.
                var answer = CreditCheckAnswer.From(orderReference, customer.Number, decision, reservation.Id, released).ToJson();
                await db.Pin(reservation.Id, ct); // the held event keeps the held answer
                await db.CreditReservations.Where(r => r.Id == reservation.Id).ExecuteUpdateAsync(s => s.SetProperty(r => r.DecisionJson, answer), ct);
            }

            db.CreditReservationLines.AddRange(requested.Select(r => new CreditReservationLine { ReservationId = reservation.Id, LineId = r.LineId, AmountMinor = r.AmountMinor }));
            await db.AddReserved(requested, ct);
            db.PublishHoldDecision(released, orderReference, note);
            await db.SaveChangesAsync(ct);
        }

        await tx.CommitAsync(ct);
        return await DecideHold.Current(db, orderReference, released, ct);
    }

    public static async Task<IResult> Endpoint(string orderReference, ReleaseRequest request, ReleaseHold release, CancellationToken ct) =>
        MoveReservation.ToHttp(await release.Handle(orderReference, request.Reason, request.Override ?? false, ct));
}
