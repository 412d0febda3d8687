using Credo.Domain.Analytics;
using Credo.Domain.Ledger;

namespace Credo.Domain.Tests.Analytics;

/// <summary>IFRS 9 provision matrix (issue 13 §7) against published worked examples, and the collection forecast (§6).</summary>
public sealed class ProvisionMatrixTests
{
    private static readonly string[] Five = ["Current", "1–30", "31–60", "61–90", "Over 90"];

    /// <summary>
    /// IFRS 9 Illustrative Examples, Example 12 (IE74–IE77), Company M (a manufacturer in one region): a provision matrix
    /// over trade receivables of CU30,000,000; the lifetime expected credit loss allowance is CU580,000. Amounts in whole
    /// currency units here. Checked against the standard's published matrix: current 0.3 % of 15,000,000, 1–30 days
    /// past due 1.6 % of 7,500,000, 31–60 3.6 % of 4,000,000, 61–90 6.6 % of 2,500,000, over 90 10.6 % of 1,000,000
    /// (the figures stored here were right; only the company's name was wrong, "F").
    /// </summary>
    [Fact]
    public void IFRS_9_example_12_provision_matrix()
    {
        long[] balances = [15_000_000, 7_500_000, 4_000_000, 2_500_000, 1_000_000];
        decimal[] rates = [0.003m, 0.016m, 0.036m, 0.066m, 0.106m];
        var lines = ProvisionMatrix.Schedule(Five, balances, rates);
        Assert.Equal([45_000L, 120_000, 144_000, 165_000, 106_000], lines.Select(l => l.ProvisionMinor));
        Assert.Equal(580_000, lines.Sum(l => l.ProvisionMinor));
    }

    /// <summary>
    /// finlearnhub.com, "IFRS 9 – Impairment – Simplified approach" (2019): of CU1,000,000 past due in four buckets at
    /// 1.5%, 3.4%, 7.1% and 10.8%: CU105,000 + 136,000 + 177,500 + 108,000 = CU526,500 (on CU14,500,000).
    /// </summary>
    [Fact]
    public void Finlearnhub_past_due_matrix()
    {
        var lines = ProvisionMatrix.Schedule(["1–30", "31–60", "61–90", "Over 90"], [7_000_000, 4_000_000, 2_500_000, 1_000_000], [0.015m, 0.034m, 0.071m, 0.108m]);
        Assert.Equal(526_500, lines.Sum(l => l.ProvisionMinor));
    }

    /// <summary>
    /// The same article's step 1: credit sales of 100,000 of which 80,000 are still unpaid after 30 days, 45,000 after
    /// 60, 15,000 after 90, and 3,000 are never paid. As month-end roll rates: 0.8, 0.5625, 1/3 and 0.2 to write-off,
    /// so the loss rates are 3%, 3.75%, 6.67% and 20%: the historical default rates the article derives from it.
    /// </summary>
    [Fact]
    public void Roll_rates_from_a_cohort_give_the_article_s_default_rates()
    {
        MonthEndAging M(int month, long[] buckets, long writtenOff) => new(new DateOnly(2026, month, 28), buckets, writtenOff);
        var months = new[]
        {
            M(1, [100_000, 0, 0, 0], 0),
            M(2, [0, 80_000, 0, 0], 0),
            M(3, [0, 0, 45_000, 0], 0),
            M(4, [0, 0, 0, 15_000], 0),
            M(5, [0, 0, 0, 0], 3_000),
        };
        var rolls = ProvisionMatrix.RollRates(months);
        Assert.Equal([0.8m, 0.5625m, 15_000m / 45_000m, 0.2m], rolls);
        var loss = ProvisionMatrix.LossRates(rolls);
        Assert.Equal([0.03m, 0.0375m, 0.066667m, 0.2m], loss);
        Assert.Equal([0.033m, 0.04125m, 0.073333m, 0.22m], ProvisionMatrix.LossRates(rolls, 0.1m)); // a 10% forward-looking uplift
        Assert.Equal(1m, ProvisionMatrix.LossRates([1m, 1m], 0.5m)[0]); // never above 100%
    }

