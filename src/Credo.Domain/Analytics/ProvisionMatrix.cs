using Credo.Domain.Ledger;

namespace Credo.Domain.Analytics;

/// <summary>
/// The balance in each aging bucket at one month end (minor units, one currency), and what was written off in the
/// month that ended then.
/// </summary>
public sealed record MonthEndAging(DateOnly MonthEnd, IReadOnlyList<long> BucketsMinor, long WrittenOffMinor);

/// <summary>One line of the provision schedule: a bucket's balance, its loss rate and the provision (balance × rate).</summary>
public sealed record ProvisionLine(string Bucket, long BalanceMinor, decimal LossRate, long ProvisionMinor);

/// <summary>
/// Expected credit loss under IFRS 9's simplified approach (issue 13 §7): a provision matrix whose loss rates come from
/// roll rates. The roll rate of bucket i is the share of its balance at one month end found in bucket i + 1 a month
/// later, summed over the window (Σ next / Σ this, so big months weigh more); the last bucket rolls to write-off. A
/// bucket's loss rate is the product of the roll rates from it to write-off, times (1 + the forward-looking adjustment),
/// never above 1. The provision is Σ bucket balance × loss rate, each line rounded half away from zero to the minor unit.
/// Buckets must be one month wide for rolls to mean "a month later" (the standard set is: current, 1–30 … over 120).
/// </summary>
public static class ProvisionMatrix
{
    /// <summary>Roll rates over consecutive month ends (needs two or more); a bucket that was always empty rolls at 0.</summary>
    public static IReadOnlyList<decimal> RollRates(IReadOnlyList<MonthEndAging> months)
    {
        var count = months.Count == 0 ? 0 : months[0].BucketsMinor.Count;
        var rates = new decimal[count];
        for (var i = 0; i < count; i++)
        {
            decimal from = 0, to = 0;
            for (var m = 0; m + 1 < months.Count; m++)
            {
                from += months[m].BucketsMinor[i];
                to += i + 1 < count ? months[m + 1].BucketsMinor[i + 1] : months[m + 1].WrittenOffMinor;
            }

            rates[i] = from <= 0 ? 0 : Math.Min(1, to / from);
        }

        return rates;
    }

    /// <summary>Loss rates: the product of the roll rates from each bucket to write-off, adjusted and capped at 1 (rounded to 6 places).</summary>
    public static IReadOnlyList<decimal> LossRates(IReadOnlyList<decimal> rollRates, decimal forwardLookingAdjustment = 0)
    {
        var rates = new decimal[rollRates.Count];
        decimal product = 1;
        for (var i = rollRates.Count - 1; i >= 0; i--)
        {
            product *= rollRates[i];
            rates[i] = Math.Round(Math.Min(1, product * (1 + forwardLookingAdjustment)), 6, MidpointRounding.AwayFromZero);
        }

        return rates;
    }

    /// <summary>
    /// What was written off (a positive amount of minor units) per key in the days after <paramref name="after"/> up to and
    /// including <paramref name="through"/>: every write-off entry posted then (a write-off always applies to the invoice
    /// it closes), less the reversals of write-offs posted then. A write-off reversed later still counts in its own month;
    /// its reversal counts, negatively, in the month of the reversal.
    /// </summary>
    public static IReadOnlyDictionary<TKey, long> WrittenOff<TKey>(IEnumerable<DatedEntry> entries, DateOnly after, DateOnly through, Func<DatedEntry, TKey> keyOf)
        where TKey : notnull
    {
        var all = entries as IReadOnlyCollection<DatedEntry> ?? [.. entries];
        var writeOffIds = all.Where(e => e.Kind == EntryKind.WriteOff).Select(e => e.Id).ToHashSet();
        return all
            .Where(e => e.PostedOn > after && e.PostedOn <= through)
            .Where(e => e.Kind == EntryKind.WriteOff || (e.Kind == EntryKind.Reversal && e.AppliesToId is { } target && writeOffIds.Contains(target)))
            .GroupBy(keyOf)
            .ToDictionary(g => g.Key, g => -g.Sum(e => e.AmountMinor));
    }

    /// <summary>The schedule: a line per bucket (balance × rate).</summary>
    public static IReadOnlyList<ProvisionLine> Schedule(IReadOnlyList<string> buckets, IReadOnlyList<long> balancesMinor, IReadOnlyList<decimal> lossRates) =>
    [
        .. buckets.Select((name, i) => new ProvisionLine(
            name, balancesMinor[i], lossRates[i], checked((long)Math.Round(balancesMinor[i] * lossRates[i], MidpointRounding.AwayFromZero)))),
    ];
}
