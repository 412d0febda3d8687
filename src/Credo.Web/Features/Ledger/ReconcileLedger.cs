using Credo.Domain.Ledger;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Ledger;

/// <summary>
/// Proves the cache: derives every entry's open amount, state and dispute flag from the entries, allocations and
/// open disputes (<see cref="Derivation.Derive"/>) and lists the entries whose cached columns differ. With
/// <c>fix</c> it rewrites those cache columns (never a posted column) in one transaction. Everything an entry's
/// cache derives from belongs to its customer (allocations, applied credit notes, reversals and disputes all carry
/// the customer), so the ledger is read a range of customers at a time (<paramref name="customersPerChunk"/>
/// customer ids, by the customer indexes): memory is bounded by the largest chunk, not the ledger. Every entry's seal
/// is checked too (issue 12 §2): a row inserted around Credo is reported as forged, and <c>fix</c> leaves the caches
/// of its customer alone rather than absorb it.
/// </summary>
internal sealed class ReconcileLedger(CreditDb db, int customersPerChunk = ReconcileLedger.DefaultCustomersPerChunk)
{
    public const int DefaultCustomersPerChunk = 500;

    public async Task<ReconcileReport> Handle(bool fix, CancellationToken ct)
    {
        await using var tx = await OwnedTransaction.Begin(db, ct);
        var checkedCount = 0;
        var found = new List<ReconcileDifference>();
        var forged = new List<ForgedEntry>();
        var maxCustomer = await db.Customers.MaxAsync(c => (long?)c.Id, ct) ?? 0;
        for (var from = 0L; from <= maxCustomer; from += customersPerChunk)
        {
            var (count, differences, forgedHere) = await ReconcileCustomers(from, from + customersPerChunk, fix, ct);
            checkedCount += count;
            found.AddRange(differences);
            forged.AddRange(forgedHere);
        }

        await tx.CommitAsync(ct);
        var fixedAll = fix && found.Count > 0 && forged.Count == 0;
        return new ReconcileReport(checkedCount, [.. found.OrderBy(d => d.EntryId)], fixedAll, [.. forged.OrderBy(f => f.EntryId)]);
    }

    /// <summary>Customers with ids in [<paramref name="from"/>, <paramref name="to"/>): their entries checked, and the differences.</summary>
    private async Task<(int Count, List<ReconcileDifference> Differences, List<ForgedEntry> Forged)> ReconcileCustomers(long from, long to, bool fix, CancellationToken ct)
    {
        var entries = await db.Entries.AsNoTracking().Where(e => e.CustomerId >= from && e.CustomerId < to).ToListAsync(ct);
        if (entries.Count == 0)
        {
            return (0, [], []);
        }

        var forged = Forged(entries);

        var allocations = await db.Allocations.AsNoTracking().Where(a => a.CustomerId >= from && a.CustomerId < to)
            .Select(a => new PostedAllocation(a.CreditId, a.DebitId, a.AmountMinor)).ToListAsync(ct);
        var disputed = (await db.Disputes.AsNoTracking().Where(d => d.CustomerId >= from && d.CustomerId < to && d.Status == DisputeStatus.Open)
            .Select(d => d.EntryId).ToListAsync(ct)).ToHashSet();
        var derived = Derivation.Derive(entries.Select(e => new PostedEntry(e.Id, e.Kind, e.AmountMinor, e.AppliesToId)), allocations, disputed);
        var differences = Derivation.Compare(entries.Select(e => new ItemCache(e.Id, e.OpenMinor, e.State, e.Disputed)), derived);
        if (differences.Count == 0)
        {
            return (entries.Count, [], forged);
        }

        // A customer with a forged row keeps its caches as they are: fixing them would absorb the forgery.
        var untouchable = forged.Select(f => f.CustomerId).ToHashSet();
        var customerOf = entries.ToDictionary(e => e.Id, e => e.CustomerId);
        var fixable = differences.Where(d => !untouchable.Contains(customerOf[d.Cached.Id])).ToList();
        if (fix && fixable.Count > 0)
        {
            var ids = fixable.Select(d => d.Cached.Id).ToList();
            var tracked = await db.Entries.Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
            foreach (var d in fixable)
            {
                LedgerCache.Apply(tracked[d.Cached.Id], d.Derived);
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }

        var byId = entries.ToDictionary(e => e.Id);
        return (entries.Count,
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
        ], forged);
    }

    private List<ForgedEntry> Forged(List<LedgerEntry> entries) =>
    [
        .. entries.Where(e => !db.LedgerSeal.Holds(e)).Select(e => new ForgedEntry(
            e.Id,
            e.CustomerId,
            e.Kind.Slug(),
            e.Document,
            Documents.Major(e.AmountMinor, e.Currency),
            e.Currency,
            e.Seal is null or [] ? "It has no seal: it was not written by Credo." : "Its seal does not match its columns: it was written or changed outside Credo.")),
    ];

    public static async Task<IResult> Endpoint(ReconcileLedger use, CancellationToken ct) => TypedResults.Ok(await use.Handle(fix: false, ct));
}
