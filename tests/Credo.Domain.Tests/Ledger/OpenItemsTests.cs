using Credo.Domain.Ledger;

namespace Credo.Domain.Tests.Ledger;

public sealed class OpenItemsTests
{
    [Theory]
    // original, applied entries, allocated, written off, reversed → open, state
    [InlineData(10000, 0, 0, 0, false, 10000, ItemState.Open)]
    [InlineData(10000, 0, 4000, 0, false, 6000, ItemState.PartiallyPaid)]
    [InlineData(10000, 0, 10000, 0, false, 0, ItemState.Paid)]
    [InlineData(10000, -3000, 7000, 3000, false, 0, ItemState.WrittenOff)]
    [InlineData(10000, -2000, 3000, 2000, false, 5000, ItemState.PartiallyPaid)]
    [InlineData(10000, 1500, 0, 0, false, 11500, ItemState.Open)]
    [InlineData(10000, -10000, 0, 0, true, 0, ItemState.Reversed)]
    [InlineData(-5000, 0, 0, 0, false, -5000, ItemState.Open)]
    [InlineData(-5000, 0, 2000, 0, false, -3000, ItemState.PartiallyPaid)]
    [InlineData(-5000, 0, 5000, 0, false, 0, ItemState.Paid)]
    [InlineData(-5000, 5000, 0, 0, true, 0, ItemState.Reversed)]
    public void Open_amount_and_state_follow_from_the_history(long original, long applied, long allocated, long writtenOff, bool reversed, long open, ItemState state)
    {
        var h = new ItemHistory(original, applied, allocated, writtenOff, reversed);
        Assert.Equal(open, OpenItems.OpenMinor(h));
        Assert.Equal(state, OpenItems.State(h));
    }
}
