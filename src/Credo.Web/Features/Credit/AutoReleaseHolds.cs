using System.Text.Json;
using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Credit;

/// <summary>
/// After payments: every held order whose reasons a payment can clear (over a limit, overdue) is checked again,
/// oldest first, and released when it now fits (the sweep and <c>POST /api/credit-holds/auto-release</c>).
/// </summary>
internal sealed class AutoReleaseHolds(CreditDb db, ReleaseHold release)
{
    public async Task<int> Handle(CancellationToken ct)
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

            var result = await release.Handle(h.OrderReference, "auto-release after payment", overrideLimits: false, ct);
            db.ChangeTracker.Clear();
            released += result.IsOk ? 1 : 0;
        }

        return released;
    }

    public static async Task<IResult> Endpoint(AutoReleaseHolds autoRelease, ActivateScheduledOrders activate, Microsoft.Extensions.Options.IOptions<CreditOptions> options, CancellationToken ct)
    {
        var activated = options.Value.HorizonDays is { } horizon ? await activate.Handle(horizon, ct) : 0;
        return TypedResults.Ok(new { activated, released = await autoRelease.Handle(ct) });
    }
}
