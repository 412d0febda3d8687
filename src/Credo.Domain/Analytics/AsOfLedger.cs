using Credo.Domain.Ledger;

namespace Credo.Domain.Analytics;

/// <summary>A posted ledger entry with the dates and owner that as-of questions need (signed minor units, as stored).</summary>
public readonly record struct DatedEntry(long Id, long CustomerId, EntryKind Kind, string? Document, string Currency, DateOnly PostedOn, DateOnly? DueOn, long AmountMinor, long? AppliesToId);

/// <summary>A posted allocation row with the day it took effect: positive applies, negative undoes.</summary>
public readonly record struct DatedAllocation(long CreditId, long DebitId, long AmountMinor, DateOnly AppliedOn);

/// <summary>An item open on a date: its signed open amount then (owed &gt; 0, unapplied credit &lt; 0).</summary>
public readonly record struct OpenOnDate(DatedEntry Item, long OpenMinor, ItemState State, bool Disputed);

/// <summary>
/// What was open on a past date, derived from the append-only facts and never from today's cached open amounts: the
/// entries posted on or before the date, the allocations applied on or before it whose two sides were both posted by
/// then, and the disputes open at the end of that day. The arithmetic is the ledger's own <see cref="Derivation"/>
/// (one rule, one place), run over that slice of history; so for every customer and currency the open amounts as of a
/// date sum to the statement balance as of it (an allocation moves money between two items, it never changes the sum).
/// </summary>
public static class AsOfLedger
{
    /// <summary>The items (entries not applied to another) with a non-zero open amount at the end of <paramref name="asOf"/>.</summary>
    public static IReadOnlyList<OpenOnDate> OpenOn(DateOnly asOf, IEnumerable<DatedEntry> entries, IEnumerable<DatedAllocation> allocations, IReadOnlySet<long>? disputedOn = null)
    {
        var posted = entries.Where(e => e.PostedOn <= asOf).ToList();
        var byId = posted.ToDictionary(e => e.Id);
        var live = allocations
            .Where(a => a.AppliedOn <= asOf && byId.ContainsKey(a.CreditId) && byId.ContainsKey(a.DebitId))
            .Select(a => new PostedAllocation(a.CreditId, a.DebitId, a.AmountMinor));
        var derived = Derivation.Derive(posted.Select(e => new PostedEntry(e.Id, e.Kind, e.AmountMinor, e.AppliesToId)), live, disputedOn);
        return
        [
            .. derived.Where(d => d.OpenMinor != 0 && byId[d.Id].AppliesToId is null)
                .Select(d => new OpenOnDate(byId[d.Id], d.OpenMinor, d.State, d.Disputed)),
        ];
    }

    /// <summary>
    /// The invoices fully paid at the end of <paramref name="asOf"/> (derived state <see cref="ItemState.Paid"/>: not
    /// written off, not reversed), each with the day it was paid: the latest day an allocation to it was applied.
    /// </summary>
    public static IReadOnlyList<(DatedEntry Invoice, DateOnly PaidOn)> PaidOn(DateOnly asOf, IEnumerable<DatedEntry> entries, IEnumerable<DatedAllocation> allocations)
    {
        var posted = entries.Where(e => e.PostedOn <= asOf).ToList();
        var byId = posted.ToDictionary(e => e.Id);
        var live = allocations.Where(a => a.AppliedOn <= asOf && byId.ContainsKey(a.CreditId) && byId.ContainsKey(a.DebitId)).ToList();
        var lastApplied = live.GroupBy(a => a.DebitId).ToDictionary(g => g.Key, g => g.Max(a => a.AppliedOn));
        var derived = Derivation.Derive(
            posted.Select(e => new PostedEntry(e.Id, e.Kind, e.AmountMinor, e.AppliesToId)),
            live.Select(a => new PostedAllocation(a.CreditId, a.DebitId, a.AmountMinor)));
        return
        [
            .. derived.Where(d => d.State == ItemState.Paid && byId[d.Id] is { Kind: EntryKind.Invoice, AppliesToId: null } && lastApplied.ContainsKey(d.Id))
                .Select(d => (byId[d.Id], lastApplied[d.Id])),
        ];
    }
}
