using System.Runtime.CompilerServices;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Credo.Web.Features.Credit;

/// <summary>
/// Keeps the receivables part of the exposure cache in step with the ledger. Whenever a save adds a ledger entry
/// with an open amount or changes an entry's cached <see cref="LedgerEntry.OpenMinor"/>, the difference is added to
/// every credit line on that customer's path, in the same transaction as the ledger change (the hook opens one
/// when the save has none). Each item is converted at its own posting date and the delta is
/// convert(new open) − convert(old open), so the cache telescopes to exactly what reconcile derives. A missing
/// rate fails the save rather than leaving the cache wrong. Bulk paths that bypass the change tracker
/// (ExecuteUpdate, raw SQL) are not seen: they add their changes through <see cref="ReceivableDeltas"/>
/// (imports do) or must run reconcile with repair after them. See docs/adr/0009-credit-exposure.md.
/// </summary>
internal sealed class ReceivablesHook : SaveChangesInterceptor
{
    public static readonly ReceivablesHook Instance = new();

    private readonly ConditionalWeakTable<DbContext, OwnedTransaction> _owned = new();

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is CreditDb db)
        {
            try
            {
                await Apply(db, cancellationToken);
            }
            catch
            {
                // EF does not report a failed save when the interceptor itself throws: end our transaction here.
                if (_owned.TryGetValue(db, out var tx))
                {
                    _owned.Remove(db);
                    await tx.DisposeAsync();
                }

                throw;
            }
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        SavingChangesAsync(eventData, result).AsTask().GetAwaiter().GetResult();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _owned.TryGetValue(context, out var tx))
        {
            _owned.Remove(context);
            await tx.CommitAsync(cancellationToken);
            await tx.DisposeAsync();
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result) =>
        SavedChangesAsync(eventData, result).AsTask().GetAwaiter().GetResult();

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _owned.TryGetValue(context, out var tx))
        {
            _owned.Remove(context);
            await tx.DisposeAsync();
        }
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => SaveChangesFailedAsync(eventData).GetAwaiter().GetResult();

    private async Task Apply(CreditDb db, CancellationToken ct)
    {
        var changes = new List<ReceivableChange>();
        foreach (var entry in db.ChangeTracker.Entries<LedgerEntry>())
        {
            var e = entry.Entity;
            if (entry.State == EntityState.Added && e.OpenMinor != 0)
            {
                changes.Add(new ReceivableChange(e.CustomerId, e.Currency, e.PostedOn, 0, e.OpenMinor));
            }
            else if (entry.State == EntityState.Modified && entry.Property(x => x.OpenMinor).IsModified)
            {
                var old = entry.Property(x => x.OpenMinor).OriginalValue;
                if (old != e.OpenMinor)
                {
                    changes.Add(new ReceivableChange(e.CustomerId, e.Currency, e.PostedOn, old, e.OpenMinor));
                }
            }
        }

        if (changes.Count == 0)
        {
            return;
        }

        // The transaction (and the guard) come before the paths are read, so a line being created concurrently
        // either sees this ledger change or is seen by it (see CreditPaths.GuardLineSet).
        if (await OwnedTransaction.Begin(db, ct) is { IsOwned: true } owned)
        {
            _owned.AddOrUpdate(db, owned);
        }

        if (await ReceivableDeltas.Start(db, ct) is { } deltas)
        {
            await deltas.Add(changes, ct);
            await deltas.Apply(ct);
        }
    }
}
