using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Ledger;

/// <summary>
/// Posts a credit note: applied to the named invoice (up to its open amount), oldest-first when asked, or left
/// unapplied on account.
/// </summary>
internal sealed class PostCreditNote(CreditDb db)
{
    public async Task<Result<DocumentDto>> Handle(PostCreditNoteRequest request, CancellationToken ct)
    {
        var customer = await db.Customer(request.CustomerNumber, refuseClosed: false, ct);
        if (!customer.IsOk)
        {
            return customer.Error!;
        }

        if (LedgerInputs.DocumentNumber(request.Number, "number", "credit note number") is { } badNumber)
        {
            return badNumber;
        }

        var currency = LedgerInputs.CurrencyOr(request.Currency, customer.Value!.Currency);
        if (!currency.IsOk)
        {
            return currency.Error!;
        }

        var amount = MoneyJson.Positive(request.Amount, currency.Value);
        if (!amount.IsOk)
        {
            return amount.Error!;
        }

        if ((LedgerInputs.Reason(request.Reason, required: false) ?? LedgerInputs.Optional(request.ExternalRef, "externalRef", 128)) is { } badText)
        {
            return badText;
        }

        var lines = LedgerInputs.Lines(request.Lines, amount.Value);
        if (!lines.IsOk)
        {
            return lines.Error!;
        }

        var number = request.Number!.Trim();
        var issuedOn = request.IssueDate ?? db.Today();
        return await LedgerCache.InTransaction<DocumentDto>(
            db,
            async () =>
            {
                if (await db.DocumentExists(EntryKind.CreditNote, number, ct))
                {
                    return LedgerInputs.Duplicate(EntryKind.CreditNote, number, "number");
                }

                IReadOnlyList<Application> plan;
                if (!string.IsNullOrWhiteSpace(request.InvoiceNumber))
                {
                    var invoiceNumber = request.InvoiceNumber.Trim();
                    var invoice = await db.Entries.SingleOrDefaultAsync(e => e.Kind == EntryKind.Invoice && e.Document == invoiceNumber, ct);
                    if (invoice is null)
                    {
                        return new ValidationFailed("invoiceNumber", $"No invoice '{invoiceNumber}'.");
                    }

                    if (Allocator.CheckTarget(invoice, customer.Value.Id, currency.Value, "invoiceNumber") is { } refused)
                    {
                        return refused;
                    }

                    if (invoice.OpenMinor <= 0)
                    {
                        return new Refusal("invoice-not-open", $"Invoice '{invoiceNumber}' has nothing open.", "invoiceNumber");
                    }

                    plan = [new Application(invoice.Id, Math.Min(amount.Value.Minor, invoice.OpenMinor))];
                }
                else
                {
                    var auto = await Allocator.Plan(db, customer.Value.Id, currency.Value, amount.Value.Minor, null, request.AutoAllocate, ct);
                    if (!auto.IsOk)
                    {
                        return auto.Error!;
                    }

                    plan = auto.Value!;
                }

                var credit = new LedgerEntry
                {
                    CustomerId = customer.Value.Id,
                    Kind = EntryKind.CreditNote,
                    Document = number,
                    PostedOn = issuedOn,
                    Currency = currency.Value.Code,
                    AmountMinor = -amount.Value.Minor,
                    Reason = LedgerInputs.Blank(request.Reason),
                    ExternalRef = LedgerInputs.Blank(request.ExternalRef),
                    RecordedAtUtc = db.UtcNow,
                    RecordedBy = db.Actor.Name,
                    Lines = lines.Value!,
                    OpenMinor = -amount.Value.Minor,
                    State = ItemState.Open,
                };
                db.Entries.Add(credit);
                var touched = Allocator.Post(db, credit, plan, issuedOn);
                await LedgerCache.Refresh(db, [credit], touched, ct);
                await db.SaveChangesAsync(ct);
                return (await Documents.Load(db, credit.Id, ct))!;
            },
            ct,
            async () => await db.DocumentExists(EntryKind.CreditNote, number, ct) ? LedgerInputs.Duplicate(EntryKind.CreditNote, number, "number") : null);
    }

    public static async Task<IResult> Endpoint(PostCreditNoteRequest request, PostCreditNote use, CancellationToken ct)
    {
        var result = await use.Handle(request, ct);
        return result.IsOk
            ? TypedResults.Created($"/api/credit-notes/{Uri.EscapeDataString(result.Value!.Number!)}", result.Value)
            : result.Error!.ToProblem();
    }
}
