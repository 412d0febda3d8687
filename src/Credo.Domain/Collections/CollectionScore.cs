using Credo.Domain.Amounts;

namespace Credo.Domain.Collections;

using Money = Credo.Domain.Amounts.Money;

/// <summary>What the worklist knows about a customer when it ranks it.</summary>
/// <param name="Overdue">Each overdue item's open amount and days past due (disputed and promised items are not here).</param>
/// <param name="BrokenPromises">Promises broken in the last 90 days.</param>
/// <param name="Balance">Everything the customer owes, overdue or not, per currency (the exposure).</param>
/// <param name="PromisesDueToday">Open promises falling due today: worth a check.</param>
public sealed record WorklistFacts(IReadOnlyList<(Money Open, int DaysPastDue)> Overdue, int BrokenPromises, IReadOnlyList<Money> Balance, int PromisesDueToday)
{
    /// <summary>Escalations to a manager in the last 30 days.</summary>
    public int Escalations { get; init; }

    /// <summary>The currency amounts are ranked in; null counts every currency at face value (one currency only).</summary>
    public Currency? Reporting { get; init; }

    /// <summary>The exchange-rate history used to convert into <see cref="Reporting"/> at <see cref="AsOf"/>.</summary>
    public Credo.Domain.Credit.RateTable? Rates { get; init; }

    public DateOnly AsOf { get; init; }

    /// <summary>
    /// Overdue items with a payment prediction: the open amount and the days from the as-of date until the predicted pay
    /// day (the analytics issue's prediction); empty when there is none, and the rank falls back to amount × days late.
    /// </summary>
    public IReadOnlyList<(Money Open, int DaysUntilPaid)> Predicted { get; init; } = [];

    /// <summary>The risk class of the customer's latest credit decision (the scorecard's words), or null.</summary>
    public string? RiskClass { get; init; }

    /// <summary>Promises kept in the last 12 months (the customer's promise history): each lowers the rank.</summary>
    public int KeptPromises { get; init; }
}

/// <summary>One part of a rank, with the sentence that explains it.</summary>
public sealed record ScoreReason(long Points, string Text);

public sealed record WorklistScore(long Points, IReadOnlyList<ScoreReason> Reasons);

/// <summary>
/// The worklist's rank, transparent: every point comes with its reason. Amount × days: one point per 1,000 of
/// currency (major units) overdue per day late; 300 points per broken promise; one point per 1,000 owed in all
/// (exposure); 100 points when a promise falls due today; 200 points while escalated to a manager (30 days). Amounts
/// are converted into the reporting currency at the rates in effect on the day; an amount without a rate is left out of
/// the points and a reason says so plainly (never counted at a rate of 1).
/// </summary>
public static class CollectionScore
{
    public const long PerBrokenPromise = 300;
    public const long PerPromiseDueToday = 100;
    public const long PerEscalation = 200;
    public const long PerKeptPromise = -50;

