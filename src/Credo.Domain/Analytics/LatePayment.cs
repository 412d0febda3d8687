namespace Credo.Domain.Analytics;

/// <summary>
/// One invoice as the late-payment prediction sees it: who owes it, when it was issued and due, its amount (minor
/// units of the customer's currency), the day it was paid in full (null: not paid by the as-of date) and the day it
/// was first disputed (null: never).
/// </summary>
public sealed record InvoiceFact(long Id, long CustomerId, DateOnly IssuedOn, DateOnly DueOn, long AmountMinor, DateOnly? PaidOn, DateOnly? DisputedOn)
{
    /// <summary>Days paid beyond the due date (negative: early); null while unpaid.</summary>
    public int? DaysBeyondTerms => PaidOn is { } paid ? paid.DayNumber - DueOn.DayNumber : null;

    public bool PaidLate => PaidOn is { } paid && paid > DueOn;
}

/// <summary>A customer as the prediction sees it: its first trading day (tenure) and its segment (a single code).</summary>
public sealed record CustomerFact(long CustomerId, DateOnly Since, string Segment);

/// <summary>
/// The features of one invoice, every one known on its issue day (nothing about its own payment, nothing paid or
/// disputed later): the customer's record over the invoices paid before the issue day, this invoice's size against
/// the customer's usual, its terms, the customer's tenure, what was open and overdue when it was issued, disputes
/// before it, and the month (seasonality). Ratios and day counts, never money.
/// </summary>
public sealed record LateFeatures(
    int PriorPaid, double PriorLateRate, double PriorDaysLate, double PriorDaysToPay, double AmountToUsual, int TermsDays,
    int TenureDays, double OpenToUsual, double OverdueToUsual, int PriorDisputes, int IssueMonth, string Segment);

/// <summary>A training or scoring row: the invoice, its features, and (paid invoices) the truth.</summary>
public sealed record LateExample(InvoiceFact Invoice, LateFeatures Features);

/// <summary>
/// The pure half of late-payment prediction (issue 13 §5): features known at issue, the two baselines the model
/// must beat, and the honest evaluation split. The learner itself lives in the web project (ML.NET).
/// </summary>
public static class LatePayment
{
    /// <summary>Below this many paid invoices before the cutoff, the model is not trained: the baseline is used, and said.</summary>
    public const int MinimumHistory = 200;

    /// <summary>
    /// The features of every invoice in <paramref name="invoices"/> issued on or before <paramref name="asOf"/>, computed
    /// from the facts known at each issue day that were also known on <paramref name="asOf"/> (a payment after the
    /// as-of date is unknown). Runs per customer in issue order: O(n log n + n·k) with k the open invoices.
    /// </summary>
    public static IReadOnlyList<LateExample> Examples(DateOnly asOf, IReadOnlyList<CustomerFact> customers, IEnumerable<InvoiceFact> invoices)
    {
        var byCustomer = customers.ToDictionary(c => c.CustomerId);
        var result = new List<LateExample>();
        foreach (var group in invoices.Where(i => i.IssuedOn <= asOf).GroupBy(i => i.CustomerId))
        {
            var known = group.Select(i => i.PaidOn > asOf ? i with { PaidOn = null } : i)
                .Select(i => i.DisputedOn > asOf ? i with { DisputedOn = null } : i)
                .OrderBy(i => i.IssuedOn).ThenBy(i => i.Id).ToList();
            var customer = byCustomer.GetValueOrDefault(group.Key) ?? new CustomerFact(group.Key, known[0].IssuedOn, "none");
            result.AddRange(ForCustomer(customer, known));
        }

        return result;
    }

    private static IEnumerable<LateExample> ForCustomer(CustomerFact customer, List<InvoiceFact> known)
    {
        var paidInOrder = known.Where(i => i.PaidOn is not null).OrderBy(i => i.PaidOn).ToList();
        var disputesInOrder = known.Where(i => i.DisputedOn is not null).Select(i => i.DisputedOn!.Value).Order().ToList();
        int paidSeen = 0, late = 0, disputes = 0;
        double daysLate = 0, daysToPay = 0, amountSum = 0;
        for (var n = 0; n < known.Count; n++)
        {
            var invoice = known[n];
            var day = invoice.IssuedOn;
            while (paidSeen < paidInOrder.Count && paidInOrder[paidSeen].PaidOn < day)
            {
                var p = paidInOrder[paidSeen++];
                late += p.PaidLate ? 1 : 0;
                daysLate += Math.Max(0, p.DaysBeyondTerms!.Value);
                daysToPay += p.PaidOn!.Value.DayNumber - p.IssuedOn.DayNumber;
            }

            while (disputes < disputesInOrder.Count && disputesInOrder[disputes] < day)
            {
                disputes++;
            }

            var usual = n == 0 ? invoice.AmountMinor : amountSum / n;
            double open = 0, overdue = 0;
            for (var k = 0; k < n; k++)
            {
                var before = known[k];
                if (before.PaidOn is null || before.PaidOn >= day)
                {
                    open += before.AmountMinor;
                    overdue += before.DueOn < day ? before.AmountMinor : 0;
                }
            }

            yield return new LateExample(invoice, new LateFeatures(
                paidSeen,
                paidSeen == 0 ? double.NaN : (double)late / paidSeen,
                paidSeen == 0 ? double.NaN : daysLate / paidSeen,
                paidSeen == 0 ? double.NaN : daysToPay / paidSeen,
                Ratio(invoice.AmountMinor, usual),
                invoice.DueOn.DayNumber - invoice.IssuedOn.DayNumber,
                Math.Max(0, day.DayNumber - customer.Since.DayNumber),
                Ratio(open, usual),
                Ratio(overdue, usual),
                disputes,
                day.Month,
                customer.Segment));
            amountSum += invoice.AmountMinor;
        }
    }

