using Credo.Domain.Amounts;

namespace Credo.Domain.Matching.Formats;

/// <summary>
/// Reads a bank's decimal amount text into minor units without floating point or decimal arithmetic: digits,
/// one decimal separator (a dot in XML, a comma in SWIFT), trailing zeros beyond the currency's digits allowed
/// ("5442.09000" is 5442.09), anything else beyond them refused ("8.855 EUR" is not a euro amount).
/// </summary>
public static class StatementAmount
{
    /// <summary>The money, or null with the reason in <paramref name="problem"/>.</summary>
    public static Money? Parse(string? text, Currency currency, char separator, out string? problem)
    {
        problem = null;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            problem = "the amount is empty";
            return null;
        }

        var negative = trimmed[0] == '-';
        var body = trimmed[0] is '-' or '+' ? trimmed[1..] : trimmed;
        var cut = body.IndexOf(separator, StringComparison.Ordinal);
        var whole = cut < 0 ? body : body[..cut];
        var fraction = cut < 0 ? "" : body[(cut + 1)..];
        if ((whole.Length == 0 && fraction.Length == 0) || !whole.All(char.IsAsciiDigit) || !fraction.All(char.IsAsciiDigit))
        {
            problem = $"'{trimmed}' is not an amount";
            return null;
        }

        var significant = fraction.TrimEnd('0');
        if (significant.Length > currency.Scale)
        {
            problem = $"'{trimmed}' has more decimals than {currency.Code} allows ({currency.Scale})";
            return null;
        }

        var digits = whole.TrimStart('0') + significant.PadRight(currency.Scale, '0');
        if (digits.TrimStart('0').Length > 18)
        {
            problem = $"'{trimmed}' is too large";
            return null;
        }

        var minor = digits.Length == 0 ? 0 : long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
        return new Money(negative ? -minor : minor, currency);
    }
}
