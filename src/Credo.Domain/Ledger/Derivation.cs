namespace Credo.Domain.Ledger;

/// <summary>A posted ledger entry as the derivation sees it (signed minor units, as stored).</summary>
public readonly record struct PostedEntry(long Id, EntryKind Kind, long AmountMinor, long? AppliesToId);

/// <summary>A posted allocation row: positive applies, negative undoes.</summary>
public readonly record struct PostedAllocation(long CreditId, long DebitId, long AmountMinor);

/// <summary>The derived (or cached) open amount, state and dispute flag of one entry.</summary>
public readonly record struct ItemCache(long Id, long OpenMinor, ItemState State, bool Disputed);

/// <summary>An entry whose cache differs from the derivation.</summary>
public readonly record struct CacheDifference(ItemCache Cached, ItemCache Derived);

/// <summary>
/// Derives every entry's open amount and state from the append-only facts (entries and allocations). This is the
/// definition the cached columns must equal; <c>reconcile</c> checks it and every use case refreshes the items it
/// touches with it.
/// </summary>
public static class Derivation
{
    /// <summary>
    /// The history of <paramref name="item"/> given every entry applied to it or to those entries (their reversals)
    /// and the net of the allocations that settle it.
    /// </summary>
    public static ItemHistory HistoryOf(PostedEntry item, IEnumerable<PostedEntry> related, long allocatedMinor)
    {
        var byTarget = related.Where(e => e.AppliesToId is not null).DistinctBy(e => e.Id).ToLookup(e => e.AppliesToId!.Value);
        var applied = byTarget[item.Id].ToList();
        var reversed = applied.Any(a => a.Kind == EntryKind.Reversal);
        long appliedMinor = 0, writtenOffMinor = 0;
        foreach (var a in applied)
        {
            var reversalOfApplied = a.Kind == EntryKind.Reversal ? 0 : byTarget[a.Id].Where(r => r.Kind == EntryKind.Reversal).Sum(r => r.AmountMinor);
            appliedMinor = checked(appliedMinor + a.AmountMinor + reversalOfApplied);
            if (a.Kind == EntryKind.WriteOff && reversalOfApplied == 0)
            {
                writtenOffMinor = checked(writtenOffMinor - a.AmountMinor);
            }
        }

        return new ItemHistory(item.AmountMinor, appliedMinor, allocatedMinor, writtenOffMinor, reversed);
    }

    /// <summary>
    /// The cache of one entry. An item (no <see cref="PostedEntry.AppliesToId"/>) has its open amount and state from
    /// <see cref="OpenItems"/>; an applied entry (write-off, applied adjustment, reversal) is never open itself: a
    /// reversal and anything reversed is <see cref="ItemState.Reversed"/>, a live write-off
    /// <see cref="ItemState.WrittenOff"/>, a live applied adjustment <see cref="ItemState.Paid"/> (settled into its item).
    /// </summary>
    public static ItemCache CacheOf(PostedEntry entry, IEnumerable<PostedEntry> related, long allocatedMinor, bool disputed)
    {
        IReadOnlyCollection<PostedEntry> relatedList = [.. related.DistinctBy(e => e.Id)];
        if (entry.AppliesToId is null)
        {
            var h = HistoryOf(entry, relatedList, allocatedMinor);
            return new ItemCache(entry.Id, OpenItems.OpenMinor(h), OpenItems.State(h), disputed);
        }

        var isReversed = relatedList.Any(r => r.AppliesToId == entry.Id && r.Kind == EntryKind.Reversal);
        var state = entry.Kind switch
        {
            EntryKind.Reversal => ItemState.Reversed,
            EntryKind.WriteOff => isReversed ? ItemState.Reversed : ItemState.WrittenOff,
            EntryKind.Adjustment => isReversed ? ItemState.Reversed : ItemState.Paid,
            EntryKind.Invoice => isReversed ? ItemState.Reversed : ItemState.Paid,
            EntryKind.CreditNote => isReversed ? ItemState.Reversed : ItemState.Paid,
            EntryKind.Payment => isReversed ? ItemState.Reversed : ItemState.Paid,
        };
        return new ItemCache(entry.Id, 0, state, disputed);
    }

    /// <summary>Derives the cache of every entry from all entries, allocations and the ids with an open dispute.</summary>
    public static IReadOnlyList<ItemCache> Derive(IEnumerable<PostedEntry> entries, IEnumerable<PostedAllocation> allocations, IReadOnlySet<long>? disputedIds = null)
    {
        var all = entries.ToList();
        var byTarget = all.Where(e => e.AppliesToId is not null).ToLookup(e => e.AppliesToId!.Value);
        var allocated = new Dictionary<long, long>();
        foreach (var a in allocations)
        {
            allocated[a.CreditId] = checked(allocated.GetValueOrDefault(a.CreditId) + a.AmountMinor);
            allocated[a.DebitId] = checked(allocated.GetValueOrDefault(a.DebitId) + a.AmountMinor);
        }

        return
        [
            .. all.Select(e =>
            {
                // The entries that matter to e: those applied to it and, one level down, their reversals.
                var related = byTarget[e.Id].SelectMany(a => byTarget[a.Id].Prepend(a)).ToList();
                return CacheOf(e, related, allocated.GetValueOrDefault(e.Id), disputedIds?.Contains(e.Id) ?? false);
            }),
        ];
    }

    /// <summary>Entries whose cache differs from the derivation, in id order.</summary>
    public static IReadOnlyList<CacheDifference> Compare(IEnumerable<ItemCache> cached, IEnumerable<ItemCache> derived)
    {
        var byId = derived.ToDictionary(d => d.Id);
        return
        [
            .. cached.OrderBy(c => c.Id)
                .Where(c => byId.TryGetValue(c.Id, out var d) && c != d)
                .Select(c => new CacheDifference(c, byId[c.Id])),
        ];
    }
}
