using Credo.Domain.Amounts;
using Credo.Domain.Matching;

namespace Credo.Domain.Tests.Matching;

/// <summary>Which small differences a payment leaves open are written off: a table over fit, currency and size.</summary>
public sealed class WriteOffPolicyTests
{
    private static readonly WriteOffPolicy Policy = new(new Dictionary<string, long> { ["USD"] = 5_00, ["EUR"] = 2_00, ["JPY"] = 0 });

    private static LeftOpen Left(string invoice, long minor, string currency = "USD") => new(invoice, new Money(minor, Currency.Of(currency)));

    [Theory]
    [InlineData(FitKind.WithinTolerance, "USD", 3_50, 1)] // bank charges within the limit: written off
    [InlineData(FitKind.WithinTolerance, "USD", 5_00, 1)] // exactly the limit
    [InlineData(FitKind.WithinTolerance, "USD", 5_01, 0)] // over the limit: stays open
    [InlineData(FitKind.WithinTolerance, "EUR", 2_50, 0)] // each currency its own limit
    [InlineData(FitKind.WithinTolerance, "EUR", 1_99, 1)]
    [InlineData(FitKind.WithinTolerance, "GBP", 1, 0)] // a currency the policy does not list: never
    [InlineData(FitKind.WithinTolerance, "JPY", 1, 0)] // a limit of zero: never
    [InlineData(FitKind.Partial, "USD", 1_00, 0)] // a partial payment is not a small difference
    [InlineData(FitKind.Discount, "USD", 1_00, 0)] // a discount within terms is the customer's right
    [InlineData(FitKind.Over, "USD", 1_00, 0)]
    [InlineData(FitKind.Exact, "USD", 0, 0)]
    [InlineData(null, "USD", 1_00, 0)] // an answer not from the amount fit (a portal request) is left alone
    public void Writes_off_only_a_short_payment_within_the_currencys_limit(FitKind? fit, string currency, long leftMinor, int writtenOff)
    {
        var decided = Policy.Decide(fit, [Left("INV-1", leftMinor, currency)]);

        Assert.Equal(writtenOff, decided.Count);
    }

    [Fact]
    public void Several_invoices_count_together_against_the_limit_and_only_those_with_something_open_are_written_off()
    {
        Assert.Equal(["INV-2", "INV-3"], Policy.Decide(FitKind.WithinTolerance, [Left("INV-1", 0), Left("INV-2", 2_00), Left("INV-3", 3_00)]).Select(l => l.InvoiceNumber));
        Assert.Empty(Policy.Decide(FitKind.WithinTolerance, [Left("INV-2", 2_50), Left("INV-3", 2_51)]));
    }

    [Fact]
    public void No_policy_writes_nothing_off_and_the_evidence_says_what_and_why_in_words()
    {
        Assert.Empty(WriteOffPolicy.None.Decide(FitKind.WithinTolerance, [Left("INV-1", 1)]));
        var written = Policy.Decide(FitKind.WithinTolerance, [Left("INV-9", 3_50)]);
        Assert.Equal("Written off by policy: 3.50 USD left open on INV-9 (small differences up to 5.00 USD are written off)", Policy.Said(written));
    }
}