    private static double Ratio(double amount, double usual) => usual <= 0 ? 0 : amount / usual;

    /// <summary>
    /// Baseline 1, "the customer's prior late rate": probability late = the share of the customer's invoices paid
    /// before issue that were late; expected days late = their average days late. With no history, the portfolio's
    /// own rates over the training rows (<paramref name="portfolioLateRate"/>, <paramref name="portfolioDaysLate"/>).
    /// </summary>
    public static (double ProbabilityLate, double DaysLate) PriorLateRate(LateFeatures f, double portfolioLateRate, double portfolioDaysLate) =>
        f.PriorPaid == 0 ? (portfolioLateRate, portfolioDaysLate) : (f.PriorLateRate, f.PriorDaysLate);

    /// <summary>
    /// Baseline 2, "the customer's average days to pay": expected pay day = issue + the average days to pay of the
    /// invoices paid before issue; late (probability 1) when that falls after the due date, else 0. With no history,
    /// the portfolio's average days to pay.
    /// </summary>
    public static (double ProbabilityLate, double DaysLate) AverageDaysToPay(LateFeatures f, double portfolioDaysToPay)
    {
        var days = f.PriorPaid == 0 ? portfolioDaysToPay : f.PriorDaysToPay;
        var beyond = days - f.TermsDays;
        return (beyond > 0 ? 1 : 0, Math.Max(0, beyond));
    }

    /// <summary>The portfolio-wide fallbacks of the baselines, over paid training rows: late rate, days late, days to pay.</summary>
    public static (double LateRate, double DaysLate, double DaysToPay) PortfolioRates(IReadOnlyList<LateExample> paid) =>
        paid.Count == 0
            ? (0, 0, 30)
            : (paid.Average(e => e.Invoice.PaidLate ? 1.0 : 0.0),
               paid.Average(e => Math.Max(0, e.Invoice.DaysBeyondTerms!.Value)),
               paid.Average(e => (double)(e.Invoice.PaidOn!.Value.DayNumber - e.Invoice.IssuedOn.DayNumber)));

    /// <summary>
    /// The honest split at a cutoff: train on the invoices issued before it and paid before it (what was known then;
    /// their features already use only earlier facts); test on the invoices issued on or after it that are paid by
    /// <paramref name="asOf"/> (their truth is known now). Features of both come from <see cref="Examples"/> as of
    /// the cutoff for training and as of each test invoice's own issue day for testing.
    /// </summary>
    public static (IReadOnlyList<LateExample> Train, IReadOnlyList<LateExample> Test) Split(
        DateOnly cutoff, DateOnly asOf, IReadOnlyList<CustomerFact> customers, IReadOnlyList<InvoiceFact> invoices)
    {
        var train = Examples(cutoff.AddDays(-1), customers, invoices).Where(e => e.Invoice.PaidOn is not null).ToList();
        var test = Examples(asOf, customers, invoices).Where(e => e.Invoice.IssuedOn >= cutoff && e.Invoice.PaidOn is not null).ToList();
        return (train, test);
    }
}

/// <summary>Scores of a probabilistic forecast of a yes/no outcome and of a number (issue 13 §5's evaluation).</summary>
public static class ForecastScores
{
    /// <summary>
    /// Area under the ROC curve, as the Mann–Whitney statistic: the chance that a random positive scores above a random
    /// negative, ties counting half. NaN when one class is absent.
    /// </summary>
    public static double Auc(IReadOnlyList<(double Score, bool Positive)> rows)
    {
        var ordered = rows.OrderBy(r => r.Score).ToList();
        long positives = ordered.Count(r => r.Positive);
        long negatives = ordered.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        double rankSum = 0;
        for (var i = 0; i < ordered.Count;)
        {
            var j = i;
            while (j < ordered.Count && ordered[j].Score == ordered[i].Score)
            {
                j++;
            }

            var averageRank = (i + 1 + j) / 2.0; // ranks i+1..j share their mean
            rankSum += averageRank * ordered.Skip(i).Take(j - i).Count(r => r.Positive);
            i = j;
        }

        return (rankSum - (positives * (positives + 1) / 2.0)) / (positives * (double)negatives);
    }

    /// <summary>Brier score: the mean squared gap between the probability and the outcome (0 perfect, 0.25 a coin).</summary>
    public static double Brier(IReadOnlyList<(double Probability, bool Positive)> rows) =>
        rows.Count == 0 ? double.NaN : rows.Average(r => Math.Pow(r.Probability - (r.Positive ? 1 : 0), 2));

    /// <summary>Mean absolute error.</summary>
    public static double Mae(IReadOnlyList<(double Predicted, double Actual)> rows) =>
        rows.Count == 0 ? double.NaN : rows.Average(r => Math.Abs(r.Predicted - r.Actual));

    /// <summary>The q-quantile (0..1) of <paramref name="values"/> by linear interpolation between closest ranks; NaN when empty.</summary>
    public static double Quantile(IReadOnlyList<double> values, double q)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToList();
        var position = q * (sorted.Count - 1);
        var low = (int)Math.Floor(position);
        var high = (int)Math.Ceiling(position);
        return sorted[low] + ((sorted[high] - sorted[low]) * (position - low));
    }
}
