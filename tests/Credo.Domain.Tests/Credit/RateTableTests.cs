using Credo.Domain.Credit;
using Credo.Domain.Amounts;

namespace Credo.Domain.Tests.Credit;

public sealed class RateTableTests
{
    private static readonly RateTable Rates = new(
    [
        new ExchangeRate("EUR", "USD", new DateOnly(2026, 1, 1), 1.10m),
        new ExchangeRate("EUR", "USD", new DateOnly(2026, 6, 1), 1.20m),
        new ExchangeRate("USD", "JPY", new DateOnly(2026, 1, 1), 150.123m),
        new ExchangeRate("BHD", "USD", new DateOnly(2026, 1, 1), 2.65m),
    ]);

    [Theory]
    [InlineData(100_00, "EUR", "USD", "2026-03-01", 110_00)]
    [InlineData(100_00, "EUR", "USD", "2026-06-01", 120_00)]
    [InlineData(100_00, "EUR", "USD", "2027-01-01", 120_00)]
    [InlineData(120_00, "USD", "EUR", "2026-07-01", 100_00)]
    [InlineData(1_00, "USD", "JPY", "2026-07-01", 150)]
    [InlineData(1_005, "USD", "JPY", "2026-07-01", 1509)]
    [InlineData(1_000, "BHD", "USD", "2026-07-01", 2_65)]
    [InlineData(-100_00, "EUR", "USD", "2026-03-01", -110_00)]
    public void Converts_with_the_rate_effective_on_the_date(long minor, string from, string to, string on, long expected)
    {
        var result = Rates.Convert(new Credo.Domain.Amounts.Money(minor, Currency.Of(from)), Currency.Of(to), DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(result.IsOk, result.Error?.Message);
        Assert.Equal(expected, result.Value.Minor);
    }

    [Fact]
    public void No_rate_before_the_first_effective_date_is_an_error_not_a_guess()
    {
        var result = Rates.Convert(Credo.Domain.Amounts.Money.Eur(1), Currency.Usd, new DateOnly(2025, 12, 31));
        Assert.Equal("no-exchange-rate", result.Error!.Code);
    }

    [Theory]
    // 0.5 minor units after scaling: nearest rounds away from zero, down truncates, up ceils
    [InlineData(1, 0.5, Rounding.Nearest, 1)]
    [InlineData(-1, 0.5, Rounding.Nearest, -1)]
    [InlineData(1, 0.5, Rounding.Down, 0)]
    [InlineData(1, 0.5, Rounding.Up, 1)]
    [InlineData(3, 0.3333, Rounding.Up, 1)]
    [InlineData(3, 0.3333, Rounding.Nearest, 1)]
    public void Rounding_rule(long minor, double rate, Rounding rounding, long expected) =>
        Assert.Equal(expected, RateTable.Apply(minor, (decimal)rate, 2, 2, rounding));
}

public sealed class RateTableInEffectTests
{
    [Fact]
    public void Two_rates_for_one_pair_and_date_are_refused_so_a_reader_cannot_pick_a_superseded_one()
    {
        var on = new DateOnly(2026, 1, 1);
        var e = Assert.Throws<ArgumentException>(() => new RateTable([new ExchangeRate("EUR", "USD", on, 1.10m), new ExchangeRate("EUR", "USD", on, 1.20m)]));
        Assert.Contains("in effect", e.Message, StringComparison.Ordinal);
    }
}
