using Credo.Domain.Amounts;

namespace Credo.Domain.Collections;

using Money = Credo.Domain.Amounts.Money;

/// <summary>An open debit item as the dunning run sees it.</summary>
/// <param name="LastLevelSent">The highest level index a message has already listed this item at, or null.</param>
/// <param name="PromisedBy">The date of an open promise (or payment-plan instalment) covering this item, or null.</param>
/// <param name="Chargeable">Fees and interest may be charged on it (an invoice; not a fee or interest charge itself).</param>
/// <param name="InterestThrough">The last day interest was charged on it, or null (then interest runs from its due date).</param>
public sealed record DunningItem(long Id, string Document, DateOnly DueOn, Money Open, bool Disputed, int? LastLevelSent, DateOnly? PromisedBy, bool Chargeable = true, DateOnly? InterestThrough = null);

/// <summary>Who a message goes to: the contact's name and email (null for a letter or call without one).</summary>
public sealed record DunningRecipient(string Name, string? Email, string? Phone);

/// <summary>A customer with everything the dunning decision needs; nothing is read from anywhere else.</summary>
/// <param name="LastMessageOn">The date of the last dunning message to this customer, for the quiet period.</param>
/// <param name="OnPaymentPlan">An active payment plan: nothing is chased while it runs.</param>
public sealed record DunningCustomer(
    long Id,
    string Number,
    string Name,
    string Language,
    DunningRecipient? Recipient,
    DateOnly? LastMessageOn,
    bool OnPaymentPlan,
    IReadOnlyList<DunningItem> Items)
{
    /// <summary>The customer's segments ("dimension:code"), for strategy rules.</summary>
    public IReadOnlyCollection<string> Segments { get; init; } = [];

    /// <summary>The risk class of the customer's latest credit decision, for strategy rules; null when none.</summary>
    public string? RiskClass { get; init; }

    /// <summary>Reminders are held until this day (a reply said it is paid, the wrong contact, or away): none goes before it.</summary>
    public DateOnly? RemindersHeldUntil { get; init; }
}

/// <summary>Why an item or a customer is left out of a run.</summary>
public enum ExclusionReason
{
    Disputed,
    UnderPromise,
    PaymentPlan,
    TinyBalance,
    BelowMinimum,
    QuietPeriod,
    AlreadyReminded,
    NoContact,
    RemindersHeld, // replies (issue 14 §6): held after a reply (paid, wrong contact, out of office)
}

/// <summary>A reason to leave something out, with the sentence a person reads.</summary>
public sealed record Exclusion(ExclusionReason Reason, string Text);

/// <summary>An item listed in a message, at its level; <paramref name="Escalated"/> when it reaches this level for the first time.</summary>
public sealed record PlannedItem(DunningItem Item, int LevelIndex, int DaysPastDue, bool Escalated, Money? Fee, Money? Interest = null);

public sealed record ExcludedItem(DunningItem Item, int LevelIndex, Exclusion Why);

/// <summary>The one message a customer gets: its level is the highest of its items; it lists every item due a reminder.</summary>
public sealed record PlannedMessage(int LevelIndex, DunningLevel Level, string TemplateKey, IReadOnlyList<PlannedItem> Items, IReadOnlyList<Money> Totals, IReadOnlyList<Money> Fees)
{
    public bool CreditHold => Level.CreditHold;

    /// <summary>Statutory interest charged with this message, per currency.</summary>
    public IReadOnlyList<Money> InterestTotals { get; init; } = [];
}

/// <summary>What the run does for one customer: a message or the reason there is none, and every item left out with why.</summary>
public sealed record CustomerPlan(DunningCustomer Customer, PlannedMessage? Message, Exclusion? LeftOut, IReadOnlyList<ExcludedItem> ExcludedItems)
{
    /// <summary>The strategy the customer was planned on (its name) and the policy with that strategy's levels.</summary>
    public string Strategy { get; init; } = "Standard";

    public DunningPolicy? Policy { get; init; }
}

