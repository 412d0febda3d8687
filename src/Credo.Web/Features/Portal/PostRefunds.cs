using Credo.Domain.Amounts;
using Credo.Domain.Common;
using Credo.Domain.Portal;
using Credo.Web.Data;
using Credo.Web.Features.Ledger;
using Credo.Web.Features.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Portal;

/// <summary>
/// The provider's refunds of a posted payment, each once (its refund id is kept in <c>portal_payment_refunds</c>, in the
/// same transaction as its posting), decided by <see cref="RefundPlan"/>: a refund of the whole payment reverses it
/// through the ledger's <see cref="ReverseEntry"/> (its invoices reopen); a partial one posts the refunded amount as a
/// debit due now through <see cref="PostAdjustment"/> (reference = the refund id), so the customer owes it again.
/// A partial refund reported before the payment's success reached Credo is kept (<c>portal_refunds_waiting</c>) and
/// posted by the same rule once the payment posts, whatever the order; never more than the payment. Each posting
/// publishes <see cref="RefundPosted"/> (and <see cref="RefundPaymentReversed"/> when the payment is reversed).
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
            await Publish(request, refund.RefundId, posting, minor, before + minor, posted.Value, ct);
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

    /// <summary>Partial refunds of a payment whose success has not reached Credo yet: kept, once per refund id, to post when it does.</summary>
    public async Task<string> Keep(PaymentRequest request, IReadOnlyList<ProviderRefund> refunds, CancellationToken ct)
    {
        var ids = refunds.Select(r => r.RefundId).ToList();
        var known = await db.WaitingRefunds.Where(w => w.Provider == provider.Name && ids.Contains(w.RefundId)).Select(w => w.RefundId).ToListAsync(ct);
        var seen = known.ToHashSet(StringComparer.Ordinal);
        var kept = refunds.Where(r => seen.Add(r.RefundId)).ToList();
        db.WaitingRefunds.AddRange(kept.Select(r => new WaitingRefund
        {
            Provider = provider.Name, RefundId = r.RefundId, RequestId = request.Id, AmountMinor = r.AmountMinor, Cumulative = r.Cumulative, ReceivedAtUtc = db.UtcNow,
        }));
        return kept.Count == 0
            ? "nothing to do: these refunds are kept already"
            : $"refunded in part before the payment reached us: kept, and posted once the payment posts ({string.Join(", ", kept.Select(r => r.RefundId))})";
    }

    /// <summary>Right after the payment posted: the refunds kept for it, posted in the order they came, by the same rule.</summary>
    public async Task<Result<string?>> PostWaiting(PaymentRequest request, CancellationToken ct)
    {
        var waiting = await db.WaitingRefunds.AsNoTracking().Where(w => w.RequestId == request.Id).OrderBy(w => w.Id)
            .Select(w => new ProviderRefund(w.RefundId, w.AmountMinor, w.Cumulative)).ToListAsync(ct);
        if (waiting.Count == 0)
        {
            return (string?)null;
        }

        var posted = await Handle(request, waiting, ct);
        return posted.IsOk ? posted.Value : posted.Error!;
    }

    private async Task Publish(PaymentRequest request, string refundId, RefundPosting posting, long minor, long refundedSoFar, long? entryId, CancellationToken ct)
    {
        if (posting == RefundPosting.None || entryId is not { } entry)
        {
            return;
        }

        var currency = Currency.Of(request.Currency);
        var customer = await db.Customers.Where(c => c.Id == request.CustomerId).Select(c => c.Number).SingleAsync(ct);
        db.Publish(new RefundPosted(customer, request.Reference ?? "", provider.Name, refundId, new Money(minor, currency).Major, request.Currency,
            posting == RefundPosting.ReversePayment ? "payment-reversed" : "owed-again", new Money(refundedSoFar, currency).Major, entry));
        if (posting == RefundPosting.ReversePayment)
        {
            RefundEventsPublishing.Reversed(db, request, customer, provider.Name, "refunded", entry);
        }
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
