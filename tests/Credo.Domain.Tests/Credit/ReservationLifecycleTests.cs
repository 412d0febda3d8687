using Credo.Domain.Credit;
using static Credo.Domain.Credit.ReservationAction;
using static Credo.Domain.Credit.ReservationState;

namespace Credo.Domain.Tests.Credit;

/// <summary>
/// The reservation lifecycle as one table: every allowed (from, action) with its target. Every other combination of
/// the 9 states and 10 actions must be refused.
/// </summary>
public sealed class ReservationLifecycleTests
{
    private static readonly (ReservationState From, ReservationAction Action, ReservationState To)[] Allowed =
    [
        (Active, Amend, Active),
        (Active, Ship, Shipped),
        (Active, Post, Posted),
        (Shipped, Post, Posted),
        (Active, ReservationAction.Void, Voided),
        (Shipped, ReservationAction.Void, Voided),
        (Held, ReservationAction.Void, Voided),
        (Scheduled, ReservationAction.Void, Voided),
        (Active, Expire, Expired),
        (Held, Release, Active),
        (Held, Reject, Rejected),
        (Held, ConvertToPrepayment, Prepayment),
        (Scheduled, ActivateApproved, Active),
        (Scheduled, ActivateHeld, Held),
    ];

    public static TheoryData<ReservationState, ReservationAction, ReservationState?> Table()
    {
        var data = new TheoryData<ReservationState, ReservationAction, ReservationState?>();
        foreach (var from in ReservationLifecycle.States)
        {
            foreach (var action in ReservationLifecycle.Actions)
            {
                var allowed = Allowed.Where(a => a.From == from && a.Action == action).Select(a => (ReservationState?)a.To).SingleOrDefault();
                data.Add(from, action, allowed);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Every_state_and_action_has_the_target_of_the_table_or_none(ReservationState from, ReservationAction action, ReservationState? expected) =>
        Assert.Equal(expected, ReservationLifecycle.Next(from, action));

    [Fact]
    public void The_table_covers_every_state_and_action() =>
        Assert.Equal(9 * 10, Table().Count);

    [Theory]
    [InlineData(true, Active)]
    [InlineData(false, Held)]
    public void A_check_records_active_when_approved_and_held_otherwise(bool approved, ReservationState expected) =>
        Assert.Equal(expected, ReservationLifecycle.Checked(approved));

    [Fact]
    public void Only_active_and_shipped_reservations_keep_shares_in_the_exposure_cache() =>
        Assert.Equal([Active, Shipped], ReservationLifecycle.States.Where(ReservationLifecycle.KeepsShares));

    [Fact]
    public void Decided_states_are_final()
    {
        ReservationState[] final = [Posted, Voided, Expired, Rejected, Prepayment];
        foreach (var state in final)
        {
            Assert.All(ReservationLifecycle.Actions, a => Assert.Null(ReservationLifecycle.Next(state, a)));
        }
    }

    [Fact]
    public void From_lists_the_states_an_action_may_start_from()
    {
        Assert.Equal([Held], ReservationLifecycle.From(Release));
        Assert.Equal([Scheduled], ReservationLifecycle.From(ActivateHeld));
        Assert.Equal([Active], ReservationLifecycle.From(Expire));
        Assert.Equal([Held, Active, Shipped, Scheduled], ReservationLifecycle.From(ReservationAction.Void));
    }
}
