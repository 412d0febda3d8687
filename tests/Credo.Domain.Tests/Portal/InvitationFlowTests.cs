using Credo.Domain.Portal;

namespace Credo.Domain.Tests.Portal;

public sealed class InvitationFlowTests
{
    private static readonly DateTime Sent = new(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Expires = Sent + InvitationFlow.Lifetime;

    [Theory]
    [InlineData(InvitationStatus.Pending, InvitationAction.Accept, InvitationStatus.Accepted)]
    [InlineData(InvitationStatus.Pending, InvitationAction.Revoke, InvitationStatus.Revoked)]
    [InlineData(InvitationStatus.Pending, InvitationAction.Expire, InvitationStatus.Expired)]
    public void Pending_invitations_move(InvitationStatus from, InvitationAction action, InvitationStatus to) =>
        Assert.Equal(to, InvitationFlow.Next(from, Expires, action, Sent.AddHours(1)).Value);

    [Theory]
    [InlineData(InvitationStatus.Accepted, "invitation-used")]
    [InlineData(InvitationStatus.Revoked, "invitation-revoked")]
    [InlineData(InvitationStatus.Expired, "invitation-expired")]
    public void A_used_withdrawn_or_expired_invitation_cannot_be_accepted(InvitationStatus from, string code)
    {
        var result = InvitationFlow.Next(from, Expires, InvitationAction.Accept, Sent.AddHours(1));
        Assert.False(result.IsOk);
        Assert.Equal(code, result.Error!.Code);
    }

    [Fact]
    public void A_pending_invitation_past_its_expiry_is_expired()
    {
        Assert.Equal(InvitationStatus.Pending, InvitationFlow.Effective(InvitationStatus.Pending, Expires, Expires.AddTicks(-1)));
        Assert.Equal(InvitationStatus.Expired, InvitationFlow.Effective(InvitationStatus.Pending, Expires, Expires));
        Assert.Equal("invitation-expired", InvitationFlow.Next(InvitationStatus.Pending, Expires, InvitationAction.Accept, Expires).Error!.Code);
    }

    [Fact]
    public void Every_state_and_action_has_an_answer_and_only_pending_moves()
    {
        foreach (var state in InvitationFlow.States)
        {
            foreach (var action in InvitationFlow.Actions)
            {
                var result = InvitationFlow.Next(state, DateTime.MaxValue, action, Sent);
                Assert.Equal(state == InvitationStatus.Pending, result.IsOk);
                Assert.DoesNotContain("Pending", result.IsOk ? string.Empty : result.Error!.Message, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData(BuyerRole.View, BuyerRole.View, true)]
    [InlineData(BuyerRole.View, BuyerRole.Pay, false)]
    [InlineData(BuyerRole.Pay, BuyerRole.View, true)]
    [InlineData(BuyerRole.Pay, BuyerRole.ManageUsers, false)]
    [InlineData(BuyerRole.ManageUsers, BuyerRole.Pay, true)]
    public void Roles_include_the_ones_before(BuyerRole held, BuyerRole needed, bool allowed) =>
        Assert.Equal(allowed, InvitationFlow.Allows(held, needed));

    [Fact]
    public void The_fifth_failure_locks_out_for_fifteen_minutes_and_restarts_the_count()
    {
        var failures = 0;
        DateTime? end = null;
        for (var i = 0; i < BuyerLockout.MaxFailures; i++)
        {
            Assert.Null(end);
            (failures, end) = BuyerLockout.AfterFailure(failures, Sent);
        }

        Assert.Equal(Sent + BuyerLockout.Duration, end);
        Assert.Equal(0, failures);
        Assert.True(BuyerLockout.IsLockedOut(end, Sent.AddMinutes(14)));
        Assert.False(BuyerLockout.IsLockedOut(end, Sent.AddMinutes(15)));
    }
}
