using Credo.Domain.Collections;
using Credo.Web.Data;
using Credo.Web.Features.Analytics;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Collections;

/// <summary>
/// The collections side of payment behaviour's <see cref="IPromiseHistory"/> port (issue 14 §3): promises kept and broken
/// (settled after <c>from</c>, up to <c>through</c>) and open at <c>through</c>, as <see cref="SettlePromises"/> recorded them.
/// Cancelled promises count as neither.
/// </summary>
internal sealed class PromiseHistory(CreditDb db) : IPromiseHistory
{
    public async Task<PromiseRecord?> For(long customerId, DateOnly from, DateOnly through, CancellationToken ct)
    {
        var rows = await db.PaymentPromises.AsNoTracking().Where(p => p.CustomerId == customerId && p.MadeOn <= through)
            .Select(p => new { p.Status, p.SettledOn }).ToListAsync(ct);
        if (rows.Count == 0)
        {
            return null;
        }

        bool SettledIn(DateOnly? on) => on > from && on <= through;
        return new PromiseRecord(
            rows.Count(r => r.Status == PromiseStatus.Kept && SettledIn(r.SettledOn)),
            rows.Count(r => r.Status == PromiseStatus.Broken && SettledIn(r.SettledOn)),
            rows.Count(r => r.Status == PromiseStatus.Open || (r.Status is PromiseStatus.Kept or PromiseStatus.Broken && r.SettledOn > through)));
    }
}
