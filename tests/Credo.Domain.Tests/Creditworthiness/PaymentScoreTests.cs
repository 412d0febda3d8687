using System.Globalization;
using Credo.Domain.Creditworthiness;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Credo.Domain.Tests.Creditworthiness;

public sealed class PaymentScoreTests
{
    private static readonly DateOnly Due = new(2026, 6, 30);

    private static PaidInvoice Paid(long amountMinor, int daysBeyondTerms, string currency = "USD") =>
        new(new Credo.Domain.Amounts.Money(amountMinor, Credo.Domain.Amounts.Currency.Of(currency)), Due, Due.AddDays(daysBeyondTerms));

    private static decimal D(string s) => decimal.Parse(s, CultureInfo.InvariantCulture);

    [Theory]
    // days beyond terms (negative = early), expected score to 4 decimals
    [InlineData("-30", "100")] // anchor
    [InlineData("-20", "90")] // anchor
    [InlineData("-10", "85")] // anchor
    [InlineData("0", "80")] // anchor: on terms
    [InlineData("23", "59")] // anchor
    [InlineData("30", "50")] // anchor
    [InlineData("45", "45")] // anchor
    [InlineData("-25", "95")] // midpoint -30..-20
    [InlineData("-15", "87.5")] // midpoint -20..-10
    [InlineData("-5", "82.5")] // midpoint -10..0
    [InlineData("15", "66.3043")] // 80 - 15*21/23
    [InlineData("11.5", "69.5")] // midpoint 0..23
    [InlineData("26.5", "54.5")] // midpoint 23..30
    [InlineData("37.5", "47.5")] // midpoint 30..45
    [InlineData("-31", "100")] // earlier than the first anchor: ceiling
    [InlineData("-365", "100")]
    [InlineData("60", "40")] // beyond 45 the 30..45 slope continues: D&B's published 60 → 40
    [InlineData("90", "30")] // D&B 90 → 30
    [InlineData("120", "20")] // D&B 120 → 20
    [InlineData("174", "2")]
    [InlineData("177", "1")] // reaches the floor
    [InlineData("178", "1")] // floor holds
    [InlineData("1000", "1")]
    public void Days_beyond_terms_map_through_the_anchors(string days, string expected) =>
        Assert.Equal(D(expected), decimal.Round(PaymentScoring.ScoreFor(D(days)), 4));

    [Fact]
    public void No_paid_history_is_missing_not_zero()
    {
        var result = PaymentScoring.Score([]);
        Assert.True(result.IsOk);
        Assert.IsType<PaymentScore.Missing>(result.Value);
    }

    [Fact]
    public void The_average_is_weighted_by_amount()
    {
        // 900.00 paid 10 days early and 100.00 paid 40 days late: (900*-10 + 100*40) / 1000 = -5 → 82.5.
        var scored = Assert.IsType<PaymentScore.Scored>(PaymentScoring.Score([Paid(900_00, -10), Paid(100_00, 40)]).Value);
        Assert.Equal(-5m, scored.WeightedDaysBeyondTerms);
        Assert.Equal(82.5m, scored.Paydex);
        Assert.Equal(83, scored.PaydexRounded);
        Assert.Equal(40m, scored.AverageDaysDelinquent); // late invoices only
        Assert.Equal(0.1m, scored.LateShare);
        Assert.Equal(2, scored.InvoiceCount);
    }

    [Theory]
    // amounts and days of three invoices, expected weighted days, expected ADD (late only)
    [InlineData(100, 0, 100, 0, 100, 0, "0", "0")]
    [InlineData(100, 10, 300, 20, 600, -5, "4.0", "17.5")] // (1000+6000-3000)/1000 = 4; ADD (1000+6000)/400
    [InlineData(1, 100, 999, 0, 0, 0, "0.1", "100")] // one small very late invoice barely moves the average
    public void Weighted_days_and_average_days_delinquent(long a1, int d1, long a2, int d2, long a3, int d3, string days, string add)
    {
        var invoices = new[] { Paid(a1, d1), Paid(a2, d2), Paid(a3, d3) }.Where(p => p.Amount.Minor > 0).ToList();
        var scored = Assert.IsType<PaymentScore.Scored>(PaymentScoring.Score(invoices).Value);
        Assert.Equal(D(days), decimal.Round(scored.WeightedDaysBeyondTerms, 4));
        Assert.Equal(D(add), decimal.Round(scored.AverageDaysDelinquent, 4));
    }

    [Fact]
    public void Mixed_currencies_are_refused_naming_the_invoice()
    {
        var result = PaymentScoring.Score([Paid(100, 0), Paid(100, 0, "EUR")]);
        Assert.False(result.IsOk);
        Assert.Equal("paid[1].amount", result.Error!.Field);
    }

    [Fact]
    public void A_non_positive_amount_is_refused()
    {
        var result = PaymentScoring.Score([Paid(0, 0)]);
        Assert.Equal("paid[0].amount", result.Error!.Field);
    }

    [Property(MaxTest = 300)]
    public Property The_score_stays_in_1_to_100_and_never_rises_as_payment_gets_later() =>
        Prop.ForAll(Gen.Choose(-400, 400).ToArbitrary(), Gen.Choose(0, 400).ToArbitrary(), (days, extra) =>
        {
            var earlier = PaymentScoring.ScoreFor(days);
            var later = PaymentScoring.ScoreFor(days + extra);
            return earlier is >= 1m and <= 100m && later <= earlier;
        });
}
