using Credo.Domain.Amounts;

namespace Credo.Domain.Tests.Amounts;

public sealed class CurrencyTests
{
    [Theory]
    [InlineData("JPY", 0)]
    [InlineData("USD", 2)]
    [InlineData("EUR", 2)]
    [InlineData("GBP", 2)]
    [InlineData("BHD", 3)]
    [InlineData("KWD", 3)]
    [InlineData("CLP", 0)]
    public void Each_currency_has_its_own_minor_unit_digits(string code, int scale) =>
        Assert.Equal(scale, Currency.Of(code).Scale);

    [Theory]
    [InlineData("usd", "USD")]
    [InlineData(" eur ", "EUR")]
    [InlineData("Gbp", "GBP")]
    public void Codes_are_normalised(string input, string code)
    {
        Assert.True(Currency.TryParse(input, out var currency));
        Assert.Equal(code, currency.Value.Code);
        Assert.Equal(Currency.Of(code), currency.Value);
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("US")]
    [InlineData("USDD")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Unknown_codes_are_refused(string? code)
    {
        Assert.False(Currency.TryParse(code, out var currency));
        Assert.Null(currency);
    }

    [Fact]
    public void Of_an_unknown_code_is_a_bug_and_throws() =>
        Assert.Throws<ArgumentException>(() => Currency.Of("XYZ"));

    [Fact]
    public void The_named_currencies_equal_the_parsed_ones()
    {
        Assert.Equal(Currency.Usd, Currency.Of("USD"));
        Assert.Equal(Currency.Jpy, Currency.Of("JPY"));
        Assert.Equal(Currency.Bhd, Currency.Of("BHD"));
    }
}
