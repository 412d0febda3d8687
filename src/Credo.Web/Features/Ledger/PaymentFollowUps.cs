namespace Credo.Web.Features.Ledger;

/// <summary>A payment just saved, as a follow-up sees it: the invoices its request named (none when auto-allocated).</summary>
internal sealed record RecordedPayment(long PaymentId, long CustomerId, string Reference, DateOnly ReceivedOn, IReadOnlyList<string> NamedInvoices);

/// <summary>
/// Work another slice does when a payment is recorded, inside the payment's transaction (it commits or rolls back with
/// it). The ledger owns this port so that it knows nothing of the slices behind it: Collections opens a deduction case
/// when a short payment leaves more than a tolerance open on an invoice it names.
/// </summary>
internal interface IPaymentFollowUp
{
    Task Recorded(RecordedPayment payment, CancellationToken ct);
}
