using Credo.Domain.Common;
using Credo.Domain.Creditworthiness;

namespace Credo.Domain.Analytics;

/// <summary>An invoice paid in full: the <see cref="PaidInvoice"/> the score uses, and its issue date.</summary>
public sealed record PaidItem(PaidInvoice Paid, DateOnly IssuedOn);

/// <summary>
/// How a customer paid over one window up to the as-of date (amounts weigh every average; days in one currency):
/// <see cref="DaysToPay"/> = paid − issued; <see cref="DaysBeyondTerms"/> = paid − due over all invoices (early is
/// negative); <see cref="DaysLate"/> = paid − due over the late ones only (ADD); <see cref="PercentOnTime"/> = share of
/// invoices (by count) paid on or before the due date; <see cref="Paydex"/> the PAYDEX-like score. Null: no invoice
/// paid in the window.
/// </summary>
public sealed record BehaviourWindow(int Months, int InvoiceCount, decimal? DaysToPay, decimal? DaysBeyondTerms, decimal? DaysLate, decimal? PercentOnTime, decimal? Paydex);

public static class PaymentBehaviour
{
    /// <summary>The windows shown: the trend over 3, 6 and 12 months, and the score's 24.</summary>
    public static IReadOnlyList<int> Windows { get; } = [3, 6, 12, 24];

    /// <summary>One window ending on <paramref name="asOf"/>; the score and its averages are <see cref="PaymentScoring"/>'s own.</summary>
    public static Result<BehaviourWindow> Of(IReadOnlyList<PaidItem> paid, DateOnly asOf, int months)
    {
        var score = PaymentScoring.Score([.. paid.Select(p => p.Paid)], asOf, months);
        if (!score.IsOk)
        {
            return score.Error!;
        }

        if (score.Value is not PaymentScore.Scored scored)
        {
            return new BehaviourWindow(months, 0, null, null, null, null, null);
        }

        var since = PaymentScoring.WindowStart(asOf, months);
        var inWindow = paid.Where(p => p.Paid.PaidOn >= since && p.Paid.PaidOn <= asOf).ToList();
        decimal weight = inWindow.Sum(p => (decimal)p.Paid.Amount.Minor);
        var daysToPay = inWindow.Sum(p => (decimal)p.Paid.Amount.Minor * (p.Paid.PaidOn.DayNumber - p.IssuedOn.DayNumber)) / weight;
        var onTime = inWindow.Count(p => p.Paid.DaysBeyondTerms <= 0) * 100m / inWindow.Count;
        return new BehaviourWindow(months, scored.InvoiceCount, daysToPay, scored.WeightedDaysBeyondTerms, scored.AverageDaysDelinquent, onTime, scored.Paydex);
    }
}
