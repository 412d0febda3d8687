using System.Globalization;
using Credo.Domain.Common;

namespace Credo.Domain.Money;

/// <summary>
/// An amount in integer minor units of one currency. Never a double; mixing currencies throws (a bug, not a
/// business refusal: callers check currencies before they add).
/// </summary>
public readonly record struct Money(long Minor, Currency Currency) : IComparable<Money>
{
    public static Money Zero(Currency currency) => new(0, currency);

    public static Money Usd(long minor) => new(minor, Currency.Usd);

    public static Money Eur(long minor) => new(minor, Currency.Eur);

    public bool IsZero => Minor == 0;

    public bool IsNegative => Minor < 0;

    public bool IsPositive => Minor > 0;

    public decimal Major => Minor / Pow10(Currency.Scale);

    /// <summary>
    /// Reads a major-unit decimal (as JSON and CSV carry it). Refuses more decimals than the currency has and
    /// amounts that do not fit in 64-bit minor units.
    /// </summary>
    public static Result<Money> FromMajor(decimal major, Currency currency, string field = "amount")
    {
        // Beyond 10^24 no currency fits in 64-bit minor units, and scaling could overflow decimal itself.
        if (decimal.Abs(major) >= 1e24m)
        {
            return new ValidationFailed(field, "The amount is too large.");
        }

        var scaled = major * Pow10(currency.Scale);
        if (scaled != decimal.Truncate(scaled))
        {
            return new ValidationFailed(field, $"{currency.Code} allows {currency.Scale} decimal places; {major.ToString(CultureInfo.InvariantCulture)} has more.");
        }

        if (scaled > long.MaxValue || scaled < long.MinValue)
        {
            return new ValidationFailed(field, "The amount is too large.");
        }

        return new Money((long)scaled, currency);
    }

    public static Money operator +(Money a, Money b) => new(checked(a.Minor + SameCurrency(a, b).Minor), a.Currency);

    public static Money operator -(Money a, Money b) => new(checked(a.Minor - SameCurrency(a, b).Minor), a.Currency);

    public static Money operator -(Money a) => new(checked(-a.Minor), a.Currency);

    public static bool operator <(Money a, Money b) => a.CompareTo(b) < 0;

    public static bool operator >(Money a, Money b) => a.CompareTo(b) > 0;

    public static bool operator <=(Money a, Money b) => a.CompareTo(b) <= 0;

    public static bool operator >=(Money a, Money b) => a.CompareTo(b) >= 0;

    public static Money Min(Money a, Money b) => a <= b ? a : b;

    public static Money Max(Money a, Money b) => a >= b ? a : b;

    public int CompareTo(Money other) => Minor.CompareTo(SameCurrency(this, other).Minor);

    public Money Abs() => new(Math.Abs(Minor), Currency);

    /// <summary>
    /// Splits the amount by ratios, conserving every minor unit: remainders go one unit at a time to the
    /// earliest shares. <c>Money.Usd(100_00).Allocate([1, 1, 1])</c> is 33.34, 33.33, 33.33.
    /// </summary>
    public IReadOnlyList<Money> Allocate(IReadOnlyList<int> ratios)
    {
        ArgumentNullException.ThrowIfNull(ratios);
        if (ratios.Count == 0 || ratios.Any(r => r < 0) || ratios.All(r => r == 0))
        {
            throw new ArgumentException("Ratios must be non-negative and not all zero.", nameof(ratios));
        }

        long total = ratios.Sum(r => (long)r);
        var shares = new long[ratios.Count];
        long allocated = 0;
        for (var i = 0; i < ratios.Count; i++)
        {
            shares[i] = (long)(Minor * (Int128)ratios[i] / total);
            allocated += shares[i];
        }

        var remainder = Minor - allocated;
        var step = Math.Sign(remainder);
        for (var i = 0; remainder != 0; i = (i + 1) % shares.Length)
        {
            if (ratios[i] == 0)
            {
                continue;
            }

            shares[i] += step;
            remainder -= step;
        }

        var currency = Currency;
        return [.. shares.Select(s => new Money(s, currency))];
    }

    /// <summary>Invariant major-unit text with exactly the currency's decimals, e.g. "1234.50".</summary>
    public string ToMajorString() => Major.ToString("F" + Currency.Scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public override string ToString() => $"{ToMajorString()} {Currency.Code}";

    /// <summary>Display form with thousands separators, e.g. "1,234.50 USD".</summary>
    public string ToDisplayString() => $"{Major.ToString("N" + Currency.Scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)} {Currency.Code}";

    private static decimal Pow10(int scale) => scale switch
    {
        0 => 1m,
        1 => 10m,
        2 => 100m,
        3 => 1000m,
        4 => 10000m,
        _ => throw new ArgumentOutOfRangeException(nameof(scale)),
    };

    private static Money SameCurrency(Money a, Money b) =>
        a.Currency == b.Currency ? b : throw new InvalidOperationException($"Cannot combine {a.Currency} and {b.Currency}.");
}
