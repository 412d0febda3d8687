using Credo.Domain.Amounts;
using Credo.Domain.Common;

namespace Credo.Domain.Creditworthiness;

/// <summary>One invoice the customer has paid in full: its amount, when it was due and when it was paid.</summary>
public sealed record PaidInvoice(Money Amount, DateOnly DueOn, DateOnly PaidOn)
{
    /// <summary>Paid date minus due date: negative is early, zero on terms, positive late.</summary>
    public int DaysBeyondTerms => PaidOn.DayNumber - DueOn.DayNumber;
}

/// <summary>
/// The outcome of scoring a payment history: either <see cref="Missing"/> (no paid invoices, so no evidence, which is
/// not the same as a score of zero) or <see cref="Scored"/>. The hierarchy is closed (private constructor).
/// </summary>
public abstract record PaymentScore
{
    private PaymentScore()
    {
    }

    /// <summary>No paid history: the fact is missing and a policy must treat it as such (refer, never approve).</summary>
    public sealed record Missing : PaymentScore;

    /// <param name="Paydex">The PAYDEX-like score, 1..100, unrounded (see <see cref="PaymentScoring"/>).</param>
    /// <param name="WeightedDaysBeyondTerms">Amount-weighted mean of paid minus due over all paid invoices.</param>
    /// <param name="AverageDaysDelinquent">
    /// ADD: amount-weighted mean days late over the late invoices only (0 when none was late).
    /// </param>
    /// <param name="LateShare">Share (0..1) of the paid amount that was paid late.</param>
    /// <param name="InvoiceCount">How many paid invoices the score rests on.</param>
    public sealed record Scored(decimal Paydex, decimal WeightedDaysBeyondTerms, decimal AverageDaysDelinquent, decimal LateShare, int InvoiceCount) : PaymentScore
    {
        /// <summary>The score as D&amp;B shows it: a whole number, halves rounded away from zero.</summary>
        public int PaydexRounded => (int)decimal.Round(Paydex, 0, MidpointRounding.AwayFromZero);
    }
}

/// <summary>
/// A PAYDEX-like score from the customer's own paid invoices. The amount-weighted average days beyond terms is mapped
/// through the anchors (days beyond terms → score): −30 → 100, −20 → 90, −10 → 85, 0 → 80, 23 → 59, 30 → 50, 45 → 45,
/// linearly between anchors.
/// <para>
/// Beyond the ends: earlier than 30 days early scores 100 (the ceiling). Later than 45 days late the 30→45 slope
/// (−1 point per 3 days) continues, down to a floor of 1: so 60 days late scores 40, 90 scores 30, 120 scores 20
/// (which are the points D&amp;B publishes for those delays), and 177 days late or more scores 1. A clamp at 45 would
/// make 46 and 400 days late look alike, which hides exactly the accounts a credit manager needs to see.
/// </para>
/// <para>
/// Invoices must share one currency (amounts are weights; mixing currencies without a rate is refused) and have a
/// positive amount.
/// </para>
/// </summary>
public static class PaymentScoring
{
    public const decimal Floor = 1m;

    public const decimal Ceiling = 100m;

    /// <summary>The anchors, days beyond terms ascending.</summary>
    public static IReadOnlyList<(int DaysBeyondTerms, decimal Score)> Anchors { get; } =
    [
        (-30, 100m), (-20, 90m), (-10, 85m), (0, 80m), (23, 59m), (30, 50m), (45, 45m),
    ];

    /// <summary>The look-back window when none is chosen: invoices paid in the 24 months up to the as-of date.</summary>
    public const int DefaultLookBackMonths = 24;

    /// <summary>
    /// The score as of <paramref name="asOf"/> over a look-back window: only invoices paid on or after
    /// <c>asOf − lookBackMonths</c> and on or before <paramref name="asOf"/> count (so an old ledger is scored by asking
    /// as of a date inside it, and a later payment never leaks into an earlier score).
    /// </summary>
    public static Result<PaymentScore> Score(IReadOnlyList<PaidInvoice> paid, DateOnly asOf, int lookBackMonths = DefaultLookBackMonths)
    {
        if (lookBackMonths is < 1 or > 240)
        {
            return new ValidationFailed("lookBackMonths", "The look-back is 1 to 240 months.");
        }

        var since = WindowStart(asOf, lookBackMonths);
        return Score([.. paid.Where(p => p.PaidOn >= since && p.PaidOn <= asOf)]);
    }

    /// <summary>The first day of the look-back window ending on <paramref name="asOf"/>.</summary>
    public static DateOnly WindowStart(DateOnly asOf, int lookBackMonths) => asOf.AddMonths(-lookBackMonths);

    public static Result<PaymentScore> Score(IReadOnlyList<PaidInvoice> paid)
    {
        if (paid.Count == 0)
        {
            return new PaymentScore.Missing();
        }

        var currency = paid[0].Amount.Currency;
        for (var i = 0; i < paid.Count; i++)
        {
            if (paid[i].Amount.Currency != currency)
            {
                return new ValidationFailed($"paid[{i}].amount", $"All invoices must be in one currency; found {paid[i].Amount.Currency.Code} after {currency.Code}.");
            }

            if (!paid[i].Amount.IsPositive)
            {
                return new ValidationFailed($"paid[{i}].amount", "A paid invoice must have a positive amount.");
            }
        }

        decimal totalWeight = paid.Sum(p => (decimal)p.Amount.Minor);
        var weightedDays = paid.Sum(p => (decimal)p.Amount.Minor * p.DaysBeyondTerms) / totalWeight;
        var late = paid.Where(p => p.DaysBeyondTerms > 0).ToList();
        decimal lateWeight = late.Sum(p => (decimal)p.Amount.Minor);
        var add = lateWeight == 0 ? 0m : late.Sum(p => (decimal)p.Amount.Minor * p.DaysBeyondTerms) / lateWeight;
        return new PaymentScore.Scored(ScoreFor(weightedDays), weightedDays, add, lateWeight / totalWeight, paid.Count);
    }

    /// <summary>Maps average days beyond terms to the score (see the class remarks for the ends).</summary>
    public static decimal ScoreFor(decimal daysBeyondTerms)
    {
        var first = Anchors[0];
        if (daysBeyondTerms <= first.DaysBeyondTerms)
        {
            return Ceiling;
        }

        for (var i = 1; i < Anchors.Count; i++)
        {
            var (toDays, toScore) = Anchors[i];
            if (daysBeyondTerms <= toDays)
            {
                var (fromDays, fromScore) = Anchors[i - 1];
                return Interpolate(daysBeyondTerms, fromDays, fromScore, toDays, toScore);
            }
        }

        var (d30, s30) = Anchors[^2];
        var (d45, s45) = Anchors[^1];
        return Math.Max(Floor, Interpolate(daysBeyondTerms, d30, s30, d45, s45));
    }

    private static decimal Interpolate(decimal x, int x0, decimal y0, int x1, decimal y1) =>
        y0 + ((x - x0) * (y1 - y0) / (x1 - x0));
}
