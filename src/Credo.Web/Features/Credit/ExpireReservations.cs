using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Credit;

/// <summary>Expires every active reservation whose expiry date has passed (the sweep and <c>POST /api/credit-checks/expiry</c>).</summary>
internal sealed class ExpireReservations(CreditDb db, MoveReservation move)
{
    /// <summary>Expires every active reservation whose expiry date has passed; returns how many moved.</summary>
    public async Task<int> Handle(CancellationToken ct)
    {
        var today = db.Today();
        var expirable = ReservationLifecycle.From(ReservationAction.Expire).Single();
        var due = await db.CreditReservations.AsNoTracking().Where(r => r.State == expirable && r.ExpiresOn < today)
            .Select(r => r.OrderReference).ToListAsync(ct);
        var moved = 0;
        foreach (var reference in due)
        {
            var result = await move.Handle(reference, ReservationAction.Expire, null, "expired", ct);
            moved += result.Value?.State == ReservationState.Expired.Slug() ? 1 : 0;
        }

        return moved;
    }

    public static async Task<IResult> Endpoint(ExpireReservations expire, CancellationToken ct) =>
        TypedResults.Ok(new { expired = await expire.Handle(ct) });
}
