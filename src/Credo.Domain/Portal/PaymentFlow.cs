namespace Credo.Domain.Portal;

/// <summary>Where a buyer's payment request is (the same names as the stored status).</summary>
public enum PaymentRequestStatus
{
    /// <summary>Made: waiting for the provider (card, US bank account) or for the transfer to arrive.</summary>
    Requested,

    /// <summary>The provider said the attempt failed; the buyer may try again (a later success still posts).</summary>
    Failed,

    /// <summary>Confirmed by the provider and posted to the ledger, on the invoices chosen.</summary>
    Posted,

    /// <summary>Refunded or charged back after it was posted: the payment was reversed, with the reason.</summary>
    Reversed,

    /// <summary>Refunded or charged back before any success reached us: nothing was ever posted, and nothing will be.</summary>
    Cancelled,
}

/// <summary>What a provider can tell about a payment (its webhook events, in Credo's words).</summary>
public enum PaymentNotice
{
    Succeeded,
    Failed,
    Refunded,
    ChargedBack,
}

/// <summary>What the ledger must do for a notice: nothing, post the payment, or reverse the posted one.</summary>
public enum PaymentPosting
{
    None,
    Post,
    Reverse,
}

/// <summary>
/// A payment request's lifecycle as a pure table. Webhooks come more than once and in any order, so every notice is
/// defined in every state: a success posts only from Requested or Failed (a failed first attempt may be followed by a
/// successful one, and a late "failed" after a success changes nothing); a refund or chargeback reverses only what was
/// posted; a success arriving after a refund posts nothing. So a payment is posted at most once, and reversed at most once.
/// </summary>
public static class PaymentFlow
{
    public static IReadOnlyList<PaymentRequestStatus> States { get; } = Enum.GetValues<PaymentRequestStatus>();

    public static IReadOnlyList<PaymentNotice> Notices { get; } = Enum.GetValues<PaymentNotice>();

    public static (PaymentRequestStatus Next, PaymentPosting Posting) Apply(PaymentRequestStatus from, PaymentNotice notice) => (from, notice) switch
    {
        (PaymentRequestStatus.Requested or PaymentRequestStatus.Failed, PaymentNotice.Succeeded) => (PaymentRequestStatus.Posted, PaymentPosting.Post),
        (PaymentRequestStatus.Requested or PaymentRequestStatus.Failed, PaymentNotice.Failed) => (PaymentRequestStatus.Failed, PaymentPosting.None),
        (PaymentRequestStatus.Requested or PaymentRequestStatus.Failed, PaymentNotice.Refunded or PaymentNotice.ChargedBack) => (PaymentRequestStatus.Cancelled, PaymentPosting.None),
        (PaymentRequestStatus.Posted, PaymentNotice.Succeeded or PaymentNotice.Failed) => (PaymentRequestStatus.Posted, PaymentPosting.None),
        (PaymentRequestStatus.Posted, PaymentNotice.Refunded or PaymentNotice.ChargedBack) => (PaymentRequestStatus.Reversed, PaymentPosting.Reverse),
        (PaymentRequestStatus.Reversed, PaymentNotice.Succeeded or PaymentNotice.Failed or PaymentNotice.Refunded or PaymentNotice.ChargedBack) => (PaymentRequestStatus.Reversed, PaymentPosting.None),
        (PaymentRequestStatus.Cancelled, PaymentNotice.Succeeded or PaymentNotice.Failed or PaymentNotice.Refunded or PaymentNotice.ChargedBack) => (PaymentRequestStatus.Cancelled, PaymentPosting.None),
    };

    /// <summary>The status in a buyer's words.</summary>
    public static string Describe(PaymentRequestStatus status) => status switch
    {
        PaymentRequestStatus.Requested => "Waiting for your payment",
        PaymentRequestStatus.Failed => "Payment failed: you can try again",
        PaymentRequestStatus.Posted => "Paid",
        PaymentRequestStatus.Reversed => "Refunded or disputed: the payment was reversed",
        PaymentRequestStatus.Cancelled => "Refunded before it reached us: nothing was paid",
    };
}
