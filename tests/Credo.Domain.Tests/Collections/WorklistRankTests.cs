using Credo.Domain.Collections;

namespace Credo.Domain.Tests.Collections;

using Money = Credo.Domain.Amounts.Money;

/// <summary>The collector's rank and assignment rules.</summary>
public sealed class WorklistRankTests
{
    [Theory]
    [InlineData(10_000_00, 30, 0, 0, 300)]       // 10,000 × 30 days / 1000 = 300
    [InlineData(10_000_00, 30, 1, 0, 600)]       // + a broken promise
    [InlineData(10_000_00, 30, 0, 1, 400)]       // + a promise due today
    [InlineData(0, 0, 2, 0, 600)]
    public void The_rank_is_amount_times_days_plus_promises_and_each_part_has_a_reason(long overdueMinor, int days, int broken, int dueToday, long expectedWithoutExposure)
    {
        var overdue = overdueMinor > 0 ? new[] { (Money.Usd(overdueMinor), days) } : [];
        var score = CollectionScore.Rank(new WorklistFacts(overdue, broken, [], dueToday));
        Assert.Equal(expectedWithoutExposure, score.Points);
        Assert.Equal(score.Points, score.Reasons.Sum(r => r.Points));
        Assert.All(score.Reasons, r => Assert.False(string.IsNullOrWhiteSpace(r.Text)));
    }

    [Theory]
    [InlineData(0, null, 0, 300, "")]                 // no prediction, no risk class, no promise kept: amount × days late only
    [InlineData(45, null, 0, 750, "Predicted to stay unpaid 45 days more")] // + 10,000 × 45 days until the predicted pay day / 1000
    [InlineData(0, "High", 0, 500, "Risk class high at the latest credit decision")]
    [InlineData(0, "medium", 0, 350, "Risk class medium")]
    [InlineData(0, "low", 0, 300, "Risk class low at the latest credit decision: adds nothing")]
    [InlineData(0, "Tier 7", 0, 300, "Risk class tier 7 at the latest credit decision: adds nothing")]
    [InlineData(0, null, 2, 200, "2 promises to pay kept in the last 12 months")]
    [InlineData(20, "high", 1, 650, "Predicted to stay unpaid 20 days more")]
    public void The_prediction_the_risk_class_and_kept_promises_change_the_rank_each_with_its_reason(int daysUntilPaid, string? riskClass, int kept, long expected, string reason)
    {
        var overdue = new[] { (Money.Usd(10_000_00), 30) };
        var facts = new WorklistFacts(overdue, 0, [], 0)
        {
            Predicted = daysUntilPaid > 0 ? [(Money.Usd(10_000_00), daysUntilPaid)] : [],
            RiskClass = riskClass,
            KeptPromises = kept,
        };
        var score = CollectionScore.Rank(facts);
        Assert.Equal(expected, score.Points);
        Assert.Equal(score.Points, score.Reasons.Sum(r => r.Points));
        Assert.Contains(score.Reasons, r => r.Text.StartsWith(reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Exposure_adds_a_point_per_thousand_owed()
    {
        var score = CollectionScore.Rank(new WorklistFacts([], 0, [Money.Usd(25_400_00)], 0));
        var reason = Assert.Single(score.Reasons);
        Assert.Equal(25, reason.Points);
        Assert.Contains("25,400.00 USD owed", reason.Text, StringComparison.Ordinal);
    }

    private static readonly AssignmentRule[] Rules =
    [
        new(AssignmentScope.Segment, "region:west", "west@credo.local"),
        new(AssignmentScope.Group, "HOLDING", "holding@credo.local"),
        new(AssignmentScope.Group, "REGIONAL", "regional@credo.local"),
        new(AssignmentScope.Customer, "C-9", "special@credo.local"),
    ];

    [Theory]
    [InlineData("C-9", "REGIONAL,HOLDING", "region:west", "special@credo.local")] // the customer's own rule wins
    [InlineData("C-1", "REGIONAL,HOLDING", "region:west", "regional@credo.local")] // the nearest group
    [InlineData("C-1", "STORE,HOLDING", "region:west", "holding@credo.local")]
    [InlineData("C-1", "", "region:west", "west@credo.local")]
    [InlineData("C-1", "", "region:east", null)]                                   // unassigned
    public void A_customer_is_assigned_by_its_own_rule_then_its_group_then_its_segment(string customer, string groups, string segments, string? collector)
    {
        var rule = CollectorAssignment.Resolve(Rules, customer, groups.Split(',', StringSplitOptions.RemoveEmptyEntries), segments.Split(',', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(collector, rule?.Collector);
    }
}
