using System.Globalization;
using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Domain.Amounts;

namespace Credo.Domain.Tests.Amounts;

/// <summary>Money, numbers and dates at their edges (issue 12 §1).</summary>
public sealed class EdgeTests
{
    [Theory]
    [InlineData("1000000000000", "USD", true)]
    [InlineData("-1000000000000", "USD", true)]
    [InlineData("1000000000000.01", "USD", false)]
    [InlineData("92233720368547758.07", "USD", false)]
    [InlineData("1000000000000.000", "BHD", true)]
    [InlineData("1000000000001", "JPY", false)]
    public void An_amount_is_at_most_one_trillion_major_units_in_any_currency(string major, string currency, bool accepted)
    {
        var result = Credo.Domain.Amounts.Money.FromMajor(decimal.Parse(major, CultureInfo.InvariantCulture), Currency.Of(currency), "amount");
        Assert.Equal(accepted, result.IsOk);
        if (!accepted)
        {
            Assert.Equal("amount", Assert.IsType<ValidationFailed>(result.Error).Field);
        }
    }

    [Theory]
    [InlineData("1.00000000000000000000000000001", false)]
    [InlineData("1.0000000000000000000000000001", true)] // 29 significant digits: decimal holds it; the currency check refuses it
    [InlineData("0.1234567890123456789012345678901", false)]
    [InlineData("1E-30", false)]
    [InlineData("1.5", true)]
    [InlineData("1.50000000000000000000000000000000", true)]
    [InlineData("-12.25", true)]
    [InlineData("1.5E2", true)]
    [InlineData("0.000", true)]
    [InlineData("ten", false)]
    public void Text_is_read_as_a_decimal_only_when_nothing_is_rounded(string text, bool exact) =>
        Assert.Equal(exact, DecimalText.TryParseExact(text, out _));

    [Theory]
    [InlineData("1.234,5000000000000000000000000000001", ",", false)]
    [InlineData("1.234,50", ",", true)]
    [InlineData("1,234.50", ".", true)]
    public void Csv_text_with_its_own_separators_is_checked_alike(string text, string separator, bool exact)
    {
        var format = new NumberFormatInfo { NumberDecimalSeparator = separator, NumberGroupSeparator = separator == "," ? "." : "," };
        Assert.True(decimal.TryParse(text, NumberStyles.Number, format, out var parsed));
        Assert.Equal(exact, DecimalText.IsExact(text, parsed, separator));
    }

    [Theory]
    [InlineData(1900, 1, 1, true)]
    [InlineData(2199, 12, 31, true)]
    [InlineData(1899, 12, 31, false)]
    [InlineData(2200, 1, 1, false)]
    [InlineData(9999, 12, 31, false)]
    [InlineData(1, 1, 1, false)]
    public void Dates_outside_1900_to_2199_are_refused_by_field(int year, int month, int day, bool sane)
    {
        var date = new DateOnly(year, month, day);
        Assert.Equal(sane, SaneDates.Contains(date));
        Assert.Equal(sane, SaneDates.Check(date, "issueDate") is null);
    }

    [Fact]
    public void Sums_over_the_ledger_are_checked_and_never_wrap()
    {
        var positions = new[] { new OpenPosition(long.MaxValue - 1, null, false), new OpenPosition(long.MaxValue - 1, null, false) };
        Assert.Throws<OverflowException>(() => Balances.Summarise(new DateOnly(2026, 12, 7), positions));
        Assert.Throws<OverflowException>(() => Statement.Run(long.MaxValue, [new StatementEntry(1, new DateOnly(2026, 12, 7), EntryKind.Invoice, "I", 1)]).ToList());
    }
}
