using System.CommandLine;
using System.Diagnostics;
using Credo.Domain.Amounts;
using Credo.Domain.Collections;

namespace Credo.Bench;

/// <summary>
/// <c>dunning-plan [--customers 100000] [--items 1000000]</c> (issue 14 §7): the pure part of planning a dunning run,
/// <see cref="DunningPlanner.Plan"/> on each customer's strategy with fees and statutory interest, over seeded customers
/// and open items in memory. Loading the facts from SQLite (<c>DunningFacts.Load</c>) is not in this figure.
/// </summary>
internal static class DunningBench
{
    public static Command Build()
    {
        var customers = new Option<int>("--customers") { DefaultValueFactory = _ => 100_000 };
        var items = new Option<int>("--items") { DefaultValueFactory = _ => 1_000_000 };
        var command = new Command("dunning-plan", "CPU and wall time of planning one dunning run (pure planner, in memory).") { customers, items };
        command.SetAction(parse =>
        {
            var (n, m) = (parse.GetValue(customers), parse.GetValue(items));
            var asOf = new DateOnly(2026, 12, 7);
            var random = new Random(14);
            var usd = Currency.Of("USD");
            var facts = Enumerable.Range(1, n).Select(c => new DunningCustomer(
                c, $"C{c:D6}", $"Customer {c}", "en", new DunningRecipient("Payables", $"ap{c}@example.com", null),
                random.Next(4) == 0 ? asOf.AddDays(-random.Next(1, 20)) : null, false,
                [.. Enumerable.Range(0, (m / n) + (c <= m % n ? 1 : 0)).Select(i => new DunningItem(
                    ((long)c * 100) + i, $"INV-{c}-{i}", asOf.AddDays(-random.Next(-30, 120)), new Money(random.Next(1_00, 5_000_00), usd),
                    random.Next(50) == 0, random.Next(3) == 0 ? random.Next(0, 3) : null, null))])
            {
                Segments = [random.Next(5) == 0 ? "region:west" : "region:east"],
                RiskClass = random.Next(10) == 0 ? "high" : "low",
            }).ToList();
            var policy = DunningPolicy.Default with
            {
                Levels = [.. DunningPolicy.Default.Levels.Select(l => l.Code == "final-notice" ? l with { ChargeInterest = true } : l)],
                Interest = new StatutoryInterest([new(new DateOnly(2026, 1, 1), 240), new(new DateOnly(2026, 7, 1), 215)], 800),
                Strategies = [new DunningStrategy("firm", "Firm", [.. DunningPolicy.Default.Levels.Select(l => l.DaysFromDue > 0 ? l with { DaysFromDue = l.DaysFromDue / 2 } : l)])],
                StrategyRules = [new StrategyRule(null, "high", "firm")],
            };
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            var plans = DunningPlanner.Plan(policy, facts, asOf);
            wall.Stop();
            var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Console.WriteLine($"dunning-plan: {n:N0} customers, {facts.Sum(f => f.Items.Count):N0} open items: {plans.Count(p => p.Message is not null):N0} messages, "
                + $"{plans.Count(p => p.Message is null):N0} left out; {wall.Elapsed.TotalSeconds:F2} s wall, {used.TotalSeconds:F2} s CPU (limit for the whole run on SQLite: 30 s)");
            return 0;
        });
        return command;
    }
}
