using Credo.Domain.Portal;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Credo.Domain.Tests.Portal;

/// <summary>Refunds of a provider payment: a whole refund reverses it, a part is owed again, never more than was paid.</summary>
public sealed class RefundPlanTests
{
    [Theory]
    [InlineData(PaymentRequestStatus.Posted, 100_00, 0, 100_00, RefundPosting.ReversePayment, 100_00, PaymentRequestStatus.Reversed)]
    [InlineData(PaymentRequestStatus.Posted, 100_00, 0, 30_00, RefundPosting.Debit, 30_00, PaymentRequestStatus.Posted)]
    [InlineData(PaymentRequestStatus.Posted, 100_00, 30_00, 70_00, RefundPosting.Debit, 70_00, PaymentRequestStatus.Reversed)] // the rest, in a second refund
    [InlineData(PaymentRequestStatus.Posted, 100_00, 30_00, 90_00, RefundPosting.Debit, 70_00, PaymentRequestStatus.Reversed)] // never more than was paid
    [InlineData(PaymentRequestStatus.Posted, 100_00, 100_00, 10_00, RefundPosting.None, 0, PaymentRequestStatus.Posted)]
    [InlineData(PaymentRequestStatus.Posted, 100_00, 0, 0, RefundPosting.None, 0, PaymentRequestStatus.Posted)]
    [InlineData(PaymentRequestStatus.Requested, 100_00, 0, 30_00, RefundPosting.None, 0, PaymentRequestStatus.Requested)] // nothing posted yet
    [InlineData(PaymentRequestStatus.Failed, 100_00, 0, 30_00, RefundPosting.None, 0, PaymentRequestStatus.Failed)]
    [InlineData(PaymentRequestStatus.Reversed, 100_00, 0, 30_00, RefundPosting.None, 0, PaymentRequestStatus.Reversed)] // charged back already
    [InlineData(PaymentRequestStatus.Cancelled, 100_00, 0, 100_00, RefundPosting.None, 0, PaymentRequestStatus.Cancelled)]
    public void A_refund_posts(PaymentRequestStatus status, long paid, long before, long refund, RefundPosting posting, long minor, PaymentRequestStatus next) =>
        Assert.Equal((posting, minor, next), RefundPlan.Decide(status, paid, before, refund));

    [Property]
    public Property Refunds_in_any_order_never_post_more_than_was_paid() =>
        Prop.ForAll(Gen.ListOf(Gen.Choose(1, 150_00)).ToArbitrary(), refunds =>
        {
            const long Paid = 100_00;
            var status = PaymentRequestStatus.Posted;
            long refunded = 0;
            foreach (var refund in refunds)
            {
                var (posting, minor, next) = RefundPlan.Decide(status, Paid, refunded, refund);
                refunded += posting == RefundPosting.None ? 0 : minor;
                status = next;
            }

            return refunded <= Paid && (status == PaymentRequestStatus.Reversed) == (refunded == Paid);
        });
}
