using Credo.Domain.Ledger;

namespace Credo.Domain.Tests.Ledger;

public sealed class BalancesTests
{
    private static readonly DateOnly AsOf = new(2026, 3, 1);

    [Fact]
    public void Summary_splits_open_overdue_unapplied_and_disputed()
    {
        OpenPosition[] positions =
        [
            new(10000, new DateOnly(2026, 1, 31), false),
            new(5000, new DateOnly(2026, 2, 28), true),
            new(2000, new DateOnly(2026, 3, 1), false),
            new(-3000, null, false),
            new(0, new DateOnly(2026, 1, 1), false),
        ];
        var s = Balances.Summarise(AsOf, positions);
        Assert.Equal(new BalanceSummary(14000, 17000, 15000, 3000, 5000, 3, 2, new DateOnly(2026, 1, 31)), s);
    }

    [Theory]
    [InlineData(new long[0], 0, 0)]
    [InlineData(new long[] { -100 }, -100, 100)]
    [InlineData(new long[] { 100, -100 }, 0, 100)]
    public void Balance_is_open_minus_unapplied(long[] opens, long balance, long unapplied)
    {
        var s = Balances.Summarise(AsOf, opens.Select(o => new OpenPosition(o, AsOf, false)));
        Assert.Equal(balance, s.BalanceMinor);
        Assert.Equal(unapplied, s.UnappliedMinor);
    }
}
