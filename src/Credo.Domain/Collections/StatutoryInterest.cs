using Credo.Domain.Common;

namespace Credo.Domain.Collections;

using Money = Credo.Domain.Amounts.Money;

/// <summary>A reference rate (a central bank's, say) in force from <paramref name="From"/>, in basis points (215 is 2.15 %).</summary>
public sealed record ReferenceRate(DateOnly From, int BasisPoints);

/// <summary>
/// Statutory interest on late payment as data: the reference rate in force each day (effective-dated) plus a margin,
/// simple interest on the open amount over a 365-day year. Days before the first reference rate are not charged.
/// </summary>
public sealed record StatutoryInterest(IReadOnlyList<ReferenceRate> ReferenceRates, int MarginBasisPoints)
{
    /// <summary>The yearly rate in basis points on <paramref name="day"/>, or null when no reference rate is in force yet.</summary>
    public int? RateOn(DateOnly day)
    {
        int? rate = null;
        foreach (var r in ReferenceRates.OrderBy(r => r.From))
        {
            if (r.From <= day)
            {
                rate = r.BasisPoints + MarginBasisPoints;
            }
        }

        return rate;
    }

    /// <summary>
    /// Interest on <paramref name="open"/> for every day after <paramref name="after"/> up to and including
    /// <paramref name="through"/>, each day at the rate then in force; rounded half away from zero once, at the end.
    /// </summary>
    public Money For(Money open, DateOnly after, DateOnly through)
    {
        decimal basisPointDays = 0;
        for (var day = after.AddDays(1); day <= through; day = day.AddDays(1))
        {
            basisPointDays += RateOn(day) ?? 0;
        }

        var minor = decimal.Round(open.Minor * basisPointDays / (365m * 10_000m), MidpointRounding.AwayFromZero);
        return new Money((long)minor, open.Currency);
    }

    /// <summary>Every problem with these rates, by field.</summary>
    public IEnumerable<ValidationFailed> Validate()
    {
        if (ReferenceRates.Count == 0)
        {
            yield return new ValidationFailed("interest.referenceRates", "Statutory interest needs at least one reference rate with the date it applies from.");
        }

        if (ReferenceRates.Any(r => r.BasisPoints is < -1_000 or > 10_000))
        {
            yield return new ValidationFailed("interest.referenceRates", "A reference rate is between -10 % and 100 % (in basis points: -1000 to 10000).");
        }

        if (ReferenceRates.GroupBy(r => r.From).Any(g => g.Count() > 1))
        {
            yield return new ValidationFailed("interest.referenceRates", "Two reference rates start on the same day.");
        }

        if (MarginBasisPoints is < 0 or > 5_000)
        {
            yield return new ValidationFailed("interest.marginBasisPoints", "The margin is 0 to 50 % (in basis points: 0 to 5000).");
        }
    }
}
