using Credo.Domain.Analytics;
using Credo.Domain.Credit;
using Credo.Domain.Amounts;

namespace Credo.Domain.Tests.Analytics;

public sealed class AgingTests
{
    private static readonly DateOnly AsOf = new(2026, 12, 7);

    [Theory]
    [InlineData(-5, 0)]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(30, 1)]
    [InlineData(31, 2)]
    [InlineData(60, 2)]
    [InlineData(61, 3)]
    [InlineData(90, 3)]
    [InlineData(91, 4)]
    [InlineData(120, 4)]
    [InlineData(121, 5)]
    [InlineData(4000, 5)]
    public void Standard_buckets_place_an_age(int ageDays, int bucket) =>
        Assert.Equal(bucket, BucketSet.Standard.IndexOf(ageDays));

    [Fact]
    public void Standard_labels_are_in_words() =>
        Assert.Equal(["Current", "1–30", "31–60", "61–90", "91–120", "Over 120"], BucketSet.Standard.Labels);

    [Theory]
    [InlineData("", new[] { 0, 30 }, "name")]
    [InlineData("weekly", new int[0], "upperBounds")]
    [InlineData("weekly", new[] { -1, 7 }, "upperBounds")]
    [InlineData("weekly", new[] { 0, 7, 7 }, "upperBounds")]
    [InlineData("weekly", new[] { 0, 14, 7 }, "upperBounds")]
    [InlineData("many", new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 }, "upperBounds")]
    public void A_bad_bucket_set_is_refused_by_field(string name, int[] bounds, string field) =>
        Assert.Equal(field, BucketSet.Create(name, bounds).Error!.Field);

    [Fact]
    public void A_users_bucket_set_labels_its_ranges()
    {
        var set = BucketSet.Create(" weekly ", [0, 7, 14]).Value!;
        Assert.Equal("weekly", set.Name);
        Assert.Equal(["Current", "1–7", "8–14", "Over 14"], set.Labels);
    }

    [Theory]
    [InlineData(AgingBasis.Due, "2026-11-01", "2026-11-30", 7)]
    [InlineData(AgingBasis.Document, "2026-11-01", "2026-11-30", 36)]
    [InlineData(AgingBasis.Due, "2026-11-01", null, 36)]
    [InlineData(AgingBasis.Due, "2026-12-01", "2026-12-31", -24)]
    public void Age_counts_from_the_chosen_date(AgingBasis basis, string posted, string? due, int age) =>
        Assert.Equal(age, Aging.AgeDays(AsOf, basis, DateOnly.Parse(posted), due is null ? null : DateOnly.Parse(due)));

    [Fact]
    public void Disputed_and_unapplied_are_apart_and_the_total_is_the_balance()
    {
        AgedItem[] items =
        [
            new("C1", "USD", 100_00, AsOf.AddDays(-10), AsOf.AddDays(20), false), // current
            new("C1", "USD", 50_00, AsOf.AddDays(-50), AsOf.AddDays(-20), false), // 1–30
            new("C1", "USD", 70_00, AsOf.AddDays(-200), AsOf.AddDays(-170), false), // over 120
            new("C1", "USD", 30_00, AsOf.AddDays(-60), AsOf.AddDays(-30), true), // disputed
            new("C1", "USD", -25_00, AsOf.AddDays(-3), null, false), // unapplied cash
            new("C1", "EUR", 10_00, AsOf.AddDays(-100), AsOf.AddDays(-70), false),
        ];
        var rows = Aging.Rows(AsOf, AgingBasis.Due, BucketSet.Standard, items);
        Assert.Equal(["EUR", "USD"], rows.Select(r => r.Currency));
        var usd = rows[1];
        Assert.Equal([100_00L, 50_00, 0, 0, 0, 70_00], usd.BucketsMinor);
        Assert.Equal(-25_00, usd.UnappliedMinor);
        Assert.Equal(30_00, usd.DisputedMinor);
        Assert.Equal(225_00, usd.TotalMinor);
        Assert.Equal(120_00, usd.OverdueMinor(BucketSet.Standard));
        Assert.Equal([0L, 0, 0, 10_00, 0, 0], rows[0].BucketsMinor);
    }

    [Fact]
    public void Reporting_currency_converts_at_the_rate_in_effect_and_sums_per_subject()
    {
        var rates = new RateTable([new ExchangeRate("EUR", "USD", new DateOnly(2026, 1, 1), 1.1m), new ExchangeRate("EUR", "USD", new DateOnly(2026, 12, 1), 1.2m)]);
        AgingRow[] native =
        [
            new("C1", "EUR", [100_00, 0], -10_00, 0),
            new("C1", "USD", [5_00, 1_00], 0, 2_00),
        ];
        var converted = Reporting.Convert(native, rates, Currency.Usd, AsOf).Value!;
        var row = Assert.Single(converted);
        Assert.Equal("USD", row.Currency);
        Assert.Equal([125_00L, 1_00], row.BucketsMinor);
        Assert.Equal(-12_00, row.UnappliedMinor);
        Assert.Equal(2_00, row.DisputedMinor);
    }

    [Fact]
    public void A_missing_rate_is_said_plainly_never_1_or_0()
    {
        AgingRow[] native = [new("C1", "JPY", [100, 0], 0, 0)];
        var error = Reporting.Convert(native, RateTable.Empty, Currency.Usd, AsOf).Error!;
        Assert.Equal("no-exchange-rate", error.Code);
        Assert.Equal("No rate from JPY to USD on 2026-12-07.", error.Message);
    }
}
