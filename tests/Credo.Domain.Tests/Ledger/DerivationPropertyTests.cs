using Credo.Domain.Ledger;
using FsCheck;
using FsCheck.Xunit;

namespace Credo.Domain.Tests.Ledger;

/// <summary>
/// Random ledgers built the way the use cases build them (oldest-first payments, bounced payments undone and
/// reversed): the derivation conserves money and keeps every item within its bounds.
/// </summary>
public sealed class DerivationPropertyTests
{
    [Property(MaxTest = 300)]
    public bool Derived_open_amounts_conserve_the_ledger_and_stay_in_bounds(PositiveInt[] invoices, PositiveInt[] payments, bool[] bounced)
    {
        var jan = new DateOnly(2026, 1, 1);
        var entries = new List<PostedEntry>();
        var allocations = new List<PostedAllocation>();
        long next = 1;
        foreach (var amount in invoices)
        {
            entries.Add(new PostedEntry(next++, EntryKind.Invoice, amount.Get, null));
        }

        for (var p = 0; p < payments.Length; p++)
        {
            var paymentId = next++;
            entries.Add(new PostedEntry(paymentId, EntryKind.Payment, -payments[p].Get, null));
            var open = Derivation.Derive(entries, allocations).Where(c => c.OpenMinor > 0)
                .Select(c => new OpenDebit(c.Id, jan.AddDays((int)(c.Id % 5)), jan, c.OpenMinor));
            var applied = Allocation.OldestFirst(payments[p].Get, open);
            allocations.AddRange(applied.Select(a => new PostedAllocation(paymentId, a.ItemId, a.AmountMinor)));
            if (p < bounced.Length && bounced[p])
            {
                allocations.AddRange(applied.Select(a => new PostedAllocation(paymentId, a.ItemId, -a.AmountMinor)));
                entries.Add(new PostedEntry(next++, EntryKind.Reversal, payments[p].Get, paymentId));
            }
        }

        var derived = Derivation.Derive(entries, allocations).ToDictionary(c => c.Id);
        var conserved = derived.Values.Sum(c => c.OpenMinor) == entries.Sum(e => e.AmountMinor);
        var bounded = entries.All(e => e.Kind switch
        {
            EntryKind.Invoice => derived[e.Id].OpenMinor >= 0 && derived[e.Id].OpenMinor <= e.AmountMinor,
            EntryKind.Payment => derived[e.Id].OpenMinor <= 0 && derived[e.Id].OpenMinor >= e.AmountMinor,
            EntryKind.Reversal => derived[e.Id] is { OpenMinor: 0, State: ItemState.Reversed },
            EntryKind.CreditNote or EntryKind.Adjustment or EntryKind.WriteOff => false,
        });
        var statesAgree = entries.Where(e => e.Kind == EntryKind.Invoice).All(e =>
            (derived[e.Id].OpenMinor == 0) == (derived[e.Id].State == ItemState.Paid));
        return conserved && bounded && statesAgree;
    }
}
