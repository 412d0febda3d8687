using Credo.Domain.Analytics;
using Credo.Domain.Creditworthiness;
using Credo.Domain.Amounts;

namespace Credo.Domain.Tests.Analytics;

/// <summary>The metrics against published worked examples (sources in docs/metrics.md), and Credo's own month-end rules.</summary>
public sealed class MetricsTests
{
    private static Credo.Domain.Amounts.Money Usd(decimal major) => new((long)(major * 100), Currency.Usd);

    [Theory]
    // Oracle JD Edwards, "Current Balance Divided by Sales": (10869 × 90) / (5538 + 4566 + 7570) = 55.35.
    [InlineData(10869, 17674, 90, 55.35)]
    // Mesha, simple method: 150,000 receivables, 1,800,000 annual sales, 365 days = 30.4.
    [InlineData(150000, 1800000, 365, 30.42)]
    public void Standard_DSO_matches_published_examples(decimal receivables, decimal sales, int days, decimal expected) =>
        Assert.Equal(expected, decimal.Round(Metrics.DsoStandard(Usd(receivables), Usd(sales), days)!.Value, 2));

    [Theory]
    // Benji Pays / Mesha countback: receivables 212,000; sales newest first 100,000, 80,000, 70,000; 30-day months: 73.7.
    [InlineData(212000, new[] { 100000, 80000, 70000 }, new[] { 30, 30, 30 }, 73.71)]
    // Credo counts each month's calendar days: the same figures over November (30), October (31), September (30).
    [InlineData(212000, new[] { 100000, 80000, 70000 }, new[] { 30, 31, 30 }, 74.71)]
    // Receivables below the last month's sales: a fraction of that month only.
    [InlineData(50000, new[] { 100000, 80000 }, new[] { 30, 31 }, 15)]
    public void Countback_DSO_exhausts_the_receivables_month_by_month(decimal receivables, int[] sales, int[] days, decimal expected)
    {
        var months = sales.Zip(days, (s, d) => new MonthSales(Usd(s), d)).ToList();
        Assert.Equal(expected, decimal.Round(Metrics.DsoCountback(Usd(receivables), months)!.Value, 2));
    }

    [Fact]
    public void Countback_is_null_when_the_receivables_outlast_the_history() =>
        Assert.Null(Metrics.DsoCountback(Usd(500), [new MonthSales(Usd(100), 30), new MonthSales(Usd(100), 31)]));

    [Theory]
    // Credit Guru ATB, Jan–Mar: beginning 6,200; sales 10,890; ending total 6,340; ending current 3,590.
    // Credo's variant (the period's sales, N = 1): 10,750 / 13,500 = 79.63 % (also worked this way by WizEdu).
    [InlineData(6200, 10890, 6340, 3590, 1, 79.63)]
    // The same figures with the sales divided by N = 3 months (Credit Guru, Oracle): 3,490 / 6,240 = 55.93 %.
    [InlineData(6200, 10890, 6340, 3590, 3, 55.93)]
    // Gaviti: 100,000 beginning, 1,000,000 sales over the year, 120,000 ending, 100,000 current: 98 %.
    [InlineData(100000, 1000000, 120000, 100000, 1, 98.00)]
    public void CEI_matches_published_examples(decimal beginning, decimal sales, decimal endingTotal, decimal endingCurrent, int months, decimal expected) =>
        Assert.Equal(expected, decimal.Round(Metrics.Cei(Usd(beginning), Usd(sales), Usd(endingTotal), Usd(endingCurrent), months)!.Value, 2));

    [Theory]
    // Best-possible DSO = current × days ÷ sales (Apruve, Gaviti): the Credit Guru ATB's March, 3,590 current of 3,890 sales over 31 days.
    [InlineData(3590, 3890, 31, 28.61)]
    [InlineData(0, 3890, 31, 0)]
    public void Best_possible_DSO_counts_only_what_is_not_yet_due(decimal current, decimal sales, int days, decimal expected) =>
        Assert.Equal(expected, decimal.Round(Metrics.BestPossibleDso(Usd(current), Usd(sales), days)!.Value, 2));