    /// <summary>Points by risk class (case-insensitive): the scorecard's usual classes; any other class is shown with no points.</summary>
    public static readonly IReadOnlyDictionary<string, long> RiskPoints = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase)
    {
        ["high"] = 200, ["medium"] = 50, ["low"] = 0,
    };

    public static WorklistScore Rank(WorklistFacts facts)
    {
        var reasons = new List<ScoreReason>();
        var missing = new List<Money>();
        if (facts.Overdue.Count > 0)
        {
            var amountDays = facts.Overdue.Select(o => (Converted: Convert(facts, o.Open, missing), o.DaysPastDue)).Where(x => x.Converted is not null)
                .Sum(x => x.Converted!.Value.Major * x.DaysPastDue) / 1000m;
            var totals = DunningPlanner.Totals(facts.Overdue.Select(o => o.Open));
            var oldest = facts.Overdue.Max(o => o.DaysPastDue);
            reasons.Add(new ScoreReason((long)decimal.Round(amountDays, MidpointRounding.AwayFromZero), $"{DunningPlanner.Describe(totals)} overdue on {Count(facts.Overdue.Count, "item")}, the oldest {Count(oldest, "day")} late{InReporting(facts, totals)}"));
        }

        Predicted(facts, missing, reasons);
        Promises(facts, reasons);
        if (facts.Escalations > 0)
        {
            reasons.Add(new ScoreReason(PerEscalation, "Escalated to a manager in the last 30 days"));
        }

        var exposure = facts.Balance.Select(b => Convert(facts, b, missing)).Where(b => b is not null).Sum(b => Math.Max(0m, b!.Value.Major)) / 1000m;
        if (exposure >= 1m)
        {
            reasons.Add(new ScoreReason((long)decimal.Round(exposure, MidpointRounding.AwayFromZero), $"{DunningPlanner.Describe(facts.Balance)} owed in all"));
        }

        if (facts.RiskClass is { Length: > 0 } risk)
        {
            var points = RiskPoints.GetValueOrDefault(risk.Trim());
            reasons.Add(new ScoreReason(points, $"Risk class {risk.Trim().ToLowerInvariant()} at the latest credit decision{(points == 0 ? ": adds nothing" : string.Empty)}"));
        }

        foreach (var code in missing.Select(m => m.Currency).Distinct())
        {
            reasons.Add(new ScoreReason(0, $"No exchange rate from {code.Code} to {facts.Reporting!.Value.Code} on {facts.AsOf:yyyy-MM-dd}: amounts in {code.Code} are left out of the rank"));
        }

        return new WorklistScore(reasons.Sum(r => r.Points), reasons);
    }

    /// <summary>Amount × days until the predicted pay day, one point per 1,000 per day, when the prediction is known.</summary>
    private static void Predicted(WorklistFacts facts, List<Money> missing, List<ScoreReason> reasons)
    {
        var known = facts.Predicted.Where(p => p.DaysUntilPaid > 0).ToList();
        if (known.Count == 0)
        {
            return;
        }

        var converted = known.Select(p => (Converted: Convert(facts, p.Open, missing), p.DaysUntilPaid)).Where(x => x.Converted is not null).ToList();
        var weight = converted.Sum(x => x.Converted!.Value.Major);
        var points = converted.Sum(x => x.Converted!.Value.Major * x.DaysUntilPaid) / 1000m;
        var days = weight > 0 ? (int)decimal.Round(converted.Sum(x => x.Converted!.Value.Major * x.DaysUntilPaid) / weight, MidpointRounding.AwayFromZero) : known.Max(p => p.DaysUntilPaid);
        reasons.Add(new ScoreReason((long)decimal.Round(points, MidpointRounding.AwayFromZero),
            $"Predicted to stay unpaid {Count(days, "day")} more on average ({DunningPlanner.Describe(DunningPlanner.Totals(known.Select(p => p.Open)))} by the payment prediction)"));
    }

    /// <summary>The promise history: broken promises raise the rank, kept ones lower it, one due today asks for a check.</summary>
    private static void Promises(WorklistFacts facts, List<ScoreReason> reasons)
    {
        if (facts.BrokenPromises > 0)
        {
            reasons.Add(new ScoreReason(facts.BrokenPromises * PerBrokenPromise, $"{Count(facts.BrokenPromises, "promise")} to pay broken in the last 90 days"));
        }

        if (facts.KeptPromises > 0)
        {
            reasons.Add(new ScoreReason(facts.KeptPromises * PerKeptPromise, $"{Count(facts.KeptPromises, "promise")} to pay kept in the last 12 months"));
        }

        if (facts.PromisesDueToday > 0)
        {
            reasons.Add(new ScoreReason(facts.PromisesDueToday * PerPromiseDueToday, $"{Count(facts.PromisesDueToday, "promise")} to pay due today: check it was kept"));
        }
    }

    /// <summary>The amount in the reporting currency, or null (noted in <paramref name="missing"/>) when no rate is in effect.</summary>
    private static Money? Convert(WorklistFacts facts, Money amount, List<Money> missing)
    {
        if (facts.Reporting is not { } to || amount.Currency == to)
        {
            return amount;
        }

        var converted = (facts.Rates ?? Credo.Domain.Credit.RateTable.Empty).Convert(amount, to, facts.AsOf);
        if (converted.IsOk)
        {
            return converted.Value;
        }

        missing.Add(amount);
        return null;
    }

    /// <summary>" (12,345.67 USD at the rates of 2026-12-07)" when some total is in another currency and every one converts.</summary>
    private static string InReporting(WorklistFacts facts, IReadOnlyList<Money> totals)
    {
        if (facts.Reporting is not { } to || totals.All(t => t.Currency == to))
        {
            return string.Empty;
        }

        var converted = totals.Select(t => Convert(facts, t, [])).ToList();
        return converted.Any(c => c is null) ? string.Empty : $" ({converted.Aggregate(Money.Zero(to), (sum, c) => sum + c!.Value).ToDisplayString()} at the rates of {facts.AsOf:yyyy-MM-dd})";
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}

/// <summary>Who an assignment rule names a collector for: one customer, a corporate group (and all below it), or a segment.</summary>
public enum AssignmentScope
{
    Customer,
    Group,
    Segment,
}

/// <summary>An assignment rule as data: <paramref name="Key"/> is a customer number, a group code, or "dimension:code".</summary>
public sealed record AssignmentRule(AssignmentScope Scope, string Key, string Collector);

public static class CollectorAssignment
{
    /// <summary>
    /// The rule that assigns a customer: its own rule first, then the nearest group up its group path, then the first
    /// matching segment rule; null when no rule matches (the customer is unassigned, visible to managers).
    /// </summary>
    public static AssignmentRule? Resolve(IReadOnlyList<AssignmentRule> rules, string customerNumber, IReadOnlyList<string> groupPath, IReadOnlyList<string> segments) =>
        rules.FirstOrDefault(r => r.Scope == AssignmentScope.Customer && string.Equals(r.Key, customerNumber, StringComparison.OrdinalIgnoreCase))
        ?? groupPath.Select(g => rules.FirstOrDefault(r => r.Scope == AssignmentScope.Group && string.Equals(r.Key, g, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(r => r is not null)
        ?? rules.FirstOrDefault(r => r.Scope == AssignmentScope.Segment && segments.Contains(r.Key, StringComparer.OrdinalIgnoreCase));
}
