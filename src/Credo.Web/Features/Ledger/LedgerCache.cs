using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Ledger;

/// <summary>
/// The unit of work of every ledger use case: one database transaction (BEGIN IMMEDIATE on SQLite, so the writer
/// holds the lock before it reads), postings saved, then the cache of each touched item recomputed from the
/// derivation and saved, then commit. <see cref="LedgerEntry.Version"/> guards the cache: a concurrent change to a
/// touched item makes the save fail and the whole request a clean 409 <c>concurrent-update</c>.
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
        await using var tx = await db.Database.BeginTransactionAsync(ct);
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
    /// Recomputes the open amount, state and dispute flag of <paramref name="entryIds"/> from the saved entries,
    /// allocations and disputes (call after saving the postings, inside the transaction), and bumps the version of
    /// each entry whose cache changes. The entries stay tracked, so their version is checked when saved.
    /// </summary>
    public static async Task Refresh(CreditDb db, IEnumerable<long> entryIds, CancellationToken ct)
    {
        var ids = entryIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return;
        }

        var items = await db.Entries.Where(e => ids.Contains(e.Id)).ToListAsync(ct);
        var applied = await db.Entries.AsNoTracking()
            .Where(e => e.AppliesToId != null && ids.Contains(e.AppliesToId.Value))
            .Select(e => new PostedEntry(e.Id, e.Kind, e.AmountMinor, e.AppliesToId)).ToListAsync(ct);
        var appliedIds = applied.Select(a => a.Id).ToList();
        var secondLevel = appliedIds.Count == 0
            ? []
            : await db.Entries.AsNoTracking()
                .Where(e => e.AppliesToId != null && appliedIds.Contains(e.AppliesToId.Value))
                .Select(e => new PostedEntry(e.Id, e.Kind, e.AmountMinor, e.AppliesToId)).ToListAsync(ct);
        var related = applied.Concat(secondLevel).ToList();
        var allocations = await db.Allocations.AsNoTracking()
            .Where(a => ids.Contains(a.CreditId) || ids.Contains(a.DebitId))
            .Select(a => new PostedAllocation(a.CreditId, a.DebitId, a.AmountMinor)).ToListAsync(ct);
        var disputed = (await db.Disputes.AsNoTracking()
            .Where(d => ids.Contains(d.EntryId) && d.Status == DisputeStatus.Open)
            .Select(d => d.EntryId).ToListAsync(ct)).ToHashSet();

        foreach (var item in items)
        {
            var allocated = allocations.Where(a => a.CreditId == item.Id).Sum(a => a.AmountMinor)
                + allocations.Where(a => a.DebitId == item.Id).Sum(a => a.AmountMinor);
            var derived = Derivation.CacheOf(Posted(item), related, allocated, disputed.Contains(item.Id));
            Apply(item, derived);
        }
    }

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
