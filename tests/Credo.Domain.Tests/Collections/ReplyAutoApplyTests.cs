using Credo.Domain.Collections.Replies;

namespace Credo.Domain.Tests.Collections;

/// <summary>When the assistant applies a reply without a person (issue 14 §6): a table of label, confidence, the model's reading and the threshold.</summary>
public sealed class ReplyAutoApplyTests
{
    [Theory]
    [InlineData(ReplyLabel.Promise, 95, null, null, false, "off")]
    [InlineData(ReplyLabel.Promise, 95, null, 90, true, "95% sure")]
    [InlineData(ReplyLabel.Promise, 90, null, 90, true, "at least 90%")]
    [InlineData(ReplyLabel.Promise, 89, null, 90, false, "below the 90%")]
    [InlineData(ReplyLabel.Dispute, 100, null, 80, true, "100% sure")]
    [InlineData(ReplyLabel.Dispute, 100, ReplyLabel.Dispute, 80, true, "100% sure")]
    [InlineData(ReplyLabel.Dispute, 100, ReplyLabel.Paid, 80, false, "reads it differently")]
    [InlineData(ReplyLabel.Paid, 100, null, 50, false, "Only promises to pay and disputes")]
    [InlineData(ReplyLabel.WrongContact, 100, null, 50, false, "Only promises")]
    [InlineData(ReplyLabel.OutOfOffice, 100, null, 50, false, "Only promises")]
    [InlineData(ReplyLabel.CopyRequest, 100, null, 50, false, "Only promises")]
    [InlineData(ReplyLabel.Other, 100, null, 0, false, "Only promises")]
    public void A_reply_is_applied_only_when_it_is_a_promise_or_dispute_read_at_least_as_sure_as_the_threshold(
        ReplyLabel label, int confidence, ReplyLabel? model, int? threshold, bool apply, string why)
    {
        var verdict = ReplyAutoApply.Decide(label, confidence, model, threshold);
        Assert.Equal(apply, verdict.Apply);
        Assert.Contains(why, verdict.Why, StringComparison.Ordinal);
    }
}
