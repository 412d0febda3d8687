namespace Credo.Domain.Ledger;

/// <summary>
/// What has happened to one item, summed from the append-only ledger. All amounts in minor units of the
/// item's currency, signed as in the ledger (an invoice is positive, a payment negative).
/// </summary>
/// <param name="OriginalMinor">The item's own posted amount.</param>
/// <param name="AppliedEntriesMinor">Sum of the entries applied to it: write-offs, adjustments, its reversal.</param>
/// <param name="AllocatedMinor">Sum of allocations settling it (always reduces the absolute open amount).</param>
/// <param name="WrittenOffMinor">Absolute amount written off (part of AppliedEntriesMinor).</param>
/// <param name="Reversed">Whether a reversing entry cancels it.</param>
public readonly record struct ItemHistory(long OriginalMinor, long AppliedEntriesMinor, long AllocatedMinor, long WrittenOffMinor, bool Reversed);

public static class OpenItems
{
    /// <summary>
    /// The signed open amount: for an invoice the part still owed (≥ 0), for a payment or credit note the
    /// unapplied part (≤ 0).
    /// </summary>
    public static long OpenMinor(ItemHistory h) =>
        h.OriginalMinor >= 0
            ? h.OriginalMinor + h.AppliedEntriesMinor - h.AllocatedMinor
            : h.OriginalMinor + h.AppliedEntriesMinor + h.AllocatedMinor;

    public static ItemState State(ItemHistory h)
    {
        var open = OpenMinor(h);
        if (h.Reversed)
        {
            return ItemState.Reversed;
        }

        if (open == 0)
        {
            return h.WrittenOffMinor > 0 ? ItemState.WrittenOff : ItemState.Paid;
        }

        return Math.Abs(open) < Math.Abs(h.OriginalMinor) ? ItemState.PartiallyPaid : ItemState.Open;
    }
}
