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
