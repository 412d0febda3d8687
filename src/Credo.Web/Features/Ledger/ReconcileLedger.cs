using Credo.Domain.Ledger;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Ledger;

/// <summary>
/// Proves the cache: derives every entry's open amount, state and dispute flag from the entries, allocations and
/// open disputes (<see cref="Derivation.Derive"/>) and lists the entries whose cached columns differ. With
/// <c>fix</c> it rewrites those cache columns (never a posted column) in one transaction.
/// </summary>
internal sealed class ReconcileLedger(CreditDb db)
{
    public async Task<ReconcileReport> Handle(bool fix, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var entries = await db.Entries.AsNoTracking()
            .Select(e => new { e.Id, e.Kind, e.Document, e.AmountMinor, e.AppliesToId, e.Currency, e.OpenMinor, e.State, e.Disputed })
            .ToListAsync(ct);
        var allocations = await db.Allocations.AsNoTracking()
            .Select(a => new PostedAllocation(a.CreditId, a.DebitId, a.AmountMinor)).ToListAsync(ct);
        var disputed = (await db.Disputes.AsNoTracking().Where(d => d.Status == DisputeStatus.Open)
            .Select(d => d.EntryId).ToListAsync(ct)).ToHashSet();
        var derived = Derivation.Derive(entries.Select(e => new PostedEntry(e.Id, e.Kind, e.AmountMinor, e.AppliesToId)), allocations, disputed);
        var differences = Derivation.Compare(entries.Select(e => new ItemCache(e.Id, e.OpenMinor, e.State, e.Disputed)), derived);
        var byId = entries.ToDictionary(e => e.Id);
        if (fix && differences.Count > 0)
        {
            var ids = differences.Select(d => d.Cached.Id).ToList();
            var tracked = await db.Entries.Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
            foreach (var d in differences)
            {
                LedgerCache.Apply(tracked[d.Cached.Id], d.Derived);
            }

            await db.SaveChangesAsync(ct);
        }

        await tx.CommitAsync(ct);
        return new ReconcileReport(
            entries.Count,
            [
                .. differences.Select(d => new ReconcileDifference(
                    d.Cached.Id,
                    byId[d.Cached.Id].Kind.Slug(),
                    byId[d.Cached.Id].Document,
                    Documents.Major(d.Cached.OpenMinor, byId[d.Cached.Id].Currency),
                    Documents.Major(d.Derived.OpenMinor, byId[d.Cached.Id].Currency),
                    d.Cached.State,
                    d.Derived.State,
                    d.Cached.Disputed,
                    d.Derived.Disputed)),
            ],
            fix && differences.Count > 0);
    }

    public static async Task<IResult> Endpoint(ReconcileLedger use, CancellationToken ct) => TypedResults.Ok(await use.Handle(fix: false, ct));
}
