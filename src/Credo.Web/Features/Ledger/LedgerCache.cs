using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Ledger;

/// <summary>
/// The unit of work of every ledger use case: one database transaction (BEGIN IMMEDIATE on SQLite, so the writer
/// holds the lock before it reads), the postings added, the cache of each touched item recomputed from the
/// derivation over saved and pending facts, one save, commit. <see cref="LedgerEntry.Version"/> guards the cache: a
/// concurrent change to a touched item makes the save fail and the request a clean 409 <c>concurrent-update</c>.
/// </summary>
internal static class LedgerCache
{
    /// <summary>
    /// Runs <paramref name="work"/> in a transaction. A refusal or failure rolls everything back and forgets the
    /// tracked changes (so that an Idempotency-Key stays free). <paramref name="onUniqueViolation"/> explains a
    /// unique-index race (e.g. a document number posted concurrently) as a refusal; otherwise it is rethrown.
    /// </summary>
    public static async Task<Result<T>> InTransaction<T>(
        CreditDb db,
        Func<Task<Result<T>>> work,
        CancellationToken ct,
        Func<Task<DomainError?>>? onUniqueViolation = null)
    {
        // Cash application (issue 15): a caller that already holds a transaction (a bank line's status and the payment
        // it posts, saved together) is joined; the caller commits, or rolls back on a refusal or an exception.
        await using var tx = await OwnedTransaction.Begin(db, ct);
        if (!tx.IsOwned)
        {
            return await work();
        }
        try
        {
            var result = await work();
            if (result.IsOk)
            {
                await tx.CommitAsync(ct);
                return result;
            }

            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return result;
        }
        catch (DbUpdateConcurrencyException)
        {
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return ConcurrentUpdate;
        }
        catch (DbUpdateException ex)
        {
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            if (IsLockConflict(ex))
            {
                return ConcurrentUpdate;
            }

            if (onUniqueViolation is not null && await onUniqueViolation() is { } refusal)
            {
                return refusal;
            }

            throw;
        }
    }

    private static Refusal ConcurrentUpdate => new("concurrent-update", "Another change to the same item was saved first. Reload and retry.");

    /// <summary>A deadlock or serialization failure (PostgreSQL) or a busy database (SQLite): the other writer won.</summary>
    private static bool IsLockConflict(DbUpdateException ex) => ex.InnerException switch
    {
        Npgsql.PostgresException pg => pg.SqlState is "40P01" or "40001" or "55P03",
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode is 5 or 6,
        _ => false,
    };

    /// <summary>
    /// Recomputes the open amount, state and dispute flag of the touched items from the whole unit of work: the saved
    /// entries, allocations and disputes of <paramref name="savedIds"/> (loaded and tracked here) plus everything
    /// added or changed but not yet saved, such as <paramref name="added"/> entries and their allocations. Bumps the
    /// version of each saved entry whose cache changes, so that the one save checks it. Call just before saving.
    /// </summary>
    public static async Task Refresh(CreditDb db, IEnumerable<LedgerEntry> added, IEnumerable<long> savedIds, CancellationToken ct)
    {
        var ids = savedIds.Distinct().ToList();
        List<LedgerEntry> saved = [];
        if (ids.Count > 0)
        {
            saved = await db.Entries.Where(e => ids.Contains(e.Id)).ToListAsync(ct);
            var appliedIds = await db.Entries.Where(e => e.AppliesToId != null && ids.Contains(e.AppliesToId.Value)).Select(e => e.Id).ToListAsync(ct);
            await db.Entries.Where(e => e.AppliesToId != null && (ids.Contains(e.AppliesToId.Value) || appliedIds.Contains(e.AppliesToId.Value))).LoadAsync(ct);
            await db.Allocations.Where(a => ids.Contains(a.CreditId) || ids.Contains(a.DebitId)).LoadAsync(ct);
            await db.Disputes.Where(d => ids.Contains(d.EntryId)).LoadAsync(ct);
        }

        var entries = db.ChangeTracker.Entries<LedgerEntry>().Where(Live)
            .Select(x => new PostedEntry(x.Property(e => e.Id).CurrentValue, x.Entity.Kind, x.Entity.AmountMinor, x.Property(e => e.AppliesToId).CurrentValue))
            .ToList();
        var allocations = db.ChangeTracker.Entries<AllocationEntry>().Where(Live)
            .Select(x => new PostedAllocation(x.Property(a => a.CreditId).CurrentValue, x.Property(a => a.DebitId).CurrentValue, x.Entity.AmountMinor))
            .ToList();
        var disputed = db.ChangeTracker.Entries<Dispute>().Where(x => Live(x) && x.Entity.Status == DisputeStatus.Open)
            .Select(x => x.Property(d => d.EntryId).CurrentValue).ToHashSet();
        var byTarget = entries.Where(e => e.AppliesToId is not null).ToLookup(e => e.AppliesToId!.Value);

        foreach (var item in saved.Concat(added).Distinct())
        {
            var key = Key(db, item);
            var related = byTarget[key].SelectMany(a => byTarget[a.Id].Prepend(a));
            var allocated = allocations.Where(a => a.CreditId == key).Sum(a => a.AmountMinor)
                + allocations.Where(a => a.DebitId == key).Sum(a => a.AmountMinor);
            var derived = Derivation.CacheOf(new PostedEntry(key, item.Kind, item.AmountMinor, db.Entry(item).Property(e => e.AppliesToId).CurrentValue), related, allocated, disputed.Contains(key));
            Apply(item, derived);
        }
    }

    /// <summary>The key of a tracked entry: its id, or the temporary key EF Core gave it until it is saved.</summary>
    public static long Key(CreditDb db, LedgerEntry entry) => db.Entry(entry).Property(e => e.Id).CurrentValue;

    private static bool Live(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry x) => x.State is not (EntityState.Deleted or EntityState.Detached);

    /// <summary>Sets the cache columns; bumps the version only when something changes.</summary>
    public static bool Apply(LedgerEntry item, ItemCache derived)
    {
        if (item.OpenMinor == derived.OpenMinor && item.State == derived.State && item.Disputed == derived.Disputed)
        {
            return false;
        }

        item.OpenMinor = derived.OpenMinor;
        item.State = derived.State;
        item.Disputed = derived.Disputed;
        item.Version++;
        return true;
    }

    public static PostedEntry Posted(LedgerEntry e) => new(e.Id, e.Kind, e.AmountMinor, e.AppliesToId);

    public static ItemCache Cached(LedgerEntry e) => new(e.Id, e.OpenMinor, e.State, e.Disputed);
}