/// <summary>
/// The dunning decision, pure: for each customer, the level of each open item (by days from its due date), the items
/// left out (disputed, promised, tiny) with their reason, and one consolidated message per customer and contact — or
/// the reason the customer gets none (payment plan, quiet period, below the level's minimum, nothing new, no contact).
/// </summary>
public static class DunningPlanner
{
    /// <summary>Plans every customer on the strategy its segments and risk class choose (the policy's own levels when none).</summary>
    public static IReadOnlyList<CustomerPlan> Plan(DunningPolicy policy, IEnumerable<DunningCustomer> customers, DateOnly asOf) =>
        [.. customers.Select(c => PlanOnStrategy(policy, c, asOf)).Where(p => p.Message is not null || p.LeftOut is not null || p.ExcludedItems.Count > 0)];

    public static CustomerPlan PlanOnStrategy(DunningPolicy policy, DunningCustomer customer, DateOnly asOf)
    {
        var (_, name, chosen) = DunningStrategies.For(policy, customer.Segments, customer.RiskClass);
        return PlanCustomer(chosen, customer, asOf) with { Strategy = name, Policy = chosen };
    }

    public static CustomerPlan PlanCustomer(DunningPolicy policy, DunningCustomer customer, DateOnly asOf)
    {
        var atLevel = customer.Items
            .Select(i => (Item: i, Days: asOf.DayNumber - i.DueOn.DayNumber))
            .Select(x => (x.Item, x.Days, Level: policy.LevelFor(x.Days)))
            .Where(x => x.Level is not null)
            .Select(x => (x.Item, x.Days, Level: x.Level!.Value))
            .ToList();
        if (atLevel.Count == 0)
        {
            return new CustomerPlan(customer, null, null, []);
        }

        if (customer.OnPaymentPlan)
        {
            var plan = new Exclusion(ExclusionReason.PaymentPlan, "The customer is on a payment plan.");
            return new CustomerPlan(customer, null, plan, [.. atLevel.Select(x => new ExcludedItem(x.Item, x.Level, plan))]);
        }

        if (customer.RemindersHeldUntil is { } held && asOf < held)
        {
            var hold = new Exclusion(ExclusionReason.RemindersHeld, $"Reminders are held until {held:yyyy-MM-dd} after the customer's reply.");
            return new CustomerPlan(customer, null, hold, [.. atLevel.Select(x => new ExcludedItem(x.Item, x.Level, hold))]);
        }

        var excluded = new List<ExcludedItem>();
        var listed = new List<(DunningItem Item, int Days, int Level)>();
        foreach (var x in atLevel)
        {
            if (ItemExclusion(policy, x.Item) is { } why)
            {
                excluded.Add(new ExcludedItem(x.Item, x.Level, why));
            }
            else
            {
                listed.Add(x);
            }
        }

        return listed.Count == 0
            ? new CustomerPlan(customer, null, null, excluded)
            : Consolidate(policy, customer, asOf, listed, excluded);
    }

    /// <summary>Why one item is left out of every message, or null when it may be chased.</summary>
    public static Exclusion? ItemExclusion(DunningPolicy policy, DunningItem item)
    {
        if (item.Disputed)
        {
            return new Exclusion(ExclusionReason.Disputed, $"Invoice {item.Document} is disputed.");
        }

        if (item.PromisedBy is { } by)
        {
            return new Exclusion(ExclusionReason.UnderPromise, $"Invoice {item.Document} is promised to be paid by {by:yyyy-MM-dd}.");
        }

        return item.Open.Minor <= policy.ToleranceMinor
            ? new Exclusion(ExclusionReason.TinyBalance, $"Only {item.Open.ToDisplayString()} is open on invoice {item.Document}: too small to chase.")
            : null;
    }

