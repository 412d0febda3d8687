using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Credit;

/// <summary>
/// The exposure a line should show, derived from scratch: the open ledger items of every customer below the node
/// (each converted at its own posting date, as the receivables hook converts it) and the line's share of approved
/// and of shipped, not yet invoiced reservations: every category, whether or not it counts. Used to initialise a new line and by reconcile.
/// </summary>
internal static class ExposureDerivation
{
    public static async Task<List<long>?> CustomersBelow(this CreditDb db, CreditLine line, CancellationToken ct)
    {
        switch (line.Level)
        {
            case LimitLevel.Customer:
                return [line.SubjectId];
            case LimitLevel.Segment:
                return await db.CustomerSegments.AsNoTracking().Where(cs => cs.SegmentId == line.SubjectId).Select(cs => cs.CustomerId).ToListAsync(ct);
            case LimitLevel.Group:
                var groups = await db.Groups.AsNoTracking().Select(g => new { g.Id, g.ParentId }).ToListAsync(ct);
                var ids = new List<long> { line.SubjectId };
                var seen = new HashSet<long> { line.SubjectId };
                for (var i = 0; i < ids.Count; i++)
                {
                    ids.AddRange(groups.Where(g => g.ParentId == ids[i] && seen.Add(g.Id)).Select(g => g.Id));
                }

                return await db.Customers.AsNoTracking().Where(c => c.GroupId != null && ids.Contains(c.GroupId.Value)).Select(c => c.Id).ToListAsync(ct);
            case LimitLevel.Portfolio:
                return null; // everyone
        }

        return [];
    }

    /// <summary>Open receivables below the node in the line's currency; an error when a rate is missing.</summary>
    public static async Task<Result<long>> Receivables(this CreditDb db, CreditLine line, List<long>? customers, CancellationToken ct)
    {
        var items = db.Entries.AsNoTracking().Where(e => e.OpenMinor != 0);
        if (customers is not null)
        {
            items = items.Where(e => customers.Contains(e.CustomerId));
        }

        var same = await items.Where(e => e.Currency == line.Currency).SumAsync(e => (long?)e.OpenMinor, ct) ?? 0;
        var foreign = await items.Where(e => e.Currency != line.Currency).Select(e => new { e.Currency, e.PostedOn, e.OpenMinor }).ToListAsync(ct);
        if (foreign.Count == 0)
        {
            return same;
        }

        var rates = await db.Rates(foreign.Select(f => f.Currency).Append(line.Currency), ct);
        var target = Currency.Of(line.Currency);
        var total = same;
        foreach (var item in foreign)
        {
            var converted = rates.Convert(new Money(item.OpenMinor, Currency.Of(item.Currency)), target, item.PostedOn);
            if (!converted.IsOk)
            {
                return converted.Error!;
            }

            total = checked(total + converted.Value.Minor);
        }

        return total;
    }

    /// <summary>The line's share of reservations in <paramref name="state"/> (active: approved orders; shipped: shipped, not invoiced), as recorded on them.</summary>
    public static async Task<long> Shares(this CreditDb db, long lineId, ReservationState state, CancellationToken ct) =>
        await db.CreditReservationLines.AsNoTracking()
            .Where(l => l.LineId == lineId && db.CreditReservations.Any(r => r.Id == l.ReservationId && r.State == state))
            .SumAsync(l => (long?)l.AmountMinor, ct) ?? 0;
}
