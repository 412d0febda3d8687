using Credo.Domain.Common;
using Credo.Domain.Amounts;

namespace Credo.Domain.Credit;

/// <summary>One unit of <see cref="From"/> buys <see cref="Rate"/> units of <see cref="To"/>, from <see cref="EffectiveOn"/>.</summary>
public sealed record ExchangeRate(string From, string To, DateOnly EffectiveOn, decimal Rate);

/// <summary>How a converted amount is rounded to the target's minor units.</summary>
public enum Rounding
{
    /// <summary>To the nearest minor unit, half away from zero: the default for exposure.</summary>
    Nearest,

    /// <summary>Towards zero: the part of an order that fits is never overstated.</summary>
    Down,

    /// <summary>Away from zero: a payment that releases an order is never understated.</summary>
    Up,
}

/// <summary>
/// Date-effective exchange rates. The rate used on a date is the latest one effective on or before it; a pair
/// with no direct rate uses the inverse of the opposite pair (1 / rate) on the same rule. Conversion multiplies
/// the integer minor amount by the decimal rate and by 10^(target scale − source scale), then rounds once to an
/// integer with the <see cref="Rounding"/> asked for (exposure: nearest, half away from zero). A missing rate is
/// an error value, never a guess: callers fail closed. The table holds the rates in effect: one per pair and date
/// (where corrections were recorded, the host passes the latest recorded); two for the same pair and date are refused.
/// </summary>
public sealed class RateTable
{
    private readonly Dictionary<(string From, string To), List<ExchangeRate>> _byPair = [];

    public RateTable(IEnumerable<ExchangeRate> rates)
    {
        ArgumentNullException.ThrowIfNull(rates);
        foreach (var rate in rates)
        {
            if (rate.Rate <= 0)
            {
                throw new ArgumentException($"Rate {rate.From}->{rate.To} on {rate.EffectiveOn} is not positive.", nameof(rates));
            }

            var key = (rate.From, rate.To);
            if (!_byPair.TryGetValue(key, out var list))
            {
                _byPair[key] = list = [];
            }

            list.Add(rate);
        }

        foreach (var list in _byPair.Values)
        {
            list.Sort((a, b) => a.EffectiveOn.CompareTo(b.EffectiveOn));
            for (var i = 1; i < list.Count; i++)
            {
                if (list[i].EffectiveOn == list[i - 1].EffectiveOn)
                {
                    throw new ArgumentException($"Two rates {list[i].From}->{list[i].To} effective on {list[i].EffectiveOn:yyyy-MM-dd}: pass only the one in effect.", nameof(rates));
                }
            }
        }
    }

    public static RateTable Empty { get; } = new([]);

    /// <summary>The rate from one currency to another effective on <paramref name="asOf"/>, or null.</summary>
    public decimal? RateOn(string from, string to, DateOnly asOf)
    {
        if (from == to)
        {
            return 1m;
        }

        if (Latest(from, to, asOf) is { } direct)
        {
            return direct;
        }

        return Latest(to, from, asOf) is { } inverse ? 1m / inverse : null;
    }

    // ---- cash application (issue 15, cross-currency): the rate in effect with the date it took effect ----
    /// <summary>The rate in effect on <paramref name="asOf"/> (the same rule as <see cref="RateOn"/>) and the date it took effect, or null.</summary>
    public (decimal Rate, DateOnly EffectiveOn)? InEffect(string from, string to, DateOnly asOf)
    {
        if (from == to)
        {
            return (1m, asOf);
        }

        if (LatestRow(from, to, asOf) is { } direct)
        {
            return (direct.Rate, direct.EffectiveOn);
        }

        return LatestRow(to, from, asOf) is { } inverse ? (1m / inverse.Rate, inverse.EffectiveOn) : null;
    }

    private ExchangeRate? LatestRow(string from, string to, DateOnly asOf) =>
        _byPair.TryGetValue((from, to), out var list) ? list.LastOrDefault(r => r.EffectiveOn <= asOf) : null;

    public Result<Money> Convert(Money amount, Currency to, DateOnly asOf, Rounding rounding = Rounding.Nearest)
    {
        if (amount.Currency == to)
        {
            return amount;
        }

        if (RateOn(amount.Currency.Code, to.Code, asOf) is not { } rate)
        {
            return new Refusal("no-exchange-rate", $"No exchange rate from {amount.Currency.Code} to {to.Code} effective on {asOf:yyyy-MM-dd}.");
        }

        return new Money(Apply(amount.Minor, rate, amount.Currency.Scale, to.Scale, rounding), to);
    }

    /// <summary>The pure arithmetic: integer minor units × decimal rate, rescaled and rounded once.</summary>
    public static long Apply(long minor, decimal rate, int fromScale, int toScale, Rounding rounding)
    {
        var scaled = minor * rate * Pow10(toScale - fromScale);
        var rounded = rounding switch
        {
            Rounding.Nearest => decimal.Round(scaled, 0, MidpointRounding.AwayFromZero),
            Rounding.Down => decimal.Truncate(scaled),
            Rounding.Up => scaled >= 0 ? decimal.Ceiling(scaled) : decimal.Floor(scaled),
        };
        return checked((long)rounded);
    }

    private decimal? Latest(string from, string to, DateOnly asOf)
    {
        if (!_byPair.TryGetValue((from, to), out var list))
        {
            return null;
        }

        for (var i = list.Count - 1; i >= 0; i--)
        {
            if (list[i].EffectiveOn <= asOf)
            {
                return list[i].Rate;
            }
        }

        return null;
    }

    private static decimal Pow10(int exponent)
    {
        var result = 1m;
        for (var i = 0; i < Math.Abs(exponent); i++)
        {
            result *= 10m;
        }

        return exponent >= 0 ? result : 1m / result;
    }
}
