using Credo.Domain.Amounts;
namespace Credo.Domain.Analytics;

/// <summary>One month of credit sales for the countback: its net credit sales and its calendar days.</summary>
public readonly record struct MonthSales(Money Sales, int Days);

/// <summary>
/// The receivables metrics, each with its exact formula (docs/metrics.md has a worked example of each and says which
/// published variant Credo uses where sources disagree). Amounts are one currency (mixing throws, as
/// <see cref="Money"/> does); a ratio whose divisor is zero or negative is null (no evidence), never 0.
/// </summary>
public static class Metrics
{
    /// <summary>Standard DSO = ending receivables ÷ credit sales of the period × days in the period.</summary>
    public static decimal? DsoStandard(Money endingReceivables, Money creditSales, int days) =>
        Ratio(endingReceivables, creditSales) * days;

    /// <summary>Best-possible DSO = current (not yet due) receivables ÷ credit sales of the period × days in the period.</summary>
    public static decimal? BestPossibleDso(Money currentReceivables, Money creditSales, int days) =>
        Ratio(currentReceivables, creditSales) * days;

    /// <summary>ADD, the DSO way: standard DSO − best-possible DSO (days the receivables run beyond terms).</summary>
    public static decimal? AverageDaysDelinquent(decimal? dso, decimal? bestPossibleDso) => dso - bestPossibleDso;

    /// <summary>
    /// Countback (exhaustion) DSO: from the newest month back, take each month's credit sales off the ending
    /// receivables; a month fully covered adds its days, the month where the receivables run out adds the fraction
    /// (remaining ÷ that month's sales) of its days. Null when the receivables outlast every month given (more days
    /// outstanding than the history covers).
    /// </summary>
    public static decimal? DsoCountback(Money endingReceivables, IReadOnlyList<MonthSales> newestFirst)
    {
        var remaining = (decimal)endingReceivables.Minor;
        if (remaining <= 0)
        {
            return 0m;
        }

        decimal days = 0;
        foreach (var month in newestFirst)
        {
            var sales = (decimal)In(month.Sales, endingReceivables.Currency);
            if (sales > 0 && remaining <= sales)
            {
                return days + (remaining / sales * month.Days);
            }

            remaining -= Math.Max(0m, sales);
            days += month.Days;
        }

        return null;
    }

    /// <summary>
    /// CEI, in percent = (beginning receivables + credit sales ÷ N − ending total receivables) ÷ (beginning
    /// receivables + credit sales ÷ N − ending current receivables) × 100. Credo uses N = 1 (the whole period's credit
    /// sales) and computes it per month; <paramref name="months"/> = the period's months gives the variant that divides
    /// the sales by N (Credit Research Foundation, Oracle). For one month the two agree.
    /// </summary>
    public static decimal? Cei(Money beginning, Money creditSales, Money endingTotal, Money endingCurrent, int months = 1)
    {
        var sales = (decimal)In(creditSales, endingTotal.Currency) / months;
        var collected = beginning.Minor + sales - endingTotal.Minor;
        var collectable = In(beginning, endingTotal.Currency) + sales - In(endingCurrent, endingTotal.Currency);
        return collectable <= 0 ? null : collected / collectable * 100m;
    }

    /// <summary>Receivables turnover = net credit sales ÷ average receivables ((beginning + ending) ÷ 2).</summary>
    public static decimal? ReceivablesTurnover(Money creditSales, Money beginning, Money ending)
    {
        var average = ((decimal)beginning.Minor + In(ending, beginning.Currency)) / 2m;
        return average <= 0 ? null : In(creditSales, beginning.Currency) / average;
    }

    /// <summary>% current = current (not yet due) receivables ÷ total receivables × 100.</summary>
    public static decimal? PercentCurrent(Money current, Money total) => Ratio(current, total) * 100m;

    private static decimal? Ratio(Money part, Money whole) =>
        whole.Minor <= 0 ? null : (decimal)In(part, whole.Currency) / whole.Minor;

    /// <summary>The minor units of <paramref name="amount"/>, which must be in <paramref name="currency"/>.</summary>
    private static long In(Money amount, Currency currency) =>
        amount.Currency == currency ? amount.Minor : throw new InvalidOperationException($"Cannot mix {amount.Currency.Code} with {currency.Code} in one metric.");
}

/// <summary>
/// One month's figures in one currency: the receivables owed at its end (open debits; unapplied cash is not netted),
/// the part not yet due, and the month's net credit sales (invoices less credit notes, net of their reversals).
/// </summary>
public sealed record MonthFigures(DateOnly MonthEnd, Money Receivables, Money Current, Money Sales)
{
    public int Days => MonthEnd.Day;
}

/// <summary>Every metric for one month end (see <see cref="Metrics"/> for each formula).</summary>
public sealed record MonthMetrics(
    MonthFigures Figures,
    Money Beginning,
    decimal? Dso,
    decimal? DsoCountback,
    decimal? BestPossibleDso,
    decimal? AverageDaysDelinquent,
    decimal? Cei,
    decimal? ReceivablesTurnover,
    decimal? PercentCurrent);

public static class MetricsHistory
{
    /// <summary>
    /// The metrics of each month from <paramref name="firstReported"/> on, given consecutive month figures oldest first:
    /// the month before each is its beginning, and every earlier month's sales feed the countback (so pass the
    /// look-back's months before the first reported one). Per month: DSO and best-possible DSO over the month's days,
    /// ADD = their difference, CEI and turnover over the month.
    /// </summary>
    public static IReadOnlyList<MonthMetrics> Of(IReadOnlyList<MonthFigures> months, int firstReported)
    {
        var result = new List<MonthMetrics>();
        for (var i = Math.Max(1, firstReported); i < months.Count; i++)
        {
            var m = months[i];
            var beginning = months[i - 1].Receivables;
            var dso = Metrics.DsoStandard(m.Receivables, m.Sales, m.Days);
            var best = Metrics.BestPossibleDso(m.Current, m.Sales, m.Days);
            var newestFirst = Enumerable.Range(0, i + 1).Select(k => months[i - k]).Select(x => new MonthSales(x.Sales, x.Days)).ToList();
            result.Add(new MonthMetrics(
                m,
                beginning,
                dso,
                Metrics.DsoCountback(m.Receivables, newestFirst),
                best,
                Metrics.AverageDaysDelinquent(dso, best),
                Metrics.Cei(beginning, m.Sales, m.Receivables, m.Current),
                Metrics.ReceivablesTurnover(m.Sales, beginning, m.Receivables),
                Metrics.PercentCurrent(m.Current, m.Receivables)));
        }

        return result;
    }

    /// <summary>The last day of each month from <paramref name="from"/>'s month to <paramref name="to"/>'s, oldest first.</summary>
    public static IReadOnlyList<DateOnly> MonthEnds(DateOnly from, DateOnly to)
    {
        var ends = new List<DateOnly>();
        for (var m = new DateOnly(from.Year, from.Month, 1); m <= to; m = m.AddMonths(1))
        {
            ends.Add(m.AddMonths(1).AddDays(-1));
        }

        return ends;
    }
}
