using Credo.Domain.Amounts;
using Credo.Domain.Common;
using Credo.Domain.Portal;
using Credo.Web.Data;
using Credo.Web.Features.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Portal;

/// <summary>
/// The provider's refunds of a posted payment, each once (its refund id is kept in <c>portal_payment_refunds</c>, in the
/// same transaction as its posting), decided by <see cref="RefundPlan"/>: a refund of the whole payment reverses it
/// through the ledger's <see cref="ReverseEntry"/> (its invoices reopen); a partial one posts the refunded amount as a
/// debit due now through <see cref="PostAdjustment"/> (reference = the refund id), so the customer owes it again.
/// Called inside <see cref="HandlePaymentEvent"/>'s transaction; it does not save.
/// </summary>
internal sealed class PostRefunds(CreditDb db, IPaymentProvider provider, ReverseEntry reverse, PostAdjustment adjust)
{
    public async Task<Result<string>> Handle(PaymentRequest request, IReadOnlyList<ProviderRefund> refunds, CancellationToken ct)
    {
        var recorded = await db.PaymentRefunds.Where(r => r.RequestId == request.Id).Select(r => new { r.RefundId, r.AmountMinor }).ToListAsync(ct);
        var seen = recorded.Select(r => r.RefundId).ToHashSet(StringComparer.Ordinal);
        var before = recorded.Sum(r => r.AmountMinor);
        var said = new List<string>();
        foreach (var refund in refunds.Where(r => seen.Add(r.RefundId)))
        {
            var asked = refund.Cumulative ? refund.AmountMinor - before : refund.AmountMinor;
            var (posting, minor, next) = RefundPlan.Decide(request.Status, request.AmountMinor, before, asked);
            var posted = posting switch
            {
                RefundPosting.ReversePayment => await Reverse(request, ct),
                RefundPosting.Debit => await Debit(request, refund.RefundId, minor, ct),
                RefundPosting.None => Result<long?>.Ok(null),
            };
            if (!posted.IsOk)
            {
                return posted.Error!;
            }

            var outcome = Describe(posting, new Money(minor, Currency.Of(request.Currency)), refund.RefundId);
            db.PaymentRefunds.Add(new PaymentRefund
            {
                Provider = provider.Name, RefundId = refund.RefundId, RequestId = request.Id, AmountMinor = minor, Currency = request.Currency,
                EntryId = posted.Value, RecordedAtUtc = db.UtcNow, Outcome = outcome,
            });
            before += minor;
            request.Status = next;
            request.Note = posting == RefundPosting.None ? request.Note : outcome;
            request.UpdatedAtUtc = db.UtcNow;
            said.Add(outcome);
        }

        return said.Count == 0 ? "nothing to do: these refunds were posted before" : string.Join("; ", said);
    }

    private static string Describe(RefundPosting posting, Money amount, string refundId) => posting switch
    {
        RefundPosting.ReversePayment => $"refunded in full through Stripe (refund {refundId}): the payment was reversed",
        RefundPosting.Debit => $"{amount.Major:#,##0.00###} {amount.Currency.Code} refunded through Stripe (refund {refundId}): owed again",
        RefundPosting.None => $"refund {refundId}: nothing left to refund",
    };

    private async Task<Result<long?>> Reverse(PaymentRequest request, CancellationToken ct)
    {
        var reversed = await reverse.Handle(new ReverseEntryRequest($"{provider.Name}: refunded through Stripe") { EntryId = request.PaymentEntryId }, ct);
        return reversed.IsOk ? reversed.Value!.Id : reversed.Error!;
    }

    private async Task<Result<long?>> Debit(PaymentRequest request, string refundId, long minor, CancellationToken ct)
    {
        var customer = await db.Customers.Where(c => c.Id == request.CustomerId).Select(c => c.Number).SingleAsync(ct);
        var amount = new Money(minor, Currency.Of(request.Currency));
        var posted = await adjust.Handle(new PostAdjustmentRequest(customer, null, amount.Major, request.Currency,
            $"{provider.Name}: refunded through Stripe, part of payment {request.Reference}", DueDate: db.Today(), Reference: refundId), ct);
        return posted.IsOk ? posted.Value!.Id : posted.Error!;
    }
}