    private static CustomerPlan Consolidate(DunningPolicy policy, DunningCustomer customer, DateOnly asOf, List<(DunningItem Item, int Days, int Level)> listed, List<ExcludedItem> excluded)
    {
        var totals = Totals(listed.Select(x => x.Item.Open));
        var cap = HighestLevelWithinMinimum(policy, listed.Max(x => x.Level), totals);
        if (cap is null)
        {
            return new CustomerPlan(customer, null, new Exclusion(ExclusionReason.BelowMinimum, $"The amount due ({Describe(totals)}) is below every level's minimum."), excluded);
        }

        var items = listed
            .Select(x => (x.Item, x.Days, Level: Math.Min(x.Level, cap.Value)))
            .Select(x => new PlannedItem(x.Item, x.Level, x.Days, x.Level > (x.Item.LastLevelSent ?? -1), null))
            .OrderByDescending(p => p.DaysPastDue).ThenBy(p => p.Item.Document, StringComparer.Ordinal)
            .ToList();
        if (!items.Any(i => i.Escalated))
        {
            return new CustomerPlan(customer, null, new Exclusion(ExclusionReason.AlreadyReminded, "Every item was already reminded at its level."), excluded);
        }

        if (customer.LastMessageOn is { } last && asOf.DayNumber - last.DayNumber < policy.QuietDays)
        {
            return new CustomerPlan(customer, null, new Exclusion(ExclusionReason.QuietPeriod, $"Quiet period: the last message was on {last:yyyy-MM-dd}; the next may go on {last.AddDays(policy.QuietDays):yyyy-MM-dd}."), excluded);
        }

        var levelIndex = items.Max(i => i.LevelIndex);
        var level = policy.Levels[levelIndex];
        if (customer.Recipient is null || (level.Channel == DunningChannel.Email && customer.Recipient.Email is null))
        {
            return new CustomerPlan(customer, null, new Exclusion(ExclusionReason.NoContact, "No contact with an email address to write to."), excluded);
        }

        items = [.. items.Select(i => Charge(policy, i, asOf))];
        var fees = Totals(items.Where(i => i.Fee is not null).Select(i => i.Fee!.Value));
        var interest = Totals(items.Where(i => i.Interest is not null).Select(i => i.Interest!.Value));
        var message = new PlannedMessage(levelIndex, level, policy.TemplateFor(level, customer.Language), items, totals, fees) { InterestTotals = interest };
        return new CustomerPlan(customer, message, null, excluded);
    }

    /// <summary>
    /// What an item reaching a level for the first time is charged: the level's late fee and, when the level says so,
    /// statutory interest from its due date (or the last day interest was charged) through <paramref name="asOf"/>.
    /// Nothing on an item already reminded at its level, on a fee or interest charge itself, and no zero amounts.
    /// </summary>
    public static PlannedItem Charge(DunningPolicy policy, PlannedItem item, DateOnly asOf)
    {
        if (!item.Escalated || !item.Item.Chargeable)
        {
            return item with { Fee = null, Interest = null };
        }

        var level = policy.Levels[item.LevelIndex];
        var fee = level.Fee?.For(item.Item.Open);
        var interest = level.ChargeInterest && policy.Interest is { } rates
            ? rates.For(item.Item.Open, item.Item.InterestThrough ?? item.Item.DueOn, asOf)
            : (Money?)null;
        return item with { Fee = fee is { Minor: > 0 } ? fee : null, Interest = interest is { Minor: > 0 } ? interest : null };
    }

    /// <summary>
    /// The highest level (at most <paramref name="highest"/>) whose minimum the customer's total in some currency reaches;
    /// null when even the first level's minimum is not reached.
    /// </summary>
    private static int? HighestLevelWithinMinimum(DunningPolicy policy, int highest, IReadOnlyList<Money> totals)
    {
        for (var i = highest; i >= 0; i--)
        {
            if (totals.Any(t => t.Minor >= policy.Levels[i].MinimumOverdueMinor))
            {
                return i;
            }
        }

        return null;
    }

    /// <summary>Sums per currency, in currency-code order.</summary>
    public static IReadOnlyList<Money> Totals(IEnumerable<Money> amounts) =>
        [.. amounts.GroupBy(a => a.Currency.Code, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Aggregate(Money.Zero(g.First().Currency), (sum, a) => sum + a))];

    public static string Describe(IReadOnlyList<Money> totals) => totals.Count == 0 ? "nothing" : string.Join(" and ", totals.Select(t => t.ToDisplayString()));
}
