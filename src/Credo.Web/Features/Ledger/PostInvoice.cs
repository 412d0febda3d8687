using Credo.Domain.Common;
using Credo.Domain.Customers;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Infrastructure;

namespace Credo.Web.Features.Ledger;

/// <summary>
/// Posts an invoice: a debit item due on the given date, or on the terms (given, else the customer's) applied to
/// the issue date. Lines, if any, must add up to the amount.
/// </summary>
internal sealed class PostInvoice(CreditDb db)
{
    public async Task<Result<DocumentDto>> Handle(PostInvoiceRequest request, CancellationToken ct)
    {
        var basics = await db.NewDocument(request.CustomerNumber, refuseClosed: true, request.Number, "number", "invoice number", request.Currency, request.Amount, ct);
        if (!basics.IsOk)
        {
            return basics.Error!;
        }

        var (customer, money) = basics.Value;

        var terms = PaymentTerms.Parse(request.Terms ?? customer.TermsCode);
        if (!terms.IsOk)
        {
            return terms.Error!;
        }

        var issuedOn = request.IssueDate ?? db.Today();
        var dueOn = request.DueDate ?? terms.Value!.DueOn(issuedOn);
        if (dueOn < issuedOn)
        {
            return new ValidationFailed("dueDate", "The due date cannot be before the issue date.");
        }

        if ((LedgerInputs.Optional(request.PoNumber, "poNumber", 64) ?? LedgerInputs.Optional(request.ExternalRef, "externalRef", 128)) is { } badText)
        {
            return badText;
        }

        var lines = LedgerInputs.Lines(request.Lines, money);
        if (!lines.IsOk)
        {
            return lines.Error!;
        }

        var number = request.Number!.Trim();
        return await LedgerCache.InTransaction<DocumentDto>(
            db,
            async () =>
            {
                if (await db.DocumentExists(EntryKind.Invoice, number, ct))
                {
                    return LedgerInputs.Duplicate(EntryKind.Invoice, number, "number");
                }

                var invoice = new LedgerEntry
                {
                    CustomerId = customer.Id,
                    Kind = EntryKind.Invoice,
                    Document = number,
                    PostedOn = issuedOn,
                    DueOn = dueOn,
                    Currency = money.Currency.Code,
                    AmountMinor = money.Minor,
                    TermsCode = terms.Value!.Code,
                    PoNumber = LedgerInputs.Blank(request.PoNumber),
                    ExternalRef = LedgerInputs.Blank(request.ExternalRef),
                    RecordedAtUtc = db.UtcNow,
                    RecordedBy = db.Actor.Name,
                    Lines = lines.Value!,
                    OpenMinor = money.Minor,
                    State = ItemState.Open,
                };
                db.Entries.Add(invoice);
                await LedgerCache.Refresh(db, [invoice], [], ct);
                await db.SaveChangesAsync(ct);
                return (await Documents.Load(db, invoice.Id, ct))!;
            },
            ct,
            async () => await db.DocumentExists(EntryKind.Invoice, number, ct) ? LedgerInputs.Duplicate(EntryKind.Invoice, number, "number") : null);
    }

    public static async Task<IResult> Endpoint(PostInvoiceRequest request, PostInvoice use, CancellationToken ct)
    {
        var result = await use.Handle(request, ct);
        return result.IsOk
            ? TypedResults.Created($"/api/invoices/{Uri.EscapeDataString(result.Value!.Number!)}", result.Value)
            : result.Error!.ToProblem();
    }
}
