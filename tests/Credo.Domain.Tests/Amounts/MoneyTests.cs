using Credo.Domain.Common;
using Credo.Domain.Amounts;

namespace Credo.Domain.Tests.Amounts;

public sealed class MoneyTests
{
    [Theory]
    [InlineData("1234.5", "USD", 123450)]
    [InlineData("0.01", "USD", 1)]
    [InlineData("-12.30", "EUR", -1230)]
    [InlineData("1500", "JPY", 1500)]
    [InlineData("1500.000", "JPY", 1500)]
    [InlineData("1.234", "BHD", 1234)]
    [InlineData("0", "USD", 0)]
    public void FromMajor_reads_major_units_exactly(string major, string currency, long minor)
    {
        var result = Credo.Domain.Amounts.Money.FromMajor(decimal.Parse(major, System.Globalization.CultureInfo.InvariantCulture), Currency.Of(currency));
        Assert.True(result.IsOk);
        Assert.Equal(minor, result.Value.Minor);
        Assert.Equal(currency, result.Value.Currency.Code);
    }

    [Theory]
    [InlineData("0.001", "USD")]
    [InlineData("12.345", "EUR")]
    [InlineData("1.5", "JPY")]
    [InlineData("1.2345", "BHD")]
    public void FromMajor_refuses_more_decimals_than_the_currency_has(string major, string currency)
    {
        var result = Credo.Domain.Amounts.Money.FromMajor(decimal.Parse(major, System.Globalization.CultureInfo.InvariantCulture), Currency.Of(currency), "amount");
        var error = Assert.IsType<ValidationFailed>(result.Error);
        Assert.Equal("amount", error.Field);
    }

    [Theory]
    [InlineData("92233720368547758.08", "USD")]
    [InlineData("-92233720368547758.09", "USD")]
    [InlineData("79228162514264337593543950335", "BHD")]
    [InlineData("-79228162514264337593543950335", "USD")]
    public void FromMajor_refuses_amounts_beyond_64_bit_minor_units(string major, string currency)
    {
        var result = Credo.Domain.Amounts.Money.FromMajor(decimal.Parse(major, System.Globalization.CultureInfo.InvariantCulture), Currency.Of(currency), "total");
        var error = Assert.IsType<ValidationFailed>(result.Error);
        Assert.Equal("total", error.Field);
    }

    [Fact]
    public void Arithmetic_in_one_currency()
    {
        var a = Credo.Domain.Amounts.Money.Usd(10_50);
        var b = Credo.Domain.Amounts.Money.Usd(2_25);
        Assert.Equal(Credo.Domain.Amounts.Money.Usd(12_75), a + b);
        Assert.Equal(Credo.Domain.Amounts.Money.Usd(8_25), a - b);
        Assert.Equal(Credo.Domain.Amounts.Money.Usd(-10_50), -a);
        Assert.True(b < a);
        Assert.Equal(b, Credo.Domain.Amounts.Money.Min(a, b));
        Assert.Equal(a, (-a).Abs());
    }

    [Fact]
    public void Mixing_currencies_throws()
    {
        var usd = Credo.Domain.Amounts.Money.Usd(100);
        var eur = Credo.Domain.Amounts.Money.Eur(100);
        Assert.Throws<InvalidOperationException>(() => usd + eur);
        Assert.Throws<InvalidOperationException>(() => usd - eur);
        Assert.Throws<InvalidOperationException>(() => usd < eur);
        Assert.Throws<InvalidOperationException>(() => usd.CompareTo(eur));
        Assert.NotEqual(usd, eur);
    }

    [Fact]
    public void Overflow_throws_rather_than_wrapping() =>
        Assert.Throws<OverflowException>(() => new Credo.Domain.Amounts.Money(long.MaxValue, Currency.Usd) + Credo.Domain.Amounts.Money.Usd(1));

    [Theory]
    [InlineData(123450, "USD", "1234.50", "1,234.50 USD")]
    [InlineData(1500, "JPY", "1500", "1,500 JPY")]
    [InlineData(1234, "BHD", "1.234", "1.234 BHD")]
    [InlineData(-5, "EUR", "-0.05", "-0.05 EUR")]
    public void Formats_with_exactly_the_currency_decimals(long minor, string currency, string major, string display)
    {
        var money = new Credo.Domain.Amounts.Money(minor, Currency.Of(currency));
        Assert.Equal(major, money.ToMajorString());
        Assert.Equal(display, money.ToDisplayString());
    }

    [Fact]
    public void Allocating_100_dollars_three_ways_gives_the_extra_cent_to_the_first_share()
    {
        var shares = Credo.Domain.Amounts.Money.Usd(100_00).Allocate([1, 1, 1]);
        Assert.Equal([Credo.Domain.Amounts.Money.Usd(33_34), Credo.Domain.Amounts.Money.Usd(33_33), Credo.Domain.Amounts.Money.Usd(33_33)], shares);
    }

    [Theory]
    [InlineData(100, new[] { 1, 0, 1 }, new long[] { 50, 0, 50 })]
    [InlineData(101, new[] { 0, 1, 1 }, new long[] { 0, 51, 50 })]
    [InlineData(-100, new[] { 1, 1, 1 }, new long[] { -34, -33, -33 })]
    [InlineData(5, new[] { 70, 20, 10 }, new long[] { 4, 1, 0 })]
    [InlineData(0, new[] { 3, 7 }, new long[] { 0, 0 })]
    public void Allocation_table(long minor, int[] ratios, long[] expected)
    {
        var shares = Credo.Domain.Amounts.Money.Usd(minor).Allocate(ratios);
        Assert.Equal(expected, shares.Select(s => s.Minor));
    }

    [Theory]
    [InlineData(new int[0])]
    [InlineData(new[] { 0, 0 })]
    [InlineData(new[] { 1, -1 })]
    public void Allocation_refuses_meaningless_ratios(int[] ratios) =>
        Assert.Throws<ArgumentException>(() => Credo.Domain.Amounts.Money.Usd(100).Allocate(ratios));
}
