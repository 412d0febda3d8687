using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Domain.Amounts;
using Credo.Web.Features.Ledger;

namespace Credo.Web.Features.CashApplication;

/// <summary>
/// <see cref="ICashLedger"/> over the ledger's use cases: a bank line's payment is a RecordPayment with explicit
/// allocations (never auto-allocated: the matcher said which invoices), an undo is the ReverseEntry of that payment, a small difference written off by policy a WriteOffInvoice.
/// Features/CashApplication uses Features/Ledger only here.
/// </summary>
internal sealed class LedgerCashPosting(RecordPayment record, ReverseEntry reverse, WriteOffInvoice writeOff) : ICashLedger
{
    public async Task<DomainError?> PostPayment(PaymentToPost payment, CancellationToken ct)
    {
        var currency = Currency.Of(payment.Currency);
        var request = new RecordPaymentRequest(
            payment.CustomerNumber,
            payment.Reference,
            payment.ReceivedOn,
            new Money(payment.AmountMinor, currency).Major,
            payment.Currency,
            "bank-transfer",
            [.. payment.Allocations.Select(a => new AllocationLine(a.InvoiceNumber, new Money(a.AmountMinor, currency).Major))],
            AutoAllocate: false,
            ExternalRef: payment.BankReference.Length > 128 ? payment.BankReference[..128] : payment.BankReference);
        var result = await record.Handle(request, ct);
        return result.Error;
    }

    public async Task<DomainError?> ReversePayment(string reference, string reason, CancellationToken ct)
    {
        var result = await reverse.Handle(new ReverseEntryRequest(reason) { Kind = EntryKind.Payment, Document = reference }, ct);
        return result.Error;
    }

    public async Task<DomainError?> WriteOff(string invoiceNumber, long amountMinor, string currency, string reason, CancellationToken ct)
    {
        var result = await writeOff.Handle(new WriteOffRequest(reason, new Money(amountMinor, Currency.Of(currency)).Major) { InvoiceNumber = invoiceNumber }, ct);
        return result.Error;
    }
}