    /// <summary>
    /// The demo's loss allowance was 0.00 everywhere because the write-offs were looked for among entries applied to
    /// nothing, and a write-off always applies to the invoice it closes. Every write-off counts in its month, less the
    /// reversals of write-offs; other reversals and other kinds do not.
    /// </summary>
    [Theory]
    [InlineData("2026-01-31", "2026-02-28", 300 + 200 - 200)] // both write-offs and the reversal of the second in February
    [InlineData("2026-02-28", "2026-03-31", 0)]                // nothing in March
    [InlineData("2025-12-31", "2026-01-31", 0)]                // the write-off posted on Feb 1 is not January's
    public void Write_offs_applied_to_invoices_count_in_their_month_less_their_reversals(string after, string through, long expected)
    {
        DatedEntry E(long id, EntryKind kind, string on, long minor, long? appliesTo) =>
            new(id, 1, kind, null, "USD", DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture), null, minor, appliesTo);
        var entries = new[]
        {
            E(1, EntryKind.Invoice, "2025-09-01", 300, null),
            E(2, EntryKind.Invoice, "2025-09-02", 200, null),
            E(3, EntryKind.WriteOff, "2026-02-01", -300, 1),
            E(4, EntryKind.WriteOff, "2026-02-10", -200, 2),
            E(5, EntryKind.Reversal, "2026-02-20", 200, 4),   // the second write-off reversed
            E(6, EntryKind.Payment, "2026-02-21", -50, null),
            E(7, EntryKind.Reversal, "2026-02-22", 50, 6),    // a bounced payment is no write-off
        };
        var got = ProvisionMatrix.WrittenOff(entries, DateOnly.Parse(after, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(through, System.Globalization.CultureInfo.InvariantCulture), e => e.Currency);
        Assert.Equal(expected, got.GetValueOrDefault("USD"));
    }

    [Fact]
    public void A_write_off_from_the_oldest_bucket_gives_every_bucket_a_loss_rate()
    {
        var months = new[]
        {
            new MonthEndAging(new DateOnly(2026, 1, 31), [1_000, 100], 0),
            new MonthEndAging(new DateOnly(2026, 2, 28), [1_000, 100], 50),
        };
        var loss = ProvisionMatrix.LossRates(ProvisionMatrix.RollRates(months));
        Assert.Equal([0.05m, 0.5m], loss); // 100/1000 × 50/100, and 50/100
        Assert.All(ProvisionMatrix.LossRates(ProvisionMatrix.RollRates([months[0], months[1] with { WrittenOffMinor = 0 }])), r => Assert.Equal(0m, r)); // no write-off: all zero
    }

    [Fact]
    public void Rolls_sum_over_the_window_and_an_empty_bucket_rolls_at_zero()
    {
        var months = new[]
        {
            new MonthEndAging(new DateOnly(2026, 1, 31), [100, 0], 0),
            new MonthEndAging(new DateOnly(2026, 2, 28), [300, 10], 0),
            new MonthEndAging(new DateOnly(2026, 3, 31), [0, 90], 5),
        };
        Assert.Equal([100m / 400m, 5m / 10m], ProvisionMatrix.RollRates(months)); // (10 + 90) / (100 + 300); write-off 5 of 10
        Assert.Equal([0m, 0m], ProvisionMatrix.RollRates([months[0], new MonthEndAging(new DateOnly(2026, 2, 28), [0, 0], 0)])); // nothing rolled; bucket 2 was empty
    }
}

public sealed class CollectionForecastTests
{
    private static readonly DateOnly AsOf = new(2026, 12, 7);

    [Fact]
    public void A_certain_receipt_lands_in_its_week_with_no_spread()
    {
        var pay = AsOf.AddDays(10); // week 2
        var (weeks, days) = CollectionForecast.Forecast(AsOf, 13, [new ExpectedReceipt("USD", "retail", 500_00, pay, pay, pay)], seed: 1);
        Assert.Equal(13, weeks.Count);
        var w2 = weeks.Single(w => w.Week == 2);
        Assert.Equal((500_00L, 500_00L, 500_00L, 500_00L), (w2.P10Minor, w2.P50Minor, w2.P90Minor, w2.MeanMinor));
        Assert.Equal(AsOf.AddDays(8), w2.From);
        Assert.All(weeks.Where(w => w.Week != 2), w => Assert.Equal(0, w.MeanMinor));
        Assert.Equal(500_00, days.Single(d => d.On == pay).MeanMinor);
    }

    [Fact]
    public void Bands_widen_with_uncertainty_are_ordered_and_the_same_for_a_seed()
    {
        var receipts = Enumerable.Range(0, 60)
            .Select(i => new ExpectedReceipt(i % 2 == 0 ? "USD" : "EUR", "x", 100_00 + i, AsOf.AddDays(3 + (i % 20)), AsOf.AddDays(14 + (i % 20)), AsOf.AddDays(40 + (i % 20))))
            .ToList();
        var a = CollectionForecast.Forecast(AsOf, 13, receipts, seed: 9);
        Assert.Equal(a.Weeks, CollectionForecast.Forecast(AsOf, 13, receipts, seed: 9).Weeks);
        Assert.All(a.Weeks, w => Assert.True(w.P10Minor <= w.P50Minor && w.P50Minor <= w.P90Minor));
        Assert.Contains(a.Weeks, w => w.P90Minor > w.P10Minor);
        Assert.Equal(["EUR", "USD"], a.Weeks.Select(w => w.Currency).Distinct());
    }

