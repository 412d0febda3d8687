using System.Text.Json;
using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Credit;

/// <summary>The sweep's step for orders beyond the horizon whose ship date has come near.</summary>
internal sealed class ActivateScheduledOrders(CreditDb db, CheckCredit check)
{
    /// <summary>
    /// Scheduled orders whose ship date has come within the horizon are checked now, oldest first: approved ones
    /// are reserved, the others join the hold queue with their reasons.
    /// </summary>
    public async Task<int> Handle(int horizonDays, CancellationToken ct)
    {
        var due = db.Today().AddDays(horizonDays);
        var scheduledState = ReservationLifecycle.From(ReservationAction.ActivateApproved).Single();
        var scheduled = await db.CreditReservations.AsNoTracking()
            .Where(r => r.State == scheduledState && r.ShipOn != null && r.ShipOn <= due)
            .OrderBy(r => r.Id).ToListAsync(ct);
        foreach (var reservation in scheduled)
        {
            var customer = (await db.Customer(reservation.CustomerId, ct))!;
            var amount = new Money(reservation.AmountMinor, Currency.Of(reservation.Currency));
            var facts = await check.Gather(customer, amount, ct);
            await using var tx = await OwnedTransaction.Begin(db, ct);
            facts = await check.LockPath(facts, customer, amount, ct);
            var (decision, requested) = await check.DecideLocked(facts, customer, amount, ct);
            var to = ReservationLifecycle.Target(decision.IsApproved ? ReservationAction.ActivateApproved : ReservationAction.ActivateHeld);
            var answer = CreditCheckAnswer.From(reservation.OrderReference, customer.Number, decision, null, to).ToJson();
            var now = db.UtcNow;
            await db.Pin(reservation.Id, ct); // an event already written keeps the answer it announced
            var moved = await db.CreditReservations.Where(r => r.Id == reservation.Id && r.State == scheduledState)
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
}
