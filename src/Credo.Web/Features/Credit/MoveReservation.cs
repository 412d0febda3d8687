using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Credit;

/// <summary>
/// A reservation moves along its lifecycle after the check (ship, post, void, expire), as
/// <see cref="ReservationLifecycle"/> allows. Each move is a conditional update on the expected state inside a
/// transaction holding the lines' locks, so it happens exactly once: a repeat (or a concurrent twin) finds the state
/// already moved and returns it without releasing twice. The verbs (<see cref="ShipReservation"/>,
/// <see cref="PostReservation"/>, <see cref="VoidReservation"/>, <see cref="ExpireReservations"/>) call this.
/// </summary>
internal sealed class MoveReservation(CreditDb db)
{
    public async Task<Result<ReservationDto>> Handle(
        string orderReference, ReservationAction action, string? invoiceDocument, string? reason, CancellationToken ct)
    {
        var to = ReservationLifecycle.Target(action);
        if (reason is { Length: > RecordExchangeRates.MaxReasonLength })
        {
            return new ValidationFailed("reason", $"The reason is at most {RecordExchangeRates.MaxReasonLength} characters.");
        }

        var lineIds = await LineIds(db, orderReference, ct);
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

        if (ReservationLifecycle.Next(current.State, action) is null)
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
            AuditMove(db, now, orderReference, to,
                new { orderReference, state = state.Slug(), reason = current.Reason },
                new { orderReference, state = to.Slug(), reason = reason ?? current.Reason, invoiceDocument = invoiceDocument ?? current.InvoiceDocument });
            await db.SaveChangesAsync(ct);
        }

        await tx.CommitAsync(ct);
        var after = await db.CreditReservations.AsNoTracking().SingleAsync(r => r.Id == current.Id, ct);
        return ReservationDto.From(after);
    }

    /// <summary>
    /// The audit row of a reservation moved by a bulk update (which the save's audit capture cannot see): who, when, the
    /// state moved to, and the reservation before and after. Every move writes it: lifecycle moves and hold decisions.
    /// </summary>
    internal static void AuditMove(CreditDb db, DateTime now, string orderReference, ReservationState to, object before, object after) =>
        db.Audit.Add(new AuditEntry
        {
            AtUtc = now,
            Actor = db.Actor.Name,
            Action = to.Slug(),
            Entity = nameof(CreditReservation),
            EntityId = orderReference.Length > 64 ? orderReference[..64] : orderReference,
            BeforeJson = System.Text.Json.JsonSerializer.Serialize(before),
            AfterJson = System.Text.Json.JsonSerializer.Serialize(after),
        });

    /// <summary>The lines an order's reservation holds shares of (null: no such order), read before the locks are taken.</summary>
    internal static async Task<List<long>?> LineIds(CreditDb db, string orderReference, CancellationToken ct)
    {
        var found = await db.CreditReservations.AsNoTracking().Where(r => r.OrderReference == orderReference)
            .Select(r => new { r.Id, Lines = r.Lines.Select(l => l.LineId).ToList() }).SingleOrDefaultAsync(ct);
        return found?.Lines;
    }

    internal static IResult ToHttp<T>(Result<T> result) => result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
}
