using Credo.Domain.Collections;
using Credo.Domain.Ledger;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Features.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Collections;

/// <summary>
/// A short payment becomes a deduction case: when a payment names an invoice and leaves more than
/// <see cref="CollectionsOptions.DeductionToleranceMinor"/> open on it, a case (kind deduction, reason other, the open
/// rest as its disputed part) is opened in the payment's own transaction. Invoices already under an open case, or
/// the payment did not touch, are left alone.
/// </summary>
internal sealed class DeductionFromPayment(CreditDb db, OpenCase open, IOptions<CollectionsOptions> options) : IPaymentFollowUp
{
    public async Task Recorded(RecordedPayment payment, CancellationToken ct)
    {
        if (payment.NamedInvoices.Count == 0)
        {
            return;
        }

        var applied = await db.Allocations.AsNoTracking().Where(a => a.CreditId == payment.PaymentId && a.AmountMinor > 0).Select(a => a.DebitId).ToListAsync(ct);
        var invoices = await db.Entries.AsNoTracking()
            .Where(e => e.CustomerId == payment.CustomerId && e.Kind == EntryKind.Invoice && payment.NamedInvoices.Contains(e.Document!) && applied.Contains(e.Id))
            .ToListAsync(ct);
        foreach (var invoice in invoices)
        {
            var left = new Money(invoice.OpenMinor, Currency.Of(invoice.Currency));
            if (!DisputeCaseFlow.IsDeduction(left, options.Value.DeductionToleranceMinor) || invoice.Disputed)
            {
                continue;
            }

            var opened = await open.Open(invoice, CaseKind.Deduction, CaseReason.Other, left, "payment", null, payment.PaymentId, ct);
            if (opened.IsOk)
            {
                CaseViews.Note(db, opened.Value!, $"Payment {payment.Reference} of {payment.ReceivedOn:yyyy-MM-dd} left {left.ToDisplayString()} open on {invoice.Document}. Find out why (price, quantity, damage…) and set the reason.", null, fromBuyer: false);
            }
        }

        await db.SaveChangesAsync(ct);
    }
}
