using System.Runtime.CompilerServices;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Credo.Web.Features.Credit;

/// <summary>
/// A customer who changes group or segments takes its exposure along, in the same transaction as the change: its
/// open receivables and its counted reservations leave the lines that are no longer on its path and join the
/// lines that now are (each reservation gains a share of a new line, converted at its check date as reconcile
/// would, and loses its share of an old one). The path before the save is read while the database still holds
/// it; the path after, once the save has written it. Moving may leave a new level over its limit: that is a
/// structural decision, shown as negative headroom and refused to the next order, not undone. Bulk changes that
/// bypass the change tracker still need reconcile with repair.
/// </summary>
internal sealed class MoveCustomerExposure : SaveChangesInterceptor
{
    public static readonly MoveCustomerExposure Instance = new();

    private readonly ConditionalWeakTable<DbContext, Pending> _pending = new();

    private sealed class Pending
    {
        public OwnedTransaction? Owned { get; set; }

        public Dictionary<long, HashSet<long>> OldLines { get; } = [];
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is CreditDb db)
        {
            var moved = Moved(db);
            if (moved.Count > 0 && await db.CreditLines.AnyAsync(cancellationToken))
            {
                var pending = new Pending();
                pending.Owned = await OwnedTransaction.Begin(db, cancellationToken); // joins the save's, or owns one

                _pending.AddOrUpdate(db, pending);
                await db.GuardLineSet(creatingLine: false, cancellationToken);
                foreach (var customerId in moved)
                {
                    // Not saved yet: the database still holds the customer's group and segments as they were.
                    if (await db.Customer(customerId, cancellationToken) is { } before)
                    {
                        pending.OldLines[customerId] = [.. (await db.LinesFor(before, cancellationToken)).Select(p => p.Line.Id)];
                    }
                }
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
        if (eventData.Context is CreditDb db && _pending.TryGetValue(db, out var pending))
        {
            _pending.Remove(db);
            try
            {
                foreach (var (customerId, oldLines) in pending.OldLines)
                {
                    await Move(db, customerId, oldLines, cancellationToken);
                }

                if (pending.Owned is not null)
                {
                    await pending.Owned.CommitAsync(cancellationToken);
                }
            }
            finally
            {
                if (pending.Owned is not null)
                {
                    await pending.Owned.DisposeAsync();
                }
            }
        }

        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result) =>
        SavedChangesAsync(eventData, result).AsTask().GetAwaiter().GetResult();

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } context && _pending.TryGetValue(context, out var pending))
        {
            _pending.Remove(context);
            if (pending.Owned is not null)
            {
                await pending.Owned.DisposeAsync();
            }
        }
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => SaveChangesFailedAsync(eventData).GetAwaiter().GetResult();

    /// <summary>Existing customers whose group changed or who joined or left a segment in this save.</summary>
    private static HashSet<long> Moved(CreditDb db)
    {
        var added = db.ChangeTracker.Entries<Customer>().Where(c => c.State == EntityState.Added).Select(c => c.Entity.Id).ToHashSet();
        var moved = db.ChangeTracker.Entries<Customer>()
            .Where(c => c.State == EntityState.Modified && c.Property(x => x.GroupId).IsModified && c.Property(x => x.GroupId).OriginalValue != c.Entity.GroupId)
            .Select(c => c.Entity.Id).ToHashSet();
        moved.UnionWith(db.ChangeTracker.Entries<CustomerSegment>()
            .Where(cs => cs.State is EntityState.Added or EntityState.Deleted && !added.Contains(cs.Entity.CustomerId))
            .Select(cs => cs.Entity.CustomerId));
        return moved;
    }

    private static async Task Move(CreditDb db, long customerId, HashSet<long> oldLines, CancellationToken ct)
    {
        var facts = (await db.Customer(customerId, ct))!;
        var newPath = await db.LinesFor(facts, ct);
        var newLines = newPath.Select(p => p.Line).ToDictionary(l => l.Id);
        var left = oldLines.Where(id => !newLines.ContainsKey(id)).ToList();
        var joined = newLines.Values.Where(l => !oldLines.Contains(l.Id)).ToList();
        if (left.Count == 0 && joined.Count == 0)
        {
            return;
        }

        await db.LockLines(left.Concat(joined.Select(l => l.Id)), ct);
        var receivable = new Dictionary<long, long>();
        var reserved = new Dictionary<long, long>();
        var shipped = new Dictionary<long, long>();
        await MoveReservations(db, customerId, left, joined, reserved, shipped, ct);
        await MoveReceivables(db, customerId, left, joined, receivable, ct);
        await db.AddReceivable(receivable.Select(kv => (kv.Key, kv.Value)), ct);
        await db.AddReserved(reserved.Select(kv => (kv.Key, kv.Value)), ct);
        await db.AddShipped(shipped.Select(kv => (kv.Key, kv.Value)), ct);
    }

    /// <summary>
    /// Reservations: shares of lines left are dropped; lines joined get a share converted at the check date. The
    /// changes to each line's reserved (or shipped) cache are added to <paramref name="reserved"/> and <paramref name="shipped"/>.
    /// </summary>
    private static async Task MoveReservations(
        CreditDb db, long customerId, List<long> left, List<CreditLine> joined, Dictionary<long, long> reserved, Dictionary<long, long> shipped, CancellationToken ct)
    {
        var counted = await db.CreditReservations.AsNoTracking().Where(r => r.CustomerId == customerId && CreditPaths.Counted.Contains(r.State))
            .Select(r => new { r.Id, r.State, r.AmountMinor, r.Currency, r.CheckedOn }).ToListAsync(ct);
        if (counted.Count == 0)
        {
            return;
        }

        var ids = counted.Select(r => r.Id).ToList();
        var stateOf = counted.ToDictionary(r => r.Id, r => r.State);
        Dictionary<long, long> CacheOf(long reservationId) => stateOf[reservationId] == ReservationState.Shipped ? shipped : reserved;
        var dropped = db.CreditReservationLines.Where(l => ids.Contains(l.ReservationId) && left.Contains(l.LineId));
        foreach (var share in await dropped.AsNoTracking().ToListAsync(ct))
        {
            var cache = CacheOf(share.ReservationId);
            cache[share.LineId] = cache.GetValueOrDefault(share.LineId) - share.AmountMinor;
        }

        // Statements, not tracked entities: this runs inside the save that moved the customer.
        await dropped.ExecuteDeleteAsync(ct);
        var added = new Dictionary<long, List<(long LineId, long AmountMinor)>>();
        var rates = await db.Rates(counted.Select(r => r.Currency).Concat(joined.Select(l => l.Currency)), ct);
        foreach (var line in joined)
        {
            foreach (var r in counted)
            {
                var share = rates.Convert(new Money(r.AmountMinor, Currency.Of(r.Currency)), Currency.Of(line.Currency), r.CheckedOn);
                if (!share.IsOk)
                {
                    throw new InvalidOperationException($"Cannot move order exposure to the {line.Level} credit line in {line.Currency}: {share.Error!.Message} Set the rate first.");
                }

                (added.TryGetValue(r.Id, out var shares) ? shares : added[r.Id] = []).Add((line.Id, share.Value.Minor));
                var cache = CacheOf(r.Id);
                cache[line.Id] = cache.GetValueOrDefault(line.Id) + share.Value.Minor;
            }
        }

        foreach (var (reservationId, shares) in added)
        {
            await db.AddReservationLines(reservationId, shares, ct);
        }
    }

    /// <summary>
    /// Receivables: each open item converted at its posting date, as the receivables hook and reconcile convert it,
    /// taken off the lines left and put on the lines joined (added to <paramref name="receivable"/>).
    /// </summary>
    private static async Task MoveReceivables(CreditDb db, long customerId, List<long> left, List<CreditLine> joined, Dictionary<long, long> receivable, CancellationToken ct)
    {
        var leftLines = await db.CreditLines.AsNoTracking().Where(l => left.Contains(l.Id)).ToListAsync(ct);
        var open = await db.Entries.AsNoTracking().Where(e => e.CustomerId == customerId && e.OpenMinor != 0)
            .GroupBy(e => new { e.Currency, e.PostedOn }).Select(g => new { g.Key.Currency, g.Key.PostedOn, Items = g.Select(e => e.OpenMinor).ToList() }).ToListAsync(ct);
        if (open.Count == 0)
        {
            return;
        }

        var rates = await db.Rates(open.Select(o => o.Currency).Concat(leftLines.Concat(joined).Select(l => l.Currency)), ct);
        foreach (var (line, sign) in leftLines.Select(l => (l, -1L)).Concat(joined.Select(l => (l, 1L))))
        {
            foreach (var group in open)
            {
                foreach (var item in group.Items)
                {
                    var converted = rates.Convert(new Money(item, Currency.Of(group.Currency)), Currency.Of(line.Currency), group.PostedOn);
                    if (!converted.IsOk)
                    {
                        throw new InvalidOperationException($"Cannot move receivables to the {line.Level} credit line in {line.Currency}: {converted.Error!.Message} Set the rate first.");
                    }

                    receivable[line.Id] = receivable.GetValueOrDefault(line.Id) + (sign * converted.Value.Minor);
                }
            }
        }
    }
}
