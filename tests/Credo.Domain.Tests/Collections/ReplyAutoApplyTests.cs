using Credo.Domain.Collections.Replies;

namespace Credo.Domain.Tests.Collections;

/// <summary>When the assistant applies a reply without a person, and what applying means (issue 14 §6): a table of label, confidence, the model's reading, the threshold and the date read.</summary>
public sealed class ReplyAutoApplyTests
{
    private static readonly DateOnly Received = new(2026, 12, 7);

    [Theory]
    [InlineData(ReplyLabel.Promise, 95, null, null, false, "off")]
    [InlineData(ReplyLabel.Promise, 95, null, 90, true, "95% sure")]
    [InlineData(ReplyLabel.Promise, 90, null, 90, true, "at least 90%")]
    [InlineData(ReplyLabel.Promise, 89, null, 90, false, "below the 90%")]
    [InlineData(ReplyLabel.Dispute, 100, null, 80, true, "100% sure")]
    [InlineData(ReplyLabel.Dispute, 100, ReplyLabel.Dispute, 80, true, "100% sure")]
    [InlineData(ReplyLabel.Dispute, 100, ReplyLabel.Paid, 80, false, "reads it differently")]
    [InlineData(ReplyLabel.Paid, 100, null, 50, true, "100% sure")]
    [InlineData(ReplyLabel.Paid, 49, null, 50, false, "below the 50%")]
    [InlineData(ReplyLabel.Paid, 100, ReplyLabel.Promise, 50, false, "reads it differently")]
    [InlineData(ReplyLabel.Paid, 100, null, null, false, "off")]
    [InlineData(ReplyLabel.WrongContact, 100, null, 50, true, "100% sure")]
    [InlineData(ReplyLabel.OutOfOffice, 100, null, 50, false, "without a return date")]
    [InlineData(ReplyLabel.CopyRequest, 100, null, 50, false, "Copy requests")]
    [InlineData(ReplyLabel.Other, 100, null, 0, false, "do not recognise")]
    public void A_reply_is_applied_only_when_its_label_has_an_effect_and_it_is_read_at_least_as_sure_as_the_threshold(
        ReplyLabel label, int confidence, ReplyLabel? model, int? threshold, bool apply, string why)
    {
        var verdict = ReplyAutoApply.Decide(label, confidence, model, threshold, Received, null);
        Assert.Equal(apply, verdict.Apply);
        Assert.Contains(why, verdict.Why, StringComparison.Ordinal);
    }

    /// <summary>The effect table: what is held until when, and whether the reply is done or stays a person's task.</summary>
    [Theory]
    [InlineData(ReplyLabel.Promise, null, ReplyEffect.RecordPromise, null, true)]
    [InlineData(ReplyLabel.Dispute, null, ReplyEffect.OpenDisputeCase, null, true)]
    [InlineData(ReplyLabel.Paid, null, ReplyEffect.HoldForPaymentCheck, "2026-12-12", false)] // five days to check the cash application
    [InlineData(ReplyLabel.Paid, "2026-12-01", ReplyEffect.HoldForPaymentCheck, "2026-12-12", false)] // the payment date does not move the check
    [InlineData(ReplyLabel.WrongContact, null, ReplyEffect.HoldForNewContact, "2026-12-12", false)]
    [InlineData(ReplyLabel.OutOfOffice, "2026-12-21", ReplyEffect.HoldUntilReturn, "2026-12-21", true)]
    [InlineData(ReplyLabel.OutOfOffice, "2027-02-05", ReplyEffect.HoldUntilReturn, "2027-02-05", true)] // 60 days: still an absence
    [InlineData(ReplyLabel.OutOfOffice, "2027-02-06", ReplyEffect.WaitForPerson, null, false)] // 61 days: more likely a date read wrong
    [InlineData(ReplyLabel.OutOfOffice, "2026-12-07", ReplyEffect.WaitForPerson, null, false)] // back today: nothing to hold
    [InlineData(ReplyLabel.OutOfOffice, null, ReplyEffect.WaitForPerson, null, false)]
    [InlineData(ReplyLabel.CopyRequest, null, ReplyEffect.WaitForPerson, null, false)]
    [InlineData(ReplyLabel.Other, null, ReplyEffect.WaitForPerson, null, false)]
    public void Each_label_has_one_effect_with_its_hold_and_whether_it_closes_the_reply(ReplyLabel label, string? on, ReplyEffect effect, string? heldUntil, bool closes)
    {
        var read = on is null ? (DateOnly?)null : DateOnly.Parse(on, System.Globalization.CultureInfo.InvariantCulture);
        var verdict = ReplyAutoApply.Decide(label, 100, null, 50, Received, read);
        Assert.Equal(effect, ReplyAutoApply.Effect(label, Received, read));
        Assert.Equal(effect != ReplyEffect.WaitForPerson, verdict.Apply);
        Assert.Equal(heldUntil, verdict.HoldUntil?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(closes, verdict.Apply && verdict.ClosesReply);
    }
}
