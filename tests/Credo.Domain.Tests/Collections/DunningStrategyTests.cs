using Credo.Domain.Collections;

namespace Credo.Domain.Tests.Collections;

using Money = Credo.Domain.Amounts.Money;

/// <summary>Strategies per segment and risk class as tables: which rule chooses, validation by field, and the backtest replay.</summary>
public sealed class DunningStrategyTests
{
    private static readonly DunningPolicy Base = DunningPolicy.Default;

    private static readonly DunningStrategy Firm = new("firm", "Firm", [.. Base.Levels.Select(l => l with { DaysFromDue = l.DaysFromDue < 0 ? l.DaysFromDue : l.DaysFromDue / 2 })]);

    private static readonly DunningStrategy Gentle = new("gentle", "Gentle", [.. Base.Levels.Where(l => l.Code != "reminder")]);

    private static readonly DunningPolicy Policy = Base with
    {
        Strategies = [Firm, Gentle],
        StrategyRules = [new("region:west", "high", "firm"), new(null, "high", "firm"), new("segment:key-account", null, "gentle")],
    };

    [Theory]
    [InlineData("region:west", "high", "firm")]
    [InlineData("region:east", "HIGH", "firm")] // risk class matched without regard to case
    [InlineData("segment:key-account", "low", "gentle")]
    [InlineData("segment:key-account", "high", "firm")] // the first matching rule wins
    [InlineData("region:east", "low", "standard")]
    [InlineData("region:east", null, "standard")] // no credit decision yet
    public void The_first_rule_matching_segment_and_risk_class_chooses_the_strategy(string segment, string? risk, string expected)
    {
        var (code, _, chosen) = DunningStrategies.For(Policy, [segment], risk);
        Assert.Equal(expected, code);
        Assert.Equal(expected == "standard" ? Base.Levels : Policy.Strategies.Single(s => s.Code == expected).Levels, chosen.Levels);
    }

    [Fact]
    public void A_customer_is_planned_on_its_strategy()
    {
        var asOf = new DateOnly(2026, 12, 7);
        var customer = new DunningCustomer(1, "C-1", "Corner Shop", "en", new DunningRecipient("Pat", "pat@shop.example", null), null, false,
            [new DunningItem(1, "INV-1", asOf.AddDays(-12), Money.Usd(500_00), false, null, null)]) { RiskClass = "high" };
        var plan = DunningPlanner.PlanOnStrategy(Policy, customer, asOf);
        Assert.Equal(("Firm", "second-notice"), (plan.Strategy, plan.Message!.Level.Code)); // 12 days: the firm strategy's second notice starts at 10
        Assert.Equal("first-notice", DunningPlanner.PlanOnStrategy(Policy, customer with { RiskClass = "low" }, asOf).Message!.Level.Code);
    }

    [Theory]
    [InlineData("unknown-strategy", "strategyRules[0].strategy")]
    [InlineData("no-segment-or-risk", "strategyRules[0]")]
    [InlineData("bad-segment", "strategyRules[0].segment")]
    [InlineData("standard-code", "strategies[0].code")]
    [InlineData("levels-out-of-order", "strategies[0].levels[1].daysFromDue")]
    public void Strategies_are_validated_when_published_and_refused_by_field(string problem, string field)
    {
        var policy = problem switch
        {
            "unknown-strategy" => Policy with { StrategyRules = [new(null, "high", "nope")] },
            "no-segment-or-risk" => Policy with { StrategyRules = [new(null, null, "firm")] },
            "bad-segment" => Policy with { StrategyRules = [new("west", null, "firm")] },
            "standard-code" => Policy with { Strategies = [Firm with { Code = "standard" }], StrategyRules = [] },
            "levels-out-of-order" => Policy with { Strategies = [Firm with { Levels = [Base.Levels[2], Base.Levels[1]] }], StrategyRules = [] },
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };
        Assert.Contains(policy.Validate(), e => e.Field == field);
        Assert.Empty(Policy.Validate());
    }

    [Fact]
    public void Strategies_survive_the_policy_json()
    {
        var read = DunningPolicyJson.Read(DunningPolicyJson.Write(Policy));
        Assert.True(read.IsOk);
        Assert.Equal(["firm", "gentle"], read.Value!.Strategies.Select(s => s.Code));
        Assert.Equal("firm", DunningStrategies.For(read.Value, ["region:west"], "high").Code);
    }

    [Fact]
    public void The_backtest_replays_each_day_and_counts_the_messages_each_policy_would_have_sent_and_to_whom()
    {
        var from = new DateOnly(2026, 10, 1);
        var through = new DateOnly(2026, 11, 30);
        HistoricCustomer Customer(string number, string? risk, params HistoricItem[] items) =>
            new(number.Length, number, "Shop " + number, "en", new DunningRecipient("Pat", $"pat@{number}.example", null), [], risk, items);
        var customers = new[]
        {
            // due 1 October, never paid: the replay starts on 1 October with the reminder, then first notice 8 Oct, second 22 Oct, call 15 Nov, final 30 Nov
            Customer("C-LATE", null, new HistoricItem(1, "INV-1", new DateOnly(2026, 9, 1), new DateOnly(2026, 10, 1), Money.Usd(1_000_00), null)),
            // due 4 October, paid 5 October: the friendly reminder only (1 October)
            Customer("C-PAID", null, new HistoricItem(2, "INV-2", new DateOnly(2026, 9, 1), new DateOnly(2026, 10, 4), Money.Usd(1_000_00), new DateOnly(2026, 10, 5))),
            // settled before the period: nothing
            Customer("C-GONE", null, new HistoricItem(3, "INV-3", new DateOnly(2026, 8, 1), new DateOnly(2026, 9, 1), Money.Usd(1_000_00), new DateOnly(2026, 9, 2))),
        };

        var standard = DunningBacktest.Run(Base, customers, from, through);
        Assert.Equal(6, standard.Messages);
        Assert.Equal([("C-LATE", 5), ("C-PAID", 1)], standard.Recipients.Select(r => (r.Customer, r.Messages)));
        Assert.Equal(["Friendly reminder", "First notice", "Second notice", "Phone call", "Final notice"], standard.Recipients[0].Levels);
        Assert.Equal(("Friendly reminder", 2), standard.ByLevel[0]);

        var gentle = DunningBacktest.Run(Base with { Levels = Gentle.Levels }, customers, from, through);
        Assert.Equal(4, gentle.Messages); // no friendly reminders at all
        Assert.DoesNotContain(gentle.Recipients, r => r.Customer == "C-PAID");
    }
}
