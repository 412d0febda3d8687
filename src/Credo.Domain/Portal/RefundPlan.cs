namespace Credo.Domain.Portal;

/// <summary>What the ledger must do for one refund of a provider payment.</summary>
public enum RefundPosting
{
    /// <summary>Nothing: the payment was never posted (or is reversed already), or nothing is left to refund.</summary>
    None,

    /// <summary>The whole payment is refunded at once: reverse the payment (its invoices reopen).</summary>
    ReversePayment,

    /// <summary>Part of the payment is refunded: the refunded amount is owed again, as a debit due now.</summary>
    Debit,
}

/// <summary>
/// A refund (full or partial) of a posted provider payment, as a pure decision. Each refund is decided once (its id is
/// the idempotency key, kept by the caller); <paramref name="refundedBeforeMinor"/> is what earlier refunds of the same
/// payment took, so the refunds of one payment never post more than it paid, in whatever order they arrive.
/// </summary>
public static class RefundPlan
{
    /// <returns>What to post, the amount to post, and the request's status afterwards.</returns>
    public static (RefundPosting Posting, long Minor, PaymentRequestStatus Next) Decide(
        PaymentRequestStatus status, long paidMinor, long refundedBeforeMinor, long refundMinor)
    {
        var left = paidMinor - refundedBeforeMinor;
        var minor = Math.Min(refundMinor, left);
        return status switch
        {
            PaymentRequestStatus.Posted when minor <= 0 => (RefundPosting.None, 0, status),
            PaymentRequestStatus.Posted when refundedBeforeMinor == 0 && minor == paidMinor => (RefundPosting.ReversePayment, minor, PaymentRequestStatus.Reversed),
            PaymentRequestStatus.Posted => (RefundPosting.Debit, minor, minor == left ? PaymentRequestStatus.Reversed : PaymentRequestStatus.Posted),
            PaymentRequestStatus.Requested or PaymentRequestStatus.Failed or PaymentRequestStatus.Reversed or PaymentRequestStatus.Cancelled => (RefundPosting.None, 0, status),
        };
    }
}
