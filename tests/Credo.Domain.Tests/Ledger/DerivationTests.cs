using Credo.Domain.Ledger;

namespace Credo.Domain.Tests.Ledger;

public sealed class DerivationTests
{
    private static PostedEntry Invoice(long id, long amount) => new(id, EntryKind.Invoice, amount, null);

    private static PostedEntry Payment(long id, long amount) => new(id, EntryKind.Payment, -amount, null);

    private static ItemCache Of(IReadOnlyList<ItemCache> all, long id) => all.Single(c => c.Id == id);

    [Fact]
    public void Allocations_settle_both_sides()
    {
        var derived = Derivation.Derive([Invoice(1, 10000), Payment(2, 12000)], [new PostedAllocation(2, 1, 10000)]);
        Assert.Equal(new ItemCache(1, 0, ItemState.Paid, false), Of(derived, 1));
        Assert.Equal(new ItemCache(2, -2000, ItemState.PartiallyPaid, false), Of(derived, 2));
    }

    [Fact]
    public void An_undone_allocation_reopens_both_sides()
    {
        var derived = Derivation.Derive([Invoice(1, 10000), Payment(2, 10000)], [new PostedAllocation(2, 1, 10000), new PostedAllocation(2, 1, -10000)]);
        Assert.Equal(new ItemCache(1, 10000, ItemState.Open, false), Of(derived, 1));
        Assert.Equal(new ItemCache(2, -10000, ItemState.Open, false), Of(derived, 2));
    }

    [Fact]
    public void Write_off_closes_and_its_reversal_reopens()
    {
        PostedEntry[] entries = [Invoice(1, 10000), Payment(2, 7000), new(3, EntryKind.WriteOff, -3000, 1)];
        PostedAllocation[] allocations = [new(2, 1, 7000)];
        var written = Derivation.Derive(entries, allocations);
        Assert.Equal(new ItemCache(1, 0, ItemState.WrittenOff, false), Of(written, 1));
        Assert.Equal(new ItemCache(3, 0, ItemState.WrittenOff, false), Of(written, 3));

        var reopened = Derivation.Derive([.. entries, new(4, EntryKind.Reversal, 3000, 3)], allocations);
        Assert.Equal(new ItemCache(1, 3000, ItemState.PartiallyPaid, false), Of(reopened, 1));
        Assert.Equal(new ItemCache(3, 0, ItemState.Reversed, false), Of(reopened, 3));
        Assert.Equal(new ItemCache(4, 0, ItemState.Reversed, false), Of(reopened, 4));
    }

    [Fact]
    public void A_reversed_payment_is_closed_and_its_invoice_open_again()
    {
        PostedEntry[] entries = [Invoice(1, 5000), Payment(2, 5000), new(3, EntryKind.Reversal, 5000, 2)];
        PostedAllocation[] allocations = [new(2, 1, 5000), new(2, 1, -5000)];
        var derived = Derivation.Derive(entries, allocations);
        Assert.Equal(new ItemCache(1, 5000, ItemState.Open, false), Of(derived, 1));
        Assert.Equal(new ItemCache(2, 0, ItemState.Reversed, false), Of(derived, 2));
    }

    [Theory]
    [InlineData(1500, 11500, ItemState.Open)]
    [InlineData(-4000, 6000, ItemState.PartiallyPaid)]
    [InlineData(-10000, 0, ItemState.Paid)]
    public void Applied_adjustments_change_the_invoice(long adjustment, long open, ItemState state)
    {
        var derived = Derivation.Derive([Invoice(1, 10000), new(2, EntryKind.Adjustment, adjustment, 1)], []);
        Assert.Equal(new ItemCache(1, open, state, false), Of(derived, 1));
        Assert.Equal(new ItemCache(2, 0, ItemState.Paid, false), Of(derived, 2));
    }

    [Fact]
    public void Standalone_adjustments_and_disputes()
    {
        var derived = Derivation.Derive(
            [new(1, EntryKind.Adjustment, 2500, null), new(2, EntryKind.Adjustment, -500, null), Invoice(3, 100)],
            [],
            new HashSet<long> { 3 });
        Assert.Equal(new ItemCache(1, 2500, ItemState.Open, false), Of(derived, 1));
        Assert.Equal(new ItemCache(2, -500, ItemState.Open, false), Of(derived, 2));
        Assert.True(Of(derived, 3).Disputed);
    }

    [Fact]
    public void Compare_lists_only_the_entries_whose_cache_differs()
    {
        ItemCache[] derived = [new(1, 0, ItemState.Paid, false), new(2, -100, ItemState.Open, false)];
        ItemCache[] cached = [new(2, -100, ItemState.Open, false), new(1, 5, ItemState.PartiallyPaid, false)];
        var difference = Assert.Single(Derivation.Compare(cached, derived));
        Assert.Equal(cached[1], difference.Cached);
        Assert.Equal(derived[0], difference.Derived);
    }

    [Fact]
    public void The_derived_balance_equals_the_sum_of_entries()
    {
        PostedEntry[] entries =
        [
            Invoice(1, 10000), Invoice(2, 4000), Payment(3, 9000), new(4, EntryKind.CreditNote, -2000, null),
            new(5, EntryKind.WriteOff, -500, 2), new(6, EntryKind.Adjustment, 300, 1), new(7, EntryKind.Reversal, -300, 6),
        ];
        PostedAllocation[] allocations = [new(3, 1, 9000), new(4, 2, 2000), new(4, 2, -1000)];
        var derived = Derivation.Derive(entries, allocations);
        Assert.Equal(entries.Sum(e => e.AmountMinor), derived.Sum(d => d.OpenMinor));
    }
}
