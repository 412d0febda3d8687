using System.Globalization;
using Credo.Domain.Common;

namespace Credo.Domain.Amounts;

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
    /// The largest amount any one figure may carry, in major units of any currency: one trillion
    /// (1,000,000,000,000.00 USD, 1,000,000,000,000 JPY, 1,000,000,000,000.000 BHD). In minor units that is at most
    /// 10^15, so every sum over the ledger holds at least 9,223 such amounts before 64 bits overflow; beyond that the
    /// sums are checked and fail with a clear error (<c>sum-out-of-range</c>), never wrap.
    /// </summary>
    public const decimal MaxMajor = 1_000_000_000_000m;

    /// <summary>
    /// Reads a major-unit decimal (as JSON and CSV carry it): the one door every amount comes in by. Refuses amounts
    /// beyond <see cref="MaxMajor"/> either way and more decimals than the currency has.
    /// </summary>
    public static Result<Money> FromMajor(decimal major, Currency currency, string field = "amount")
    {
        if (decimal.Abs(major) > MaxMajor)
        {
            return new ValidationFailed(field, $"An amount is at most {MaxMajor.ToString("N0", CultureInfo.InvariantCulture)} {currency.Code} either way; {major.ToString(CultureInfo.InvariantCulture)} is beyond it.");
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
