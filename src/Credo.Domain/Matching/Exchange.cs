using System.Globalization;
using Credo.Domain.Amounts;

namespace Credo.Domain.Matching;

/// <summary>
/// A bank amount turned into an invoice's currency at a day's rate. The integer minor amount is multiplied by the
/// decimal rate and by 10^(target scale − source scale) and rounded once to the target's minor units, half to even
/// (banker's rounding, so that rounding errors do not drift one way over many lines): 1,000 JPY at 0.0062 is 6.20 EUR,
/// 10.00 EUR at 161.235 is 1,612 JPY.
/// </summary>
public sealed record Conversion(Money Paid, decimal Rate, DateOnly RateOn, Money Converted)
{
    public static Conversion At(Money paid, decimal rate, DateOnly rateOn, Currency to)
    {
        if (rate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "A rate is positive.");
        }

        var scaled = paid.Minor * rate * Scale(to.Scale - paid.Currency.Scale);
        return new Conversion(paid, rate, rateOn, new Money(checked((long)decimal.Round(scaled, 0, MidpointRounding.ToEven)), to));
    }

    /// <summary>The rate as a person reads it: at least four decimals, at most eight ("1.0850", "0.92165899").</summary>
    public string RateText => decimal.Round(Rate, 8, MidpointRounding.ToEven).ToString("0.0000####", CultureInfo.InvariantCulture);

    /// <summary>"1,000.00 EUR at 1.0850 = 1,085.00 USD".</summary>
    public string Words => $"{Paid.ToDisplayString()} at {RateText} = {Converted.ToDisplayString()}";

    private static decimal Scale(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            result *= 10m;
        }

        return exponent >= 0 ? result : 1m / result;
    }
}

/// <summary>
/// What a payment in another currency settles: the invoices' <see cref="Owed"/> amount, the bank amount
/// <see cref="Conversion"/> (in the invoices' currency) and the realised exchange <see cref="Difference"/>, so that
/// converted + difference == owed exactly. A positive difference is a loss (the money bought less than was owed), a
/// negative one a gain. The difference is posted as its own ledger entry, never hidden in an allocation.
/// </summary>
public sealed record ExchangeSettlement(Conversion Conversion, Money Owed, Money Difference)
{
    public static ExchangeSettlement Of(Conversion conversion, Money owed)
    {
        ArgumentNullException.ThrowIfNull(conversion);
        return new(conversion, owed, owed - conversion.Converted);
    }

    /// <summary>A settlement that leaves nothing to the exchange difference (a partial or over payment beyond the tolerance).</summary>
    public static ExchangeSettlement Without(Conversion conversion)
    {
        ArgumentNullException.ThrowIfNull(conversion);
        return new(conversion, conversion.Converted, conversion.Converted with { Minor = 0 });
    }

    /// <summary>Whether the difference is at most <paramref name="toleranceBasisPoints"/> of what is owed (100 = 1 %), in integers.</summary>
    public bool Within(int toleranceBasisPoints) =>
        (Int128)Math.Abs(Difference.Minor) * 10_000 <= (Int128)Math.Abs(Owed.Minor) * Math.Max(0, toleranceBasisPoints);

    /// <summary>"1,000.00 EUR at 1.0850 = 1,085.00 USD; 5.00 USD exchange difference (a loss)".</summary>
    public string Words => Difference.Minor switch
    {
        0 => Conversion.Words,
        > 0 => $"{Conversion.Words}; {Difference.ToDisplayString()} exchange difference (a loss)",
        < 0 => $"{Conversion.Words}; {Difference.Abs().ToDisplayString()} exchange difference (a gain)",
    };

    /// <summary>The signed adjustment that posts the difference on an invoice: what the customer owes moves by −difference.</summary>
    public long AdjustmentMinor => -Difference.Minor;

    /// <summary>The tolerance in words: "1.00 %".</summary>
    public static string Tolerance(int basisPoints) => (basisPoints / 100m).ToString("0.00", CultureInfo.InvariantCulture) + " %";
}
