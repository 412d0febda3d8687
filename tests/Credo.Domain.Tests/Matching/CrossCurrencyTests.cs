using Credo.Domain.Amounts;
using Credo.Domain.Credit;
using Credo.Domain.Matching;
using FsCheck;
using FsCheck.Xunit;
using AmountOf = Credo.Domain.Amounts.Money;

namespace Credo.Domain.Tests.Matching;

/// <summary>Payments in another currency (issue 15 stage 3): the conversion, the exchange difference and the decision.</summary>
public sealed class CrossCurrencyTests
{
    private static readonly DateOnly ValueOn = new(2026, 12, 1);

    [Theory]
    // paid, currency, rate, to, expected converted minor: banker's rounding at the target's scale
    [InlineData(1_000_00, "EUR", "1.085", "USD", 1_085_00)]
    [InlineData(1_000_00, "EUR", "1.0850", "USD", 1_085_00)]
    [InlineData(1_00, "EUR", "1.005", "USD", 1_00)] // 100.5 cents: half to even, down
    [InlineData(3_00, "EUR", "1.005", "USD", 3_02)] // 301.5 cents: half to even, up
    [InlineData(10_00, "EUR", "161.235", "JPY", 1_612)] // 1,612.35 JPY: JPY has no minor digits
    [InlineData(1_000, "JPY", "0.0062", "EUR", 6_20)]
    [InlineData(100_00, "USD", "0.377", "BHD", 37_700)] // BHD has three
    [InlineData(1, "BHD", "2.5", "USD", 0)] // 0.25 cents, rounds to nothing
    public void Conversion_rounds_once_to_the_target_scale_half_to_even(long paidMinor, string from, string rate, string to, long expectedMinor)
    {
        var converted = Conversion.At(new AmountOf(paidMinor, Currency.Of(from)), decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture), ValueOn, Currency.Of(to));
        Assert.Equal(new AmountOf(expectedMinor, Currency.Of(to)), converted.Converted);
    }

    [Theory]
    [InlineData(1_000_00, "1.085", 1_090_00, "1,000.00 EUR at 1.0850 = 1,085.00 USD; 5.00 USD exchange difference (a loss)", true)]
    [InlineData(1_000_00, "1.085", 1_080_00, "1,000.00 EUR at 1.0850 = 1,085.00 USD; 5.00 USD exchange difference (a gain)", true)]
    [InlineData(1_000_00, "1.085", 1_085_00, "1,000.00 EUR at 1.0850 = 1,085.00 USD", true)]
    [InlineData(1_000_00, "1.085", 1_100_00, "1,000.00 EUR at 1.0850 = 1,085.00 USD; 15.00 USD exchange difference (a loss)", false)]
    [InlineData(1_000_00, "1.08519874", 1_085_20, "1,000.00 EUR at 1.08519874 = 1,085.20 USD", true)]
    public void A_settlement_says_both_amounts_the_rate_and_the_difference(long paidMinor, string rate, long owedMinor, string words, bool withinOnePercent)
    {
        var conversion = Conversion.At(AmountOf.Eur(paidMinor), decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture), ValueOn, Currency.Usd);
        var settlement = ExchangeSettlement.Of(conversion, AmountOf.Usd(owedMinor));
        Assert.Equal(words, settlement.Words);
        Assert.Equal(withinOnePercent, settlement.Within(100));
        Assert.Equal(owedMinor, settlement.Conversion.Converted.Minor + settlement.Difference.Minor);
        Assert.Equal(-settlement.Difference.Minor, settlement.AdjustmentMinor);
    }

    /// <summary>Whatever the amounts, rate and scales: converted + difference == owed, exactly, in the invoice's currency.</summary>
    [Property(MaxTest = 500)]
    public bool Converted_plus_difference_is_what_is_owed_exactly(PositiveInt paid, PositiveInt owed, PositiveInt rateMillionths, bool toJpy)
    {
        var to = toJpy ? Currency.Jpy : Currency.Usd;
        var conversion = Conversion.At(AmountOf.Eur(paid.Get), rateMillionths.Get / 1_000_000m, ValueOn, to);
        var settlement = ExchangeSettlement.Of(conversion, new AmountOf(owed.Get, to));
        return settlement.Conversion.Converted.Minor + settlement.Difference.Minor == owed.Get
            && settlement.Difference.Currency == to
            && settlement.Within(0) == (settlement.Difference.Minor == 0);
    }

    /// <summary>Whatever the line and the rate, an answer the matcher gives keeps the invariants: one customer, the invoice's currency, never beyond an invoice's open amount.</summary>
    [Property(MaxTest = 300)]
    public bool Every_cross_currency_answer_is_safe(PositiveInt paid, PositiveInt rateTenThousandths, PositiveInt first, PositiveInt second)
    {
        var book = Book(first.Get % 10_000_000 + 1, second.Get % 10_000_000 + 1);
        var rates = new RateTable([new ExchangeRate("EUR", "USD", ValueOn, (rateTenThousandths.Get % 50_000 + 1) / 10_000m)]);
        var line = Line("INV-7000001 INV-7000002", paid.Get % 100_000_000);
        var decided = CrossCurrencyMatcher.Decide(line, book, rates, MatchSettings.Default, ExchangeMatchSettings.Default, new HashSet<string>(), null);
        return decided is null || decided.Decision.Answer is null
            || (decided.Settlement is { } s && CrossCurrencyMatcher.Safe(decided.Decision.Answer, s, book) && s.Conversion.Paid == line.Amount);
    }

    private static MatchBook Book(long firstMinor = 1_085_00, long secondMinor = 500_00) => new(
        [
            new OpenInvoice(1, 7, "INV-7000001", AmountOf.Usd(firstMinor), new(2026, 11, 1), new(2026, 12, 1)),
            new OpenInvoice(2, 7, "INV-7000002", AmountOf.Usd(secondMinor), new(2026, 11, 2), new(2026, 12, 2)),
            new OpenInvoice(3, 8, "INV-8000001", new AmountOf(150_000, Currency.Jpy), new(2026, 11, 2), new(2026, 12, 2)),
        ],
        [new PayerProfile(7, "C-7", ["Atlantic Traders GmbH"], []), new PayerProfile(8, "C-8", ["Kyoto Parts KK"], [])]);

    private static BankLineFacts Line(string remittance, long eurMinor, string? payer = null, DateOnly? on = null) =>
        new(1, AmountOf.Eur(eurMinor), on ?? ValueOn, remittance, [], null, payer, null);

    private static readonly RateTable Rates = new([new ExchangeRate("EUR", "USD", new(2026, 11, 30), 1.085m), new ExchangeRate("JPY", "EUR", new(2026, 11, 30), 0.0062m)]);

    [Theory]
    // remittance, payer, EUR paid, outcome, expected allocations, words expected in the summary
    [InlineData("INV-7000001", "Atlantic Traders GmbH", 1_000_00, MatchOutcome.Apply, "INV-7000001=108500", "1,000.00 EUR at 1.0850 = 1,085.00 USD")]
    [InlineData("INV-7000001", "Atlantic Traders GmbH", 1_004_00, MatchOutcome.Apply, "INV-7000001=108500", "4.34 USD exchange difference (a gain)")]
    [InlineData("INV-7000001", "Atlantic Traders GmbH", 900_00, MatchOutcome.Suggest, "INV-7000001=97650", "beyond the tolerance")]
    [InlineData("INV-7000001 INV-7000002", "Atlantic Traders GmbH", 1_460_83, MatchOutcome.Apply, "INV-7000001=108500 INV-7000002=50000", "1,585.00 USD")]
    [InlineData("invoice 7000001", null, 1_000_00, MatchOutcome.Suggest, "INV-7000001=108500", "below 90")]
    [InlineData("INV-8000001", "Kyoto Parts KK", 930_00, MatchOutcome.Apply, "INV-8000001=150000", "930.00 EUR at 161.2903")]
    public void A_line_paying_invoices_in_another_currency_is_decided_at_the_days_rate(string remittance, string? payer, long eurMinor, MatchOutcome outcome, string allocations, string said)
    {
        var decided = CrossCurrencyMatcher.Decide(Line(remittance, eurMinor, payer), Book(), Rates, MatchSettings.Default, ExchangeMatchSettings.Default, new HashSet<string>(), null);

        Assert.NotNull(decided);
        Assert.Equal(outcome, decided.Decision.Outcome);
        Assert.Equal(allocations, string.Join(' ', decided.Decision.Answer!.Allocations.Select(a => $"{a.InvoiceNumber}={a.Amount.Minor}")));
        Assert.Contains(said, decided.Decision.Summary + string.Join(' ', decided.Decision.Answer.Evidence.Select(e => e.Said)), StringComparison.Ordinal);
        Assert.True(CrossCurrencyMatcher.Safe(decided.Decision.Answer, decided.Settlement!, Book()));
    }

    [Theory]
    [InlineData("2026-11-29", "there is no EUR to USD exchange rate in effect on the value date 2026-11-29")]
    [InlineData("2026-12-20", "the latest EUR to USD rate is of 2026-11-30, more than 7 days before the value date 2026-12-20")]
    public void A_missing_or_stale_rate_is_said_and_the_line_waits_for_a_person(string on, string said)
    {
        var decided = CrossCurrencyMatcher.Decide(Line("INV-7000001", 1_000_00, "Atlantic Traders GmbH", DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture)), Book(), Rates, MatchSettings.Default, ExchangeMatchSettings.Default, new HashSet<string>(), null);

        Assert.NotNull(decided);
        Assert.Equal(MatchOutcome.Unmatched, decided.Decision.Outcome);
        Assert.Null(decided.Decision.Answer);
        Assert.Null(decided.Settlement);
        Assert.Contains(said, decided.Decision.Summary, StringComparison.Ordinal);
        Assert.StartsWith("Waits for a person", decided.Decision.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_named_in_another_currency_or_a_better_answer_in_the_lines_own_currency_leaves_the_line_to_the_matcher()
    {
        Assert.Null(CrossCurrencyMatcher.Decide(Line("thank you", 1_085_00, "Atlantic Traders GmbH"), Book(), Rates, MatchSettings.Default, ExchangeMatchSettings.Default, new HashSet<string>(), null));
        var own = new MatchAnswer(9, "C-9", [], AmountOf.Eur(0), 100, []);
        Assert.Null(CrossCurrencyMatcher.Decide(Line("INV-7000001", 1_000_00, "Atlantic Traders GmbH"), Book(), Rates, MatchSettings.Default, ExchangeMatchSettings.Default, new HashSet<string>(), own));
    }

    [Fact]
    public void An_answer_a_person_undid_is_not_given_again()
    {
        var line = Line("INV-7000001", 1_000_00, "Atlantic Traders GmbH");
        var first = CrossCurrencyMatcher.Decide(line, Book(), Rates, MatchSettings.Default, ExchangeMatchSettings.Default, new HashSet<string>(), null)!;
        var again = CrossCurrencyMatcher.Decide(line, Book(), Rates, MatchSettings.Default, ExchangeMatchSettings.Default, new HashSet<string> { first.Decision.Answer!.Signature }, null);
        Assert.Null(again);
    }
}