    [Fact]
    public void ADD_is_DSO_less_best_possible_DSO()
    {
        var dso = Metrics.DsoStandard(Usd(6340), Usd(3890), 31);
        var best = Metrics.BestPossibleDso(Usd(3590), Usd(3890), 31);
        Assert.Equal(21.92m, decimal.Round(Metrics.AverageDaysDelinquent(dso, best)!.Value, 2));
    }

    [Theory]
    // Turnover = sales ÷ average receivables: 1,000,000 over (100,000 + 120,000) / 2 = 9.09.
    [InlineData(1000000, 100000, 120000, 9.09)]
    public void Receivables_turnover_divides_sales_by_average_receivables(decimal sales, decimal beginning, decimal ending, decimal expected) =>
        Assert.Equal(expected, decimal.Round(Metrics.ReceivablesTurnover(Usd(sales), Usd(beginning), Usd(ending))!.Value, 2));

    [Fact]
    public void Percent_current_and_zero_divisors()
    {
        Assert.Equal(56.62m, decimal.Round(Metrics.PercentCurrent(Usd(3590), Usd(6340))!.Value, 2));
        Assert.Null(Metrics.PercentCurrent(Usd(0), Usd(0)));
        Assert.Null(Metrics.DsoStandard(Usd(10), Usd(0), 30));
        Assert.Throws<InvalidOperationException>(() => Metrics.DsoStandard(Usd(10), Credo.Domain.Amounts.Money.Eur(100), 30));
    }

    [Fact]
    public void Month_end_history_takes_the_beginning_from_the_month_before()
    {
        MonthFigures[] months =
        [
            new(new DateOnly(2026, 1, 31), Usd(6200), Usd(3345), Usd(3390)),
            new(new DateOnly(2026, 2, 28), Usd(6000), Usd(3560), Usd(3610)),
            new(new DateOnly(2026, 3, 31), Usd(6340), Usd(3590), Usd(3890)),
        ];
        var history = MetricsHistory.Of(months, firstReported: 1);
        Assert.Equal(2, history.Count);
        var march = history[1];
        Assert.Equal(Usd(6000), march.Beginning);
        Assert.Equal(50.52m, decimal.Round(march.Dso!.Value, 2));
        // Countback over March (3,890, 31 days) then February (2,450 of 3,610 left, 28 days): 31 + 19.00.
        Assert.Equal(50.00m, decimal.Round(march.DsoCountback!.Value, 2));
        Assert.Equal(decimal.Round((6000m + 3890 - 6340) / (6000 + 3890 - 3590) * 100, 2), decimal.Round(march.Cei!.Value, 2));
    }

    [Fact]
    public void Month_ends_run_from_the_first_month_to_the_last() =>
        Assert.Equal(
            [new DateOnly(2025, 12, 31), new DateOnly(2026, 1, 31), new DateOnly(2026, 2, 28)],
            MetricsHistory.MonthEnds(new DateOnly(2025, 12, 15), new DateOnly(2026, 2, 1)));

    [Theory]
    [InlineData(24, "2024-12-07", true)]
    [InlineData(24, "2024-12-06", false)]
    [InlineData(12, "2025-12-06", false)]
    [InlineData(12, "2026-12-07", true)]
    [InlineData(12, "2026-12-08", false)]
    public void The_PAYDEX_like_score_counts_only_its_look_back_window_up_to_the_as_of_date(int lookBackMonths, string paidOn, bool counted)
    {
        var paid = new PaidInvoice(Credo.Domain.Amounts.Money.Usd(100_00), DateOnly.Parse(paidOn), DateOnly.Parse(paidOn));
        var score = PaymentScoring.Score([paid], new DateOnly(2026, 12, 7), lookBackMonths).Value;
        Assert.Equal(counted, score is PaymentScore.Scored);
    }

    [Fact]
    public void A_look_back_out_of_range_is_refused() =>
        Assert.Equal("lookBackMonths", PaymentScoring.Score([], new DateOnly(2026, 12, 7), 0).Error!.Field);
}
