using System.Globalization;

namespace Credo.Domain.Amounts;

/// <summary>
/// Reads a number written as text (a JSON number, a CSV cell) only when <see cref="decimal"/> holds it exactly.
/// <c>decimal.Parse</c> silently rounds past 28–29 significant digits ("1.00000000000000000000000000001" becomes 1),
/// which would let an amount with far more decimals than its currency allows slip past the decimals check: that
/// text is refused here instead.
/// </summary>
public static class DecimalText
{
    /// <summary>Parses invariant text (sign, digits, '.', exponent); false when it is not a number or would be rounded.</summary>
    public static bool TryParseExact(string? text, out decimal value)
    {
        value = 0;
        return text is not null
            && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value)
            && IsExact(text, value, ".");
    }

    /// <summary>
    /// Whether <paramref name="parsed"/> (read from <paramref name="text"/>) kept every digit the text wrote: the
    /// text's significant fraction digits (after <paramref name="decimalSeparator"/>, less its exponent) are no more
    /// than the parsed value's.
    /// </summary>
    public static bool IsExact(string text, decimal parsed, string decimalSeparator)
    {
        ArgumentNullException.ThrowIfNull(text);
        var mantissa = text.Trim();
        var exponent = 0;
        var e = mantissa.IndexOfAny(['e', 'E']);
        if (e >= 0)
        {
            if (!int.TryParse(mantissa[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
            {
                return false;
            }

            mantissa = mantissa[..e];
        }

        var separator = string.IsNullOrEmpty(decimalSeparator) ? -1 : mantissa.LastIndexOf(decimalSeparator, StringComparison.Ordinal);
        var fraction = separator < 0 ? "" : mantissa[(separator + decimalSeparator.Length)..];
        var written = fraction.TrimEnd('0').Count(char.IsAsciiDigit);
        if (!mantissa.Any(c => c is >= '1' and <= '9'))
        {
            return true; // zero, however written
        }

        long textDecimals = (long)written - exponent;
        return textDecimals <= Decimals(parsed);
    }

    /// <summary>The number of decimals a value needs (trailing zeros dropped): 1.50 needs 1.</summary>
    public static int Decimals(decimal value)
    {
        var scale = value.Scale;
        while (scale > 0 && value == decimal.Round(value, scale - 1))
        {
            scale--;
        }

        return scale;
    }
}
