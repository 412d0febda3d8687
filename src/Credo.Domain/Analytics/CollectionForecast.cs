namespace Credo.Domain.Analytics;

/// <summary>
/// An open amount expected to be received: its currency and segment, the open amount (minor units), its predicted pay
/// day as three quantiles (P10 <see cref="Early"/>, P50 <see cref="Expected"/>, P90 <see cref="Late"/>), and the
/// probability that it is never paid (<see cref="NeverPaid"/>, 0..1: its age bucket's IFRS 9 loss rate).
/// </summary>
public readonly record struct ExpectedReceipt(string Currency, string Segment, long AmountMinor, DateOnly Early, DateOnly Expected, DateOnly Late, double NeverPaid = 0);

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
/// An amount that may never be paid is left out of a simulation with its <see cref="ExpectedReceipt.NeverPaid"/>
/// probability, so the mean is taken down by it and the bands widen. Deterministic for a seed; pure.
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
                    if (r.NeverPaid > 0 && random.NextDouble() < r.NeverPaid)
                    {
                        continue;
                    }

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
    public static DateOnly DrawDay(DateOnly asOf, ExpectedReceipt r, double u) =>
        DateOnly.FromDayNumber(Math.Max(asOf.DayNumber + 1, (int)Math.Round(RawDay(r, u))));

    /// <summary>
    /// A receipt's pay day given that it was still unpaid at the end of <paramref name="asOf"/> (an overdue invoice): the
    /// part of its distribution after that day, rescaled (quantile q becomes F + q·(1 − F), F being the share of the
    /// distribution on or before the as-of date). So an invoice past its expected day is spread over the weeks its own
    /// late tail covers instead of falling on the next day. One already beyond its whole distribution (F = 1) is expected
    /// as it was at first, counted from the as-of date: its P10–P90 spread again, from the day after.
    /// </summary>
    public static ExpectedReceipt GivenUnpaid(DateOnly asOf, ExpectedReceipt r)
    {
        var paidBy = Cdf(r, asOf.DayNumber + 0.5);
        if (paidBy <= 0)
        {
            return r;
        }

        if (paidBy >= 1)
        {
            var start = asOf.AddDays(1);
            var early = r.Early.DayNumber;
            return r with { Early = start, Expected = start.AddDays(r.Expected.DayNumber - early), Late = start.AddDays(r.Late.DayNumber - early) };
        }

        DateOnly At(double q) => DrawDay(asOf, r, paidBy + (q * (1 - paidBy)));
        return r with { Early = At(0.1), Expected = At(0.5), Late = At(0.9) };
    }

    /// <summary>The quantile (0..1) of day <paramref name="day"/> in a receipt's distribution (the inverse of the unclamped draw, by bisection).</summary>
    public static double Cdf(ExpectedReceipt r, double day)
    {
        if (RawDay(r, 0) > day)
        {
            return 0;
        }

        if (RawDay(r, 1) <= day)
        {
            return 1;
        }

        double low = 0, high = 1;
        for (var i = 0; i < 40; i++)
        {
            var mid = (low + high) / 2;
            (low, high) = RawDay(r, mid) <= day ? (mid, high) : (low, mid);
        }

        return low;
    }

    private static double RawDay(ExpectedReceipt r, double u)
    {
        double early = r.Early.DayNumber, mid = r.Expected.DayNumber, late = r.Late.DayNumber;
        return u switch
        {
            < 0.1 => early - ((mid - early) * (0.1 - u) / 0.4),
            < 0.5 => early + ((mid - early) * (u - 0.1) / 0.4),
            < 0.9 => mid + ((late - mid) * (u - 0.5) / 0.4),
            _ => late + ((late - mid) * (u - 0.9) / 0.4),
        };
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
