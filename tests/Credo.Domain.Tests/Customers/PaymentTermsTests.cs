using Credo.Domain.Common;
using Credo.Domain.Customers;

namespace Credo.Domain.Tests.Customers;

public sealed class PaymentTermsTests
{
    [Theory]
    [InlineData("NET30", "NET30", TermsKind.Net, 30)]
    [InlineData("net 30", "NET30", TermsKind.Net, 30)]
    [InlineData("Net30", "NET30", TermsKind.Net, 30)]
    [InlineData("N30", "NET30", TermsKind.Net, 30)]
    [InlineData("30", "NET30", TermsKind.Net, 30)]
    [InlineData("NET60", "NET60", TermsKind.Net, 60)]
    [InlineData(" net 7 ", "NET7", TermsKind.Net, 7)]
    [InlineData("EOM+30", "EOM+30", TermsKind.EndOfMonth, 30)]
    [InlineData("EOM 30", "EOM+30", TermsKind.EndOfMonth, 30)]
    [InlineData("eom30", "EOM+30", TermsKind.EndOfMonth, 30)]
    [InlineData("EOM+0", "EOM+0", TermsKind.EndOfMonth, 0)]
    [InlineData("DUE", "DUE", TermsKind.DueOnReceipt, 0)]
    [InlineData("COD", "DUE", TermsKind.DueOnReceipt, 0)]
    [InlineData("due on receipt", "DUE", TermsKind.DueOnReceipt, 0)]
    [InlineData("NET0", "DUE", TermsKind.DueOnReceipt, 0)]
    [InlineData("NET365", "NET365", TermsKind.Net, 365)]
    public void Parses_canonical_codes_and_common_spellings(string input, string code, TermsKind kind, int days)
    {
        var terms = Parsed(input);
        Assert.Equal(code, terms.Code);
        Assert.Equal(kind, terms.Kind);
        Assert.Equal(days, terms.Days);
        Assert.Equal(0m, terms.DiscountPercent);
    }

    [Theory]
    [InlineData("2/10NET30", "2/10NET30", 2.0, 10, 30)]
    [InlineData("2/10 net 30", "2/10NET30", 2.0, 10, 30)]
    [InlineData("2/10N30", "2/10NET30", 2.0, 10, 30)]
    [InlineData("2% 10 NET 30", "2/10NET30", 2.0, 10, 30)]
    [InlineData("2%/10NET30", "2/10NET30", 2.0, 10, 30)]
    [InlineData("1.5/15NET45", "1.5/15NET45", 1.5, 15, 45)]
    public void Parses_cash_discount_terms(string input, string code, double percent, int discountDays, int days)
    {
        var terms = Parsed(input);
        Assert.Equal(code, terms.Code);
        Assert.Equal((decimal)percent, terms.DiscountPercent);
        Assert.Equal(discountDays, terms.DiscountDays);
        Assert.Equal(days, terms.Days);
    }

    [Fact]
    public void The_canonical_code_parses_back_to_the_same_terms()
    {
        foreach (var code in new[] { "NET30", "NET60", "EOM+30", "DUE", "2/10NET30", "2/10EOM+30", "1.5/15NET45" })
        {
            Assert.Equal(code, Parsed(code).Code);
            Assert.Equal(Parsed(code), Parsed(Parsed(code).Code));
        }
    }

    [Theory]
    [InlineData("whenever")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("NET")]
    [InlineData("NET-30")]
    [InlineData("NET366")]
    [InlineData("NET1000")]
    [InlineData("0/10NET30")]
    [InlineData("2/40NET30")]
    [InlineData("100/10NET30")]
    [InlineData("2/10")]
    [InlineData("EOM")]
    public void Bad_codes_are_refused_naming_the_field(string? input)
    {
        var result = PaymentTerms.Parse(input, "terms");
        Assert.False(result.IsOk);
        var error = Assert.IsType<ValidationFailed>(result.Error);
        Assert.Equal("terms", error.Field);
    }

    [Theory]
    // Net terms across month ends, year ends and leap days.
    [InlineData("NET30", "2026-01-15", "2026-02-14")]
    [InlineData("NET30", "2026-01-31", "2026-03-02")]
    [InlineData("NET30", "2028-01-31", "2028-03-01")]
    [InlineData("NET30", "2026-12-15", "2027-01-14")]
    [InlineData("NET60", "2026-11-30", "2027-01-29")]
    [InlineData("NET1", "2028-02-28", "2028-02-29")]
    [InlineData("NET1", "2027-02-28", "2027-03-01")]
    [InlineData("NET1", "2026-12-31", "2027-01-01")]
    // End of month plus days: from the 31st, from February (leap and not), from December.
    [InlineData("EOM+30", "2026-01-31", "2026-03-02")]
    [InlineData("EOM+30", "2026-01-01", "2026-03-02")]
    [InlineData("EOM+30", "2026-02-10", "2026-03-30")]
    [InlineData("EOM+30", "2028-02-10", "2028-03-30")]
    [InlineData("EOM+0", "2028-02-01", "2028-02-29")]
    [InlineData("EOM+0", "2027-02-28", "2027-02-28")]
    [InlineData("EOM+30", "2026-12-05", "2027-01-30")]
    [InlineData("EOM+15", "2026-03-31", "2026-04-15")]
    // Due on receipt.
    [InlineData("DUE", "2026-07-04", "2026-07-04")]
    [InlineData("COD", "2028-02-29", "2028-02-29")]
    // Discount terms fall due on their net days.
    [InlineData("2/10NET30", "2026-01-31", "2026-03-02")]
    public void Due_dates(string code, string issuedOn, string dueOn) =>
        Assert.Equal(DateOnly.Parse(dueOn, System.Globalization.CultureInfo.InvariantCulture), Parsed(code).DueOn(DateOnly.Parse(issuedOn, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("2/10NET30", "2026-01-25", "2026-02-04")]
    [InlineData("2/10NET30", "2028-02-25", "2028-03-06")]
    [InlineData("1.5/15NET45", "2026-12-20", "2027-01-04")]
    [InlineData("NET30", "2026-01-25", null)]
    [InlineData("DUE", "2026-01-25", null)]
    public void Discount_until(string code, string issuedOn, string? until)
    {
        var expected = until is null ? (DateOnly?)null : DateOnly.Parse(until, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, Parsed(code).DiscountUntil(DateOnly.Parse(issuedOn, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("NET30", "net 30 days")]
    [InlineData("EOM+30", "net 30 days after end of month")]
    [InlineData("DUE", "Due on receipt")]
    [InlineData("2/10NET30", "2 % discount within 10 days, net 30 days")]
    public void Descriptions(string code, string description) => Assert.Equal(description, Parsed(code).Description);

    private static PaymentTerms Parsed(string code)
    {
        var result = PaymentTerms.Parse(code);
        Assert.True(result.IsOk, result.Error?.Message);
        return result.Value!;
    }
}
