using Credo.Domain.Customers;
using Credo.Domain.Amounts;

namespace Credo.Domain.Credit;

public enum CheckOutcome
{
    Approved,
    Held,
}

/// <summary>
/// Why an order is held, as a stable <see cref="Code"/> plus the numbers behind it: the level and by how much
/// (limit-exceeded), the overdue amount and age (overdue), the status (customer-status).
/// </summary>
public sealed record HoldReason(
    string Code,
    string Message,
    LimitLevel? Level = null,
    string? Key = null,
    long? AmountMinor = null,
    string? Currency = null,
    int? Days = null,
    string? Rule = null)
{
    public const string LimitExceeded = "limit-exceeded";
    public const string Overdue = "overdue";
    public const string CustomerStatus = "customer-status";
    public const string LimitExpired = "limit-expired";
    public const string ReviewOverdue = "review-overdue";
    public const string NoLimit = "no-limit";
    public const string NoExchangeRate = "no-exchange-rate";

    /// <summary>A payment can clear these; nothing but a person can clear the others.</summary>
    public bool PaymentCanClear => Code is LimitExceeded or Overdue;
}

/// <summary>Headroom at one level of the path, before and after the order, in the level's currency.</summary>
public sealed record LevelHeadroom(
    LimitLevel Level,
    string Key,
    string Currency,
    long? LimitMinor,
    long UsedMinor,
    long RequestedMinor,
    long? HeadroomMinor,
    long? HeadroomAfterMinor,
    bool Binding)
{
    /// <summary>The level's exposure by category (which of them count), when known.</summary>
    public Exposure? Exposure { get; init; }
}

/// <summary>
/// The answer to "may this order ship on credit?". Held answers carry every reason and, where a payment can clear
/// them, the graduated ways out: the part of the order that fits now and the payment that would release all of it.
/// </summary>
public sealed record CheckDecision(
    CheckOutcome Outcome,
    Money Amount,
    IReadOnlyList<LevelHeadroom> Levels,
    IReadOnlyList<HoldReason> Reasons,
    Money? FittingPart,
    Money? ReleasingPayment)
{
    public bool IsApproved => Outcome == CheckOutcome.Approved;

    /// <summary>The binding level (the one that leaves the least room for this order), if any level has a ceiling.</summary>
    public LevelHeadroom? Binding => Levels.FirstOrDefault(l => l.Binding);
}

/// <summary>Everything a credit check decides on; gathered by the host, decided here.</summary>
public sealed record CheckFacts(
    DateOnly AsOf,
    Money Amount,
    CustomerStatus Status,
    IReadOnlyList<PathNode> Path,
    IReadOnlyList<OpenDebit> OpenDebits,
    IReadOnlyList<BlockRule> Rules,
    RateTable Rates);

/// <summary>The credit-check decision: pure, deterministic, explained.</summary>
public static class CreditCheck
{
    public static CheckDecision Decide(CheckFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var fits = facts.Path.Select(n => FittingMinor(n, facts.Amount.Minor, facts.AsOf)).ToList();
        var bindingIndex = BindingIndex(facts.Path, fits);
        var levels = facts.Path.Select((n, i) => Headroom(n, facts.AsOf, i == bindingIndex)).ToList();

        var limitReasons = facts.Path.Where(n => !n.Fits(facts.AsOf)).Select(n => Exceeded(n, facts.AsOf));
        var ruleReasons = facts.Rules.Where(r => r.Enabled).SelectMany(r => Fire(r, facts));
        var reasons = limitReasons.Concat(ruleReasons).ToList();
        if (reasons.Count == 0)
        {
            return new CheckDecision(CheckOutcome.Approved, facts.Amount, levels, [], null, null);
        }

        var onlyLimits = reasons.All(r => r.Code == HoldReason.LimitExceeded);
        var fitting = onlyLimits && bindingIndex >= 0 ? new Money(fits[bindingIndex], facts.Amount.Currency) : (Money?)null;
        var releasing = reasons.All(r => r.PaymentCanClear) ? ReleasingPayment(facts, reasons) : null;
        return new CheckDecision(CheckOutcome.Held, facts.Amount, levels, reasons, fitting, releasing);
    }

    /// <summary>
    /// The part of the order (in the order's currency, rounded down) that fits the node's headroom. The node's
    /// request is the order converted, so the order is scaled by headroom / request rather than converted back.
    /// </summary>
    public static long FittingMinor(PathNode node, long orderMinor, DateOnly asOf)
    {
        if (node.HeadroomMinor(asOf) is not { } headroom)
        {
            return orderMinor;
        }

        if (headroom <= 0)
        {
            return 0;
        }

        if (node.RequestedMinor <= headroom)
        {
            return orderMinor;
        }

        return (long)((Int128)orderMinor * headroom / node.RequestedMinor);
    }

    private static int BindingIndex(IReadOnlyList<PathNode> path, List<long> fits)
    {
        var index = -1;
        for (var i = 0; i < path.Count; i++)
        {
            if (path[i].Limit.HasCeiling && (index < 0 || fits[i] < fits[index]))
            {
                index = i;
            }
        }

        return index;
    }

    private static LevelHeadroom Headroom(PathNode n, DateOnly asOf, bool binding)
    {
        var headroom = n.HeadroomMinor(asOf);
        return new LevelHeadroom(n.Level, n.Key, n.Currency, n.Limit.EffectiveMinor(asOf), n.UsedMinor, n.RequestedMinor, headroom, headroom - n.RequestedMinor, binding) { Exposure = n.Exposure };
    }

