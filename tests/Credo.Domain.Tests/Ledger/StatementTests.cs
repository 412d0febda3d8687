using Credo.Domain.Ledger;

namespace Credo.Domain.Tests.Ledger;

public sealed class StatementTests
{
    private static StatementEntry E(long id, long amount) => new(id, new DateOnly(2026, 1, (int)id), EntryKind.Invoice, "D" + id, amount);

    [Theory]
    [InlineData(0, new long[] { 100, -40, 25 }, new long[] { 100, 60, 85 })]
    [InlineData(500, new long[] { -500 }, new long[] { 0 })]
    [InlineData(-20, new long[] { 10, 10 }, new long[] { -10, 0 })]
    [InlineData(7, new long[0], new long[0])]
    public void Running_balance_starts_from_the_opening(long opening, long[] amounts, long[] balances)
    {
        var lines = Statement.Run(opening, amounts.Select((a, i) => E(i + 1, a))).ToList();
        Assert.Equal(balances, lines.Select(l => l.BalanceMinor));
    }

    [Fact]
    public void Debits_and_credits_split_by_sign()
    {
        var lines = Statement.Run(0, [E(1, 100), E(2, -30)]).ToList();
        Assert.Equal((100L, 0L), (lines[0].DebitMinor, lines[0].CreditMinor));
        Assert.Equal((0L, 30L), (lines[1].DebitMinor, lines[1].CreditMinor));
    }

    [Fact]
    public void Paging_continues_the_running_balance()
    {
        var all = Enumerable.Range(1, 9).Select(i => E(i, i * 10L)).ToList();
        var whole = Statement.Run(5, all).ToList();
        var pageOpening = 5 + all.Take(4).Sum(e => e.AmountMinor);
        var page2 = Statement.Run(pageOpening, all.Skip(4).Take(4)).ToList();
        Assert.Equal(whole.Skip(4).Take(4).Select(l => l.BalanceMinor), page2.Select(l => l.BalanceMinor));
    }
}
