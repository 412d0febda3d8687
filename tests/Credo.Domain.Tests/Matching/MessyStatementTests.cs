using Credo.Domain.Matching;
using Xunit.Abstractions;

namespace Credo.Domain.Tests.Matching;

/// <summary>
/// The quality goal on generated statements (fixed seeds, smaller than the bench): at least 90 % of lines applied
/// without a person and not one applied wrongly, compared with the generator's true answer. The share counts the lines
/// that are customers' payments: about 4 % of the generated lines are money that is no customer's (a tax refund, the
/// bank's interest), which must never be applied; of all lines the share is 88 to 91 % on these seeds.
/// </summary>
public sealed class MessyStatementTests(ITestOutputHelper output)
{
    private static readonly DateOnly BookedOn = new(2026, 12, 7);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(42)]
    public void At_least_90_percent_applied_and_none_wrong(int seed)
    {
        var statement = MessyStatement.Generate(seed, customers: 400, invoices: 20_000, lines: 1_000, BookedOn);
        var grade = statement.MatchAndGrade(MatchSettings.Default);
        output.WriteLine(grade.ToString());
        grade.Wrong.Take(20).ToList().ForEach(output.WriteLine);
        grade.Missed.Where(m => !m.Contains("not-a-customer", StringComparison.Ordinal)).Take(60).ToList().ForEach(output.WriteLine);
        Assert.Empty(grade.Wrong);
        Assert.True(grade.AppliedShareOfPayments >= 0.90, grade.ToString());
        Assert.True(grade.AppliedShare >= 0.85, grade.ToString());
    }

    [Fact]
    public void The_same_seed_gives_the_same_statement()
    {
        var a = MessyStatement.Generate(7, 50, 500, 100, BookedOn);
        var b = MessyStatement.Generate(7, 50, 500, 100, BookedOn);
        Assert.Equal(a.Lines.Select(l => (l.Facts.Remittance, l.Facts.Amount, l.Facts.PayerName, l.Truth.Kind)), b.Lines.Select(l => (l.Facts.Remittance, l.Facts.Amount, l.Facts.PayerName, l.Truth.Kind)));
        Assert.Equal(a.Invoices, b.Invoices);
    }
}