    [Theory]
    [InlineData(0.1, "2026-12-20")]  // P10
    [InlineData(0.5, "2026-12-30")]  // P50
    [InlineData(0.9, "2027-01-19")]  // P90
    [InlineData(0.7, "2027-01-09")]  // halfway between P50 and P90
    public void A_pay_day_is_drawn_from_its_quantiles(double u, string expected)
    {
        var r = new ExpectedReceipt("USD", "x", 1, new DateOnly(2026, 12, 20), new DateOnly(2026, 12, 30), new DateOnly(2027, 1, 19));
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), CollectionForecast.DrawDay(AsOf, r, u));
        Assert.Equal(AsOf.AddDays(1), CollectionForecast.DrawDay(AsOf, r with { Early = AsOf.AddDays(-30) }, 0.0)); // never before the day after the as-of date
    }

    [Theory]
    [InlineData(100, 80, 100, 120, 1.0, true)]
    [InlineData(80, 60, 100, 120, 0.8, true)]
    [InlineData(0, 0, 0, 0, 1.0, true)]
    [InlineData(200, 60, 100, 120, 0.5, false)]
    public void Forecast_accuracy(long actual, long p10, long p50, long p90, double accuracy, bool inBand)
    {
        Assert.Equal((accuracy, inBand), CollectionForecast.Accuracy(actual, p10, p50, p90));
    }
}

/// <summary>Overdue invoices spread by their predicted pay days, and the never-paid chance taken off (issue 13 §6).</summary>
public sealed class ForecastOverdueAndNeverPaidTests
{
    private static readonly DateOnly AsOf = new(2026, 12, 7);

    [Fact]
    public void An_overdue_invoice_is_spread_over_the_rest_of_its_distribution_not_all_on_the_next_day()
    {
        // Expected 10 days ago, P90 30 days from now: most of what is left lies after today, over several weeks.
        var r = new ExpectedReceipt("USD", "x", 1_000_00, AsOf.AddDays(-30), AsOf.AddDays(-10), AsOf.AddDays(30));
        var given = CollectionForecast.GivenUnpaid(AsOf, r);
        Assert.True(given.Early > AsOf && given.Early < given.Expected && given.Expected < given.Late, given.ToString());
        Assert.True(given.Expected > AsOf.AddDays(7), given.ToString()); // its median is past week 1
        var weeks = CollectionForecast.Forecast(AsOf, 13, [given], seed: 3).Weeks;
        Assert.True(weeks.Count(w => w.MeanMinor > 0) >= 3); // spread, not one week
        Assert.True(weeks[0].MeanMinor < 1_000_00 / 2);
    }

    [Theory]
    [InlineData(-60, -40, -20)] // past its whole distribution: its spread again from tomorrow
    [InlineData(-3, -3, -3)]
    public void An_invoice_past_its_whole_distribution_is_expected_over_its_own_spread_from_tomorrow(int early, int expected, int late)
    {
        var r = new ExpectedReceipt("USD", "x", 1, AsOf.AddDays(early), AsOf.AddDays(expected), AsOf.AddDays(late));
        var given = CollectionForecast.GivenUnpaid(AsOf, r);
        Assert.Equal(AsOf.AddDays(1), given.Early);
        Assert.Equal((expected - early, late - early), (given.Expected.DayNumber - given.Early.DayNumber, given.Late.DayNumber - given.Early.DayNumber));
    }

    [Fact]
    public void A_receipt_not_yet_due_is_unchanged_and_the_quantile_function_inverts_the_draw()
    {
        var r = new ExpectedReceipt("USD", "x", 1, AsOf.AddDays(5), AsOf.AddDays(20), AsOf.AddDays(40));
        Assert.Equal(r, CollectionForecast.GivenUnpaid(AsOf, r));
        foreach (var u in new[] { 0.1, 0.3, 0.5, 0.7, 0.9 })
        {
            var day = CollectionForecast.DrawDay(AsOf, r, u);
            Assert.InRange(CollectionForecast.Cdf(r, day.DayNumber + 0.5), u - 0.03, u + 0.03);
        }
    }

    [Theory]
    [InlineData(0.0, 1_000_00)]
    [InlineData(0.25, 750_00)]
    [InlineData(1.0, 0)]
    public void The_never_paid_chance_takes_its_share_off_the_expected_receipts(double neverPaid, long expectedMean)
    {
        var pay = AsOf.AddDays(3);
        var receipts = Enumerable.Range(0, 200).Select(_ => new ExpectedReceipt("USD", "x", 5_00, pay, pay, pay, neverPaid)).ToList();
        var week1 = CollectionForecast.Forecast(AsOf, 2, receipts, seed: 1, simulations: 2_000).Weeks[0];
        Assert.InRange(week1.MeanMinor, expectedMean - 2_000, expectedMean + 2_000); // within 2 % of 1,000.00 (sampling)
        Assert.True(week1.P10Minor <= week1.P50Minor && week1.P50Minor <= week1.P90Minor);
    }
}
