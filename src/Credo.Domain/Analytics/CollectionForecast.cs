namespace Credo.Domain.Analytics;

/// <summary>
/// An open amount expected to be received: its currency and segment, the open amount (minor units), and its predicted
/// pay day as three quantiles (P10 <see cref="Early"/>, P50 <see cref="Expected"/>, P90 <see cref="Late"/>).
/// </summary>
public readonly record struct ExpectedReceipt(string Currency, string Segment, long AmountMinor, DateOnly Early, DateOnly Expected, DateOnly Late);

/// <summary>
/// One week of a collection forecast in one currency: the week's first day, the total received in it at the 10th, 50th
/// and 90th percentile of the simulated outcomes, and the mean. Minor units of <see cref="Currency"/>.
/// </summary>
public sealed record ForecastWeek(int Week, DateOnly From, string Currency, long P10Minor, long P50Minor, long P90Minor, long MeanMinor);

/// <summary>Expected receipts on one day (the mean over the simulations), in one currency.</summary>
public sealed record ForecastDay(DateOnly On, string Currency, long MeanMinor);

/// <summary>
/// The 13-week collection forecast (issue 13 §6). Each open amount's pay day is drawn from the distribution its three
/// quantiles describe (piecewise linear between P10, P50 and P90, extended linearly beyond them, never before the day
/// after the as-of date); the amounts received per week are summed per simulation, and the bands are the 10th, 50th and
/// 90th percentiles of those sums over the simulations. So a band is a band of the week's total, not a sum of bands.
/// Deterministic for a seed; pure.
/// </summary>
public static class CollectionForecast
{
    public const int DefaultSimulations = 400;

    /// <summary>Week 1 starts the day after <paramref name="asOf"/>; weeks 1..<paramref name="weeks"/>, per currency (ordinal order).</summary>
    public static (IReadOnlyList<ForecastWeek> Weeks, IReadOnlyList<ForecastDay> Days) Forecast(
        DateOnly asOf, int weeks, IReadOnlyList<ExpectedReceipt> receipts, int seed, int simulations = DefaultSimulations)
    {
        var weekRows = new List<ForecastWeek>();
        var dayRows = new List<ForecastDay>();
        foreach (var currency in receipts.Select(r => r.Currency).Distinct().Order(StringComparer.Ordinal))
        {
            var mine = receipts.Where(r => r.Currency == currency).ToList();
            var random = new Random(seed);
            var sums = new long[simulations, weeks];
            var days = new long[weeks * 7];
            for (var s = 0; s < simulations; s++)
            {
                foreach (var r in mine)
                {
                    var offset = DrawDay(asOf, r, random.NextDouble()).DayNumber - asOf.DayNumber - 1;
                    if (offset < weeks * 7)
                    {
                        sums[s, offset / 7] = checked(sums[s, offset / 7] + r.AmountMinor);
                        days[offset] = checked(days[offset] + r.AmountMinor);
                    }
                }
            }

            for (var w = 0; w < weeks; w++)
            {
                var outcomes = Enumerable.Range(0, simulations).Select(s => (double)sums[s, w]).ToList();
                weekRows.Add(new ForecastWeek(
                    w + 1, asOf.AddDays(1 + (7 * w)), currency,
                    (long)Math.Round(ForecastScores.Quantile(outcomes, 0.1)), (long)Math.Round(ForecastScores.Quantile(outcomes, 0.5)),
                    (long)Math.Round(ForecastScores.Quantile(outcomes, 0.9)), (long)Math.Round(outcomes.Average())));
            }

            dayRows.AddRange(days.Select((total, d) => new ForecastDay(asOf.AddDays(d + 1), currency, (long)Math.Round((double)total / simulations))));
        }

        return (weekRows, dayRows);
    }

    /// <summary>The pay day at quantile <paramref name="u"/> (0..1) of a receipt's distribution, never before the day after <paramref name="asOf"/>.</summary>
    public static DateOnly DrawDay(DateOnly asOf, ExpectedReceipt r, double u)
    {
        double early = r.Early.DayNumber, mid = r.Expected.DayNumber, late = r.Late.DayNumber;
        var day = u switch
        {
            < 0.1 => early - ((mid - early) * (0.1 - u) / 0.4),
            < 0.5 => early + ((mid - early) * (u - 0.1) / 0.4),
            < 0.9 => mid + ((late - mid) * (u - 0.5) / 0.4),
            _ => late + ((late - mid) * (u - 0.9) / 0.4),
        };
        return DateOnly.FromDayNumber(Math.Max(asOf.DayNumber + 1, (int)Math.Round(day)));
    }

    /// <summary>
    /// How close a stored forecast came: 1 − |actual − P50| / max(actual, P50) (1 exact, 0 nothing right; 1 when both are 0),
    /// and whether the actual fell inside the P10–P90 band.
    /// </summary>
    public static (double Accuracy, bool InBand) Accuracy(long actualMinor, long p10Minor, long p50Minor, long p90Minor)
    {
        var scale = Math.Max(Math.Abs(actualMinor), Math.Abs(p50Minor));
        var accuracy = scale == 0 ? 1 : 1 - (Math.Abs(actualMinor - p50Minor) / (double)scale);
        return (accuracy, actualMinor >= p10Minor && actualMinor <= p90Minor);
    }
}
