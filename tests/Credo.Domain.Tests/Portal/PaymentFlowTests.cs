using Credo.Domain.Portal;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Credo.Domain.Tests.Portal;

/// <summary>A payment request's lifecycle: webhooks replayed, duplicated or out of order never post twice.</summary>
public sealed class PaymentFlowTests
{
    [Theory]
    [InlineData(PaymentRequestStatus.Requested, PaymentNotice.Succeeded, PaymentRequestStatus.Posted, PaymentPosting.Post)]
    [InlineData(PaymentRequestStatus.Requested, PaymentNotice.Failed, PaymentRequestStatus.Failed, PaymentPosting.None)]
    [InlineData(PaymentRequestStatus.Requested, PaymentNotice.Refunded, PaymentRequestStatus.Cancelled, PaymentPosting.None)]
    [InlineData(PaymentRequestStatus.Requested, PaymentNotice.ChargedBack, PaymentRequestStatus.Cancelled, PaymentPosting.None)]
    [InlineData(PaymentRequestStatus.Failed, PaymentNotice.Succeeded, PaymentRequestStatus.Posted, PaymentPosting.Post)] // a second attempt worked
    [InlineData(PaymentRequestStatus.Failed, PaymentNotice.Failed, PaymentRequestStatus.Failed, PaymentPosting.None)]
    [InlineData(PaymentRequestStatus.Posted, PaymentNotice.Succeeded, PaymentRequestStatus.Posted, PaymentPosting.None)] // replayed
    [InlineData(PaymentRequestStatus.Posted, PaymentNotice.Failed, PaymentRequestStatus.Posted, PaymentPosting.None)] // an earlier attempt's failure, late
    [InlineData(PaymentRequestStatus.Posted, PaymentNotice.Refunded, PaymentRequestStatus.Reversed, PaymentPosting.Reverse)]
    [InlineData(PaymentRequestStatus.Posted, PaymentNotice.ChargedBack, PaymentRequestStatus.Reversed, PaymentPosting.Reverse)]
    [InlineData(PaymentRequestStatus.Reversed, PaymentNotice.Refunded, PaymentRequestStatus.Reversed, PaymentPosting.None)]
    [InlineData(PaymentRequestStatus.Reversed, PaymentNotice.Succeeded, PaymentRequestStatus.Reversed, PaymentPosting.None)]
    [InlineData(PaymentRequestStatus.Cancelled, PaymentNotice.Succeeded, PaymentRequestStatus.Cancelled, PaymentPosting.None)] // success after its refund
    public void Notices_move_a_request(PaymentRequestStatus from, PaymentNotice notice, PaymentRequestStatus to, PaymentPosting posting) =>
        Assert.Equal((to, posting), PaymentFlow.Apply(from, notice));

    [Fact]
    public void Every_status_is_described_in_its_own_words()
    {
        var words = PaymentFlow.States.Select(PaymentFlow.Describe).ToList();
        Assert.Equal(words.Count, words.Distinct(StringComparer.Ordinal).Count());
        Assert.All(PaymentFlow.States, s => Assert.NotEqual(s.ToString(), PaymentFlow.Describe(s)));
    }

    [Property]
    public Property Any_sequence_of_notices_posts_at_most_once_and_reverses_only_what_was_posted() =>
        Prop.ForAll(Gen.ListOf(Gen.Elements(PaymentFlow.Notices.ToArray())).ToArbitrary(), notices =>
        {
            var state = PaymentRequestStatus.Requested;
            int posts = 0, reversals = 0;
            foreach (var notice in notices)
            {
                (state, var posting) = PaymentFlow.Apply(state, notice);
                posts += posting == PaymentPosting.Post ? 1 : 0;
                reversals += posting == PaymentPosting.Reverse ? 1 : 0;
                if (reversals > posts)
                {
                    return false;
                }
            }

            return posts <= 1 && reversals <= 1 && (state == PaymentRequestStatus.Posted) == (posts == 1 && reversals == 0);
        });
}
