using Credo.Domain.Applications;
using Credo.Domain.Common;

namespace Credo.Domain.Tests.Applications;

public sealed class FourEyesTests
{
    [Theory]
    [InlineData(false, 100_000_00, null, false)]
    [InlineData(true, 1_00, null, true)]
    [InlineData(false, 50_000_00, 50_000_00L, false)]
    [InlineData(false, 50_000_01, 50_000_00L, true)]
    [InlineData(true, 10_00, 50_000_00L, true)]
    public void Needed_when_the_policy_says_so_or_the_limit_is_above_the_threshold(bool policySays, long limitMinor, long? aboveMinor, bool needed) =>
        Assert.Equal(needed, FourEyes.Needed(policySays, limitMinor, aboveMinor));

    [Fact]
    public void Without_four_eyes_one_approval_is_final() =>
        Assert.Equal(ApprovalStep.Final, FourEyes.Approve(false, null, "ana", FlowActor.Analyst, 10_00, "NET30").Value);

    [Theory]
    [InlineData(FlowActor.Analyst)]
    [InlineData(FlowActor.Manager)]
    public void The_first_of_two_approvals_only_records(FlowActor actor) =>
        Assert.Equal(ApprovalStep.FirstOfTwo, FourEyes.Approve(true, null, "ana", actor, 10_00, "NET30").Value);

    [Theory]
    [InlineData("ana", FlowActor.Manager, 10_00, "NET30", "second-approver-required")]
    [InlineData("ANA", FlowActor.Manager, 10_00, "NET30", "second-approver-required")]
    [InlineData("bob", FlowActor.Analyst, 10_00, "NET30", "second-approver-must-be-manager")]
    [InlineData("bob", FlowActor.Manager, 11_00, "NET30", "approval-differs")]
    [InlineData("bob", FlowActor.Manager, 10_00, "NET60", "approval-differs")]
    [InlineData("bob", FlowActor.Manager, 10_00, "net30", null)]
    public void The_second_approval_is_another_manager_confirming_the_same_terms(string approver, FlowActor actor, long limitMinor, string terms, string? refusal)
    {
        var result = FourEyes.Approve(true, new PendingApproval("ana", 10_00, "NET30"), approver, actor, limitMinor, terms);
        if (refusal is null)
        {
            Assert.Equal(ApprovalStep.Final, result.Value);
        }
        else
        {
            Assert.Equal(refusal, Assert.IsType<Refusal>(result.Error).Code);
        }
    }
}

public sealed class ReviewScheduleTests
{
    private static readonly Dictionary<string, int> Months = new() { ["high"] = 3, ["medium"] = 6, ["low"] = 12 };
    private static readonly DateOnly Approved = new(2026, 11, 24);

    [Theory]
    [InlineData(null, "high", "2027-02-24")]
    [InlineData(null, "Medium", "2027-05-24")]
    [InlineData(null, "LOW", "2027-11-24")]
    [InlineData(null, "unheard-of", "2027-02-24")]
    [InlineData(null, null, "2027-02-24")]
    [InlineData("2027-01-15", "low", "2027-01-15")]
    [InlineData("2026-11-24", "low", "2027-11-24")]
    public void The_policy_date_wins_else_the_risk_class_sets_it(string? policyDate, string? riskClass, string expected)
    {
        DateOnly? policy = policyDate is null ? null : DateOnly.Parse(policyDate, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ReviewSchedule.ReviewOn(Approved, policy, riskClass, Months));
    }
}
