using Credo.Domain.Applications;
using Credo.Domain.Common;
using static Credo.Domain.Applications.ApplicationStatus;
using static Credo.Domain.Applications.FlowAction;
using static Credo.Domain.Applications.FlowActor;

namespace Credo.Domain.Tests.Applications;

/// <summary>
/// The whole lifecycle as one table: every allowed (from, action, actor) with its target. Every other combination of
/// the 9 states, 16 actions and 4 actors must be refused, with the right reason.
/// </summary>
public sealed class ApplicationFlowTests
{
    private static readonly FlowActor[] People = [Analyst, Manager];
    private static readonly FlowActor[] ApplicantOrPeople = [Applicant, Analyst, Manager];

    private static readonly (ApplicationStatus From, FlowAction Action, FlowActor[] Actors, ApplicationStatus To)[] Allowed =
    [
        (Draft, Submit, [Applicant], Submitted),
        (Draft, Withdraw, ApplicantOrPeople, Withdrawn),
        (Submitted, Verify, [FlowActor.System], Verifying),
        (Submitted, Withdraw, ApplicantOrPeople, Withdrawn),
        (Verifying, Assess, [FlowActor.System], Assessing),
        (Verifying, Refer, [FlowActor.System, Analyst, Manager], Referred),
        (Verifying, Reassess, People, Assessing),
        (Verifying, Withdraw, ApplicantOrPeople, Withdrawn),
        (Assessing, AutoApprove, [FlowActor.System], Approved),
        (Assessing, AutoDecline, [FlowActor.System], Declined),
        (Assessing, Refer, [FlowActor.System, Analyst, Manager], Referred),
        (Assessing, Reassess, People, Assessing),
        (Assessing, Withdraw, ApplicantOrPeople, Withdrawn),
        (Referred, TakeForReview, People, InReview),
        (Referred, RequestInformation, People, InReview),
        (Referred, Reassess, People, Assessing),
        (Referred, Approve, People, Approved),
        (Referred, Decline, People, Declined),
        (Referred, OverrideApprove, [Manager], Approved),
        (Referred, OverrideDecline, [Manager], Declined),
        (Referred, Withdraw, ApplicantOrPeople, Withdrawn),
        (InReview, Refer, [FlowActor.System, Analyst, Manager], Referred),
        (InReview, RequestInformation, People, InReview),
        (InReview, ProvideInformation, ApplicantOrPeople, Assessing),
        (InReview, Reassess, People, Assessing),
        (InReview, Approve, People, Approved),
        (InReview, Decline, People, Declined),
        (InReview, OverrideApprove, [Manager], Approved),
        (InReview, OverrideDecline, [Manager], Declined),
        (InReview, Withdraw, ApplicantOrPeople, Withdrawn),
        (Declined, RequestHumanReview, [Applicant], Referred),
        (Declined, OverrideApprove, [Manager], Approved),
    ];

    public static TheoryData<ApplicationStatus, FlowAction, FlowActor, ApplicationStatus> AllowedRows()
    {
        var data = new TheoryData<ApplicationStatus, FlowAction, FlowActor, ApplicationStatus>();
        foreach (var (from, action, actors, to) in Allowed)
        {
            foreach (var actor in actors)
            {
                data.Add(from, action, actor, to);
            }
        }

        return data;
    }

    public static TheoryData<ApplicationStatus, FlowAction, FlowActor> RefusedRows()
    {
        var data = new TheoryData<ApplicationStatus, FlowAction, FlowActor>();
        foreach (var from in ApplicationFlow.States)
        {
            foreach (var action in ApplicationFlow.Actions)
            {
                foreach (var actor in ApplicationFlow.Actors)
                {
                    if (!Allowed.Any(r => r.From == from && r.Action == action && r.Actors.Contains(actor)))
                    {
                        data.Add(from, action, actor);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllowedRows))]
    public void Allowed_transitions_lead_where_the_table_says(ApplicationStatus from, FlowAction action, FlowActor actor, ApplicationStatus to)
    {
        var next = ApplicationFlow.Next(from, action, actor);
        Assert.True(next.IsOk, next.Error?.Message);
        Assert.Equal(to, next.Value);
        Assert.Contains(action, ApplicationFlow.Available(from, actor));
    }

    [Theory]
    [MemberData(nameof(RefusedRows))]
    public void Everything_else_is_refused(ApplicationStatus from, FlowAction action, FlowActor actor)
    {
        var next = ApplicationFlow.Next(from, action, actor);
        Assert.False(next.IsOk);
        var refusal = Assert.IsType<Refusal>(next.Error);
        var actorMayEverDoIt = Allowed.Any(r => r.Action == action && r.Actors.Contains(actor));
        Assert.Equal(actorMayEverDoIt ? "transition-not-allowed" : "actor-not-allowed", refusal.Code);
        Assert.DoesNotContain(action, ApplicationFlow.Available(from, actor));
    }

    [Fact]
    public void The_tables_cover_every_combination_once()
    {
        var total = ApplicationFlow.States.Count * ApplicationFlow.Actions.Count * ApplicationFlow.Actors.Count;
        Assert.Equal(9 * 16 * 4, total);
        Assert.Equal(total, AllowedRows().Count + RefusedRows().Count);
    }

    [Fact]
    public void Approved_and_withdrawn_are_final_for_everyone_but_a_declined_case_can_be_reopened()
    {
        foreach (var actor in ApplicationFlow.Actors)
        {
            Assert.Empty(ApplicationFlow.Available(Approved, actor));
            Assert.Empty(ApplicationFlow.Available(Withdrawn, actor));
        }

        Assert.Equal([RequestHumanReview], ApplicationFlow.Available(Declined, Applicant));
        Assert.Equal([OverrideApprove], ApplicationFlow.Available(Declined, Manager));
        Assert.Empty(ApplicationFlow.Available(Declined, Analyst));
    }

    [Theory]
    [InlineData(Draft, false, false)]
    [InlineData(Submitted, false, false)]
    [InlineData(Verifying, false, false)]
    [InlineData(Assessing, false, false)]
    [InlineData(Referred, false, true)]
    [InlineData(InReview, false, true)]
    [InlineData(Approved, true, false)]
    [InlineData(Declined, true, false)]
    [InlineData(Withdrawn, true, false)]
    public void Decided_and_queue_states(ApplicationStatus state, bool decided, bool withPeople)
    {
        Assert.Equal(decided, ApplicationFlow.IsDecided(state));
        Assert.Equal(withPeople, ApplicationFlow.IsWithPeople(state));
    }
}
