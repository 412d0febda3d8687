using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;

namespace Credo.Web.Features.Portal;

/// <summary>
/// A refund of a buyer's portal payment was posted through the ledger: the amount refunded is owed again (an adjustment,
/// <paramref name="Document"/> = the refund id), or, refunded whole, the payment was reversed. No personal data: the
/// customer's number, the payment's reference and the provider's ids only.
/// </summary>
internal sealed record RefundPosted(
    string CustomerNumber, string PaymentReference, string Provider, string RefundId, decimal Amount, string Currency, string Posting, decimal RefundedSoFar, long EntryId)
    : IOutboxEvent<RefundPosted>
{
    public static EventTopic Topic { get; } = new("refund.posted", EventAudience.Integrators,
        "A refund of a buyer's portal payment was posted through the ledger: the amount refunded is owed again, or, refunded whole, the payment was reversed.");
}

/// <summary>
/// A buyer's posted portal payment was reversed (refunded whole, or charged back by the payer's bank): the invoices it
/// paid are open again. <paramref name="Reason"/> is <c>refunded</c> or <c>charged-back</c>.
/// </summary>
internal sealed record RefundPaymentReversed(
    string CustomerNumber, string PaymentReference, string Provider, string ProviderPaymentId, decimal Amount, string Currency, string Reason, long ReversalEntryId)
    : IOutboxEvent<RefundPaymentReversed>
{
    public static EventTopic Topic { get; } = new("refund.payment-reversed", EventAudience.Integrators,
        "A buyer's portal payment was reversed after it was posted, refunded whole or charged back by the payer's bank; the invoices it paid are open again.");
}

internal static class RefundEventsPublishing
{
    /// <summary>Publishes <see cref="RefundPaymentReversed"/> for a request whose payment was just reversed by <paramref name="reversalEntryId"/>.</summary>
    public static void Reversed(CreditDb db, PaymentRequest request, string customerNumber, string provider, string reason, long reversalEntryId) =>
        db.Publish(new RefundPaymentReversed(customerNumber, request.Reference ?? "", provider, request.ProviderPaymentId ?? "",
            new Money(request.AmountMinor, Currency.Of(request.Currency)).Major, request.Currency, reason, reversalEntryId));
}
