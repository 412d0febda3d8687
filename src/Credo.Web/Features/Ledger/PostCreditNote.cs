using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Domain.Ledger.Settlement;
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
        var basics = await db.NewDocument(request.CustomerNumber, refuseClosed: false, request.Number, "number", "credit note number", request.Currency, request.Amount, ct);
        if (!basics.IsOk)
        {
            return basics.Error!;
        }

        var (customer, money) = basics.Value;

        if ((LedgerInputs.Reason(request.Reason, required: false) ?? LedgerInputs.Optional(request.ExternalRef, "externalRef", 128)) is { } badText)
        {
            return badText;
        }

        var lines = LedgerInputs.Lines(request.Lines, money);
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

                var item = CreditItem.New(EntryKind.CreditNote, customer.Id, money);
                var plan = string.IsNullOrWhiteSpace(request.InvoiceNumber)
                    ? await Allocator.Plan(db, item, null, request.AutoAllocate, ct)
                    : await Allocator.PlanNamed(db, item, request.InvoiceNumber.Trim(), "invoiceNumber", ct);
                if (!plan.IsOk)
                {
                    return plan.Error!;
                }

                var credit = new LedgerEntry
                {
                    CustomerId = customer.Id,
                    Kind = EntryKind.CreditNote,
                    Document = number,
                    PostedOn = issuedOn,
                    Currency = money.Currency.Code,
                    AmountMinor = -money.Minor,
                    Reason = LedgerInputs.Blank(request.Reason),
                    ExternalRef = LedgerInputs.Blank(request.ExternalRef),
                    RecordedAtUtc = db.UtcNow,
                    RecordedBy = db.Actor.Name,
                    Lines = lines.Value!,
                    OpenMinor = -money.Minor,
                    State = ItemState.Open,
                };
                db.Entries.Add(credit);
                var touched = Allocator.Post(db, credit, plan.Value!, issuedOn);
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
