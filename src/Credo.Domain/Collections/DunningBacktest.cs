namespace Credo.Domain.Collections;

using Money = Credo.Domain.Amounts.Money;

/// <summary>A debit as history tells it: when it was posted and due, its amount, and the day it was settled (null: still open).</summary>
public sealed record HistoricItem(long Id, string Document, DateOnly PostedOn, DateOnly DueOn, Money Amount, DateOnly? ClosedOn, bool Chargeable = true);

/// <summary>A customer as the backtest replays it: who messages would go to, its segments and risk class, and its debits.</summary>
public sealed record HistoricCustomer(long Id, string Number, string Name, string Language, DunningRecipient? Recipient, IReadOnlyCollection<string> Segments, string? RiskClass, IReadOnlyList<HistoricItem> Items);

/// <summary>How many messages went to one customer in the replay, and at which levels.</summary>
public sealed record BacktestRecipient(string Customer, string Name, int Messages, string Strategy, IReadOnlyList<string> Levels);

/// <summary>What one policy version would have sent over the period: messages in all, per level and per customer.</summary>
public sealed record BacktestOutcome(int Messages, IReadOnlyList<(string Level, int Messages)> ByLevel, IReadOnlyList<BacktestRecipient> Recipients);

/// <summary>
/// Replays a dunning policy day by day over history, pure: each day the items open then (posted, not yet settled; at
/// their full amount), the levels already sent and the last message date as the replay itself sent them, planned with
/// <see cref="DunningPlanner"/> on each customer's strategy. Disputes and promises of the past are not replayed (the
/// replay shows what the policy's levels, minimums, quiet period and strategies would have done on their own).
/// </summary>
public static class DunningBacktest
{
    public static BacktestOutcome Run(DunningPolicy policy, IReadOnlyList<HistoricCustomer> customers, DateOnly from, DateOnly through)
    {
        var byLevel = new Dictionary<string, int>(StringComparer.Ordinal);
        var recipients = new List<BacktestRecipient>();
        foreach (var customer in customers)
        {
            var sent = Replay(policy, customer, from, through);
            if (sent.Levels.Count == 0)
            {
                continue;
            }

            foreach (var level in sent.Levels)
            {
                byLevel[level] = byLevel.GetValueOrDefault(level) + 1;
            }

            recipients.Add(new BacktestRecipient(customer.Number, customer.Name, sent.Levels.Count, sent.Strategy, sent.Levels));
        }

        var order = policy.Levels.Concat(policy.Strategies.SelectMany(s => s.Levels)).Select(l => l.Name).Distinct().ToList();
        return new BacktestOutcome(
            recipients.Sum(r => r.Messages),
            [.. byLevel.OrderBy(l => order.IndexOf(l.Key)).Select(l => (l.Key, l.Value))],
            [.. recipients.OrderByDescending(r => r.Messages).ThenBy(r => r.Customer, StringComparer.Ordinal)]);
    }

    /// <summary>The level name of every message one customer would have got, in date order, and its strategy.</summary>
    private static (string Strategy, List<string> Levels) Replay(DunningPolicy policy, HistoricCustomer customer, DateOnly from, DateOnly through)
    {
        var (_, strategy, chosen) = DunningStrategies.For(policy, customer.Segments, customer.RiskClass);
        var earliest = chosen.Levels.Count == 0 ? 0 : chosen.Levels.Min(l => l.DaysFromDue);
        var lastLevel = new Dictionary<long, int>();
        DateOnly? lastMessage = null;
        var levels = new List<string>();
        for (var day = from; day <= through; day = day.AddDays(1))
        {
            var items = customer.Items
                .Where(i => i.PostedOn <= day && (i.ClosedOn is null || i.ClosedOn > day) && day.DayNumber - i.DueOn.DayNumber >= earliest)
                .Select(i => new DunningItem(i.Id, i.Document, i.DueOn, i.Amount, false, lastLevel.TryGetValue(i.Id, out var l) ? l : null, null, i.Chargeable))
                .ToList();
            if (items.Count == 0)
            {
                continue;
            }

            var plan = DunningPlanner.PlanCustomer(chosen, new DunningCustomer(customer.Id, customer.Number, customer.Name, customer.Language, customer.Recipient, lastMessage, false, items), day);
            if (plan.Message is not { } message)
            {
                continue;
            }

            levels.Add(message.Level.Name);
            lastMessage = day;
            foreach (var item in message.Items)
            {
                lastLevel[item.Item.Id] = Math.Max(item.LevelIndex, lastLevel.GetValueOrDefault(item.Item.Id, -1));
            }
        }

        return (strategy, levels);
    }
}