    private static HoldReason Exceeded(PathNode n, DateOnly asOf)
    {
        var shortfall = n.ShortfallMinor(asOf);
        return new HoldReason(
            HoldReason.LimitExceeded,
            $"The order exceeds the {n.Level.ToString().ToLowerInvariant()} limit of '{n.Key}' by {new Money(shortfall, Currency.Of(n.Currency)).ToDisplayString()}.",
            n.Level,
            n.Key,
            shortfall,
            n.Currency);
    }

    private static IEnumerable<HoldReason> Fire(BlockRule rule, CheckFacts facts) => rule.Kind switch
    {
        BlockRuleKind.CustomerStatus => facts.Status is CustomerStatus.OnHold or CustomerStatus.Blocked or CustomerStatus.Closed
            ? [new HoldReason(HoldReason.CustomerStatus, $"The customer is {facts.Status}.", Rule: rule.Code)]
            : [],
        BlockRuleKind.Overdue => Overdue(rule, facts),
        BlockRuleKind.LimitExpired => facts.Path.Where(n => n.Limit.IsExpired(facts.AsOf)).Select(n =>
            new HoldReason(HoldReason.LimitExpired, $"The {n.Level.ToString().ToLowerInvariant()} limit of '{n.Key}' expired on {n.Limit.ExpiresOn:yyyy-MM-dd}.", n.Level, n.Key, Rule: rule.Code)),
        BlockRuleKind.ReviewOverdue => facts.Path.Where(n => n.Limit.IsReviewOverdue(facts.AsOf)).Select(n =>
            new HoldReason(HoldReason.ReviewOverdue, $"The {n.Level.ToString().ToLowerInvariant()} limit of '{n.Key}' was due for review on {n.Limit.ReviewOn:yyyy-MM-dd}.", n.Level, n.Key, Days: facts.AsOf.DayNumber - n.Limit.ReviewOn!.Value.DayNumber, Rule: rule.Code)),
        BlockRuleKind.NoLimit => facts.Path.Any(n => n.Limit.HasCeiling)
            ? []
            : [new HoldReason(HoldReason.NoLimit, "No credit limit is set at any level for this customer.", Rule: rule.Code)],
    };

    private static IEnumerable<HoldReason> Overdue(BlockRule rule, CheckFacts facts)
    {
        var currency = Currency.Of(rule.Currency!);
        var cutoff = facts.AsOf.AddDays(-(rule.Days ?? 0));
        var overdue = facts.OpenDebits.Where(d => d.DueOn < cutoff && d.Open.IsPositive).ToList();
        if (overdue.Count == 0)
        {
            return [];
        }

        long total = 0;
        foreach (var item in overdue)
        {
            var converted = facts.Rates.Convert(item.Open, currency, facts.AsOf);
            if (!converted.IsOk)
            {
                // A fact we cannot value refers the case to a person; it never approves.
                return [new HoldReason(HoldReason.NoExchangeRate, converted.Error!.Message, Currency: item.Open.Currency.Code, Rule: rule.Code)];
            }

            total = checked(total + converted.Value.Minor);
        }

        if (total <= rule.ThresholdMinor)
        {
            return [];
        }

        var oldestDays = facts.AsOf.DayNumber - overdue.Min(d => d.DueOn).DayNumber;
        return [new HoldReason(HoldReason.Overdue, $"{OverdueInOwnCurrencies(overdue, new Money(total, currency))} is overdue by more than {rule.Days} days (oldest {oldestDays} days).", AmountMinor: total, Currency: currency.Code, Days: oldestDays, Rule: rule.Code)];
    }

    /// <summary>
    /// The overdue amount as the customer owes it, in its own currencies (issue 12 §4: a CAD customer's overdue was
    /// shown in USD), with the rule's currency value beside it when that differs: "12,000.00 CAD (8,760.00 USD)".
    /// </summary>
    private static string OverdueInOwnCurrencies(List<OpenDebit> overdue, Money inRuleCurrency)
    {
        var own = overdue.GroupBy(d => d.Open.Currency).OrderBy(g => g.Key.Code, StringComparer.Ordinal)
            .Select(g => new Money(g.Aggregate(0L, (sum, d) => checked(sum + d.Open.Minor)), g.Key)).ToList();
        return own is [var single] && single.Currency == inRuleCurrency.Currency
            ? inRuleCurrency.ToDisplayString()
            : $"{string.Join(" and ", own.Select(m => m.ToDisplayString()))} ({inRuleCurrency.ToDisplayString()})";
    }

    /// <summary>
    /// The payment (in the order's currency, rounded up) after which the whole order would pass: the largest
    /// shortfall over the levels, and the overdue amount above each overdue rule's threshold.
    /// </summary>
    private static Money? ReleasingPayment(CheckFacts facts, List<HoldReason> reasons)
    {
        long needed = 0;
        foreach (var node in facts.Path)
        {
            var shortfall = node.ShortfallMinor(facts.AsOf);
            if (shortfall > 0)
            {
                var inOrder = node.RequestedMinor == 0
                    ? shortfall
                    : (long)(((Int128)shortfall * facts.Amount.Minor + node.RequestedMinor - 1) / node.RequestedMinor);
                needed = Math.Max(needed, inOrder);
            }
        }

        foreach (var reason in reasons.Where(r => r.Code == HoldReason.Overdue))
        {
            var rule = facts.Rules.First(r => r.Code == reason.Rule);
            var above = new Money(reason.AmountMinor!.Value - rule.ThresholdMinor!.Value, Currency.Of(rule.Currency!));
            var converted = facts.Rates.Convert(above, facts.Amount.Currency, facts.AsOf, Rounding.Up);
            if (!converted.IsOk)
            {
                return null;
            }

            needed = Math.Max(needed, converted.Value.Minor);
        }

        return needed > 0 ? new Money(needed, facts.Amount.Currency) : null;
    }
}
