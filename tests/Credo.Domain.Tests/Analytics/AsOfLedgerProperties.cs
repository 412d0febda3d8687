using Credo.Domain.Analytics;
using Credo.Domain.Ledger;
using FsCheck;
using FsCheck.Xunit;

namespace Credo.Domain.Tests.Analytics;

/// <summary>
/// Random dated ledgers (invoices, payments settling them on later days, bounced payments, write-offs): as of every
/// date, the open amounts sum to the statement balance (entries posted by then), and an item is open on a date exactly
/// when the ledger replayed up to that date leaves it open.
/// </summary>
public sealed class AsOfLedgerProperties
{
    private static readonly DateOnly Start = new(2026, 1, 1);

    [Property(MaxTest = 200)]
    public bool Open_amounts_as_of_any_date_sum_to_the_statement_balance(PositiveInt[] invoices, PositiveInt[] payments, byte[] days, bool[] bounced)
    {
        var (entries, allocations) = Build(invoices, payments, days, bounced);
        for (var d = -1; d < 40; d += 3)
        {
            var asOf = Start.AddDays(d);
            var open = AsOfLedger.OpenOn(asOf, entries, allocations);
            var balance = entries.Where(e => e.PostedOn <= asOf).Sum(e => e.AmountMinor);
            if (open.Sum(o => o.OpenMinor) != balance)
            {
                return false;
            }

            // Replaying only the facts dated by then (the ledger as it stood) gives the same items.
            var replay = Derivation.Derive(
                entries.Where(e => e.PostedOn <= asOf).Select(e => new PostedEntry(e.Id, e.Kind, e.AmountMinor, e.AppliesToId)),
                allocations.Where(a => a.AppliedOn <= asOf).Select(a => new PostedAllocation(a.CreditId, a.DebitId, a.AmountMinor)));
            var expected = replay.Where(c => c.OpenMinor != 0 && entries.Single(e => e.Id == c.Id).AppliesToId is null).Select(c => (c.Id, c.OpenMinor)).ToHashSet();
            if (!expected.SetEquals(open.Select(o => (o.Item.Id, o.OpenMinor))))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Builds in date order as the use cases do: each payment settles the open invoices oldest first on its day.</summary>
    private static (List<DatedEntry> Entries, List<DatedAllocation> Allocations) Build(PositiveInt[] invoices, PositiveInt[] payments, byte[] days, bool[] bounced)
    {
        var entries = new List<DatedEntry>();
        var allocations = new List<DatedAllocation>();
        long next = 1;
        var day = 0;
        int Step(int i) => days.Length == 0 ? 1 : days[i % days.Length] % 4;
        for (var i = 0; i < Math.Max(invoices.Length, payments.Length); i++)
        {
            day += Step(i);
            var on = Start.AddDays(day);
            if (i < invoices.Length)
            {
                entries.Add(new DatedEntry(next++, 1, EntryKind.Invoice, null, "USD", on, on.AddDays(10), invoices[i].Get, null));
            }

            if (i < payments.Length)
            {
                Pay(entries, allocations, ref next, payments[i].Get, on.AddDays(Step(i + 1)), i < bounced.Length && bounced[i]);
            }
        }

        return (entries, allocations);
    }

    private static void Pay(List<DatedEntry> entries, List<DatedAllocation> allocations, ref long next, long amount, DateOnly on, bool bounce)
    {
        var paymentId = next++;
        entries.Add(new DatedEntry(paymentId, 1, EntryKind.Payment, null, "USD", on, null, -amount, null));
        var open = AsOfLedger.OpenOn(on, entries, allocations).Where(o => o.OpenMinor > 0)
            .Select(o => new OpenDebit(o.Item.Id, o.Item.DueOn!.Value, o.Item.PostedOn, o.OpenMinor));
        var applied = Allocation.OldestFirst(amount, open);
        allocations.AddRange(applied.Select(a => new DatedAllocation(paymentId, a.ItemId, a.AmountMinor, on)));
        if (bounce)
        {
            var back = on.AddDays(2);
            allocations.AddRange(applied.Select(a => new DatedAllocation(paymentId, a.ItemId, -a.AmountMinor, back)));
            entries.Add(new DatedEntry(next++, 1, EntryKind.Reversal, null, "USD", back, null, amount, paymentId));
        }
    }
}
