using Credo.Domain.Common;
using Credo.Domain.Amounts;
using Credo.Web.Features.Ledger;

namespace Credo.Web.Features.Collections;

/// <summary>
/// The ledger, as dispute cases need it: flag an invoice disputed and clear it, post a credit note or a write-off
/// applied to it. Implemented over the ledger's own use cases so that no ledger rule is copied here; each call joins the
/// case's transaction, so the case and its postings commit together.
/// </summary>
internal interface ICaseLedger
{
    /// <summary>Opens the ledger's dispute on the invoice (or finds the open one) and returns its id.</summary>
    Task<Result<long>> Flag(string invoiceNumber, string reason, CancellationToken ct);

    Task<DomainError?> Unflag(string invoiceNumber, string resolution, CancellationToken ct);

    Task<DomainError?> CreditNote(string customerNumber, string number, string invoiceNumber, Money amount, string reason, CancellationToken ct);

    Task<DomainError?> WriteOff(string invoiceNumber, Money amount, string reason, CancellationToken ct);
}

/// <summary><see cref="ICaseLedger"/> over OpenDispute, ResolveDispute, PostCreditNote and WriteOffInvoice. Features/Collections uses Features/Ledger here and in <see cref="DeductionFromPayment"/>.</summary>
internal sealed class LedgerCasePosting(OpenDispute open, ResolveDispute resolve, PostCreditNote creditNote, WriteOffInvoice writeOff) : ICaseLedger
{
    public async Task<Result<long>> Flag(string invoiceNumber, string reason, CancellationToken ct)
    {
        var result = await open.Handle(new OpenDisputeRequest(Cut(reason)) { InvoiceNumber = invoiceNumber }, ct);
        if (!result.IsOk)
        {
            return result.Error!;
        }

        return result.Value!.Disputes.Last(d => d.Status == nameof(Data.DisputeStatus.Open)).Id;
    }

    public async Task<DomainError?> Unflag(string invoiceNumber, string resolution, CancellationToken ct) =>
        (await resolve.Handle(new ResolveDisputeRequest(Cut(resolution)) { InvoiceNumber = invoiceNumber }, ct)).Error;

    public async Task<DomainError?> CreditNote(string customerNumber, string number, string invoiceNumber, Money amount, string reason, CancellationToken ct) =>
        (await creditNote.Handle(new PostCreditNoteRequest(customerNumber, number, null, amount.Major, amount.Currency.Code, Cut(reason), invoiceNumber), ct)).Error;

    public async Task<DomainError?> WriteOff(string invoiceNumber, Money amount, string reason, CancellationToken ct) =>
        (await writeOff.Handle(new WriteOffRequest(Cut(reason), amount.Major) { InvoiceNumber = invoiceNumber }, ct)).Error;

    private static string Cut(string text) => text.Length > 500 ? text[..500] : text;
}
