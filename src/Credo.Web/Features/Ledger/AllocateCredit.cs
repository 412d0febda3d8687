using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Domain.Ledger.Settlement;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Ledger;

/// <summary>Applies the unapplied part of a payment or credit note to invoices: as told, or oldest-first.</summary>
internal sealed class AllocateCredit(CreditDb db)
{
    public async Task<Result<DocumentDto>> Handle(AllocateCreditRequest request, CancellationToken ct)
    {
        if (request.CreditKind is not (EntryKind.Payment or EntryKind.CreditNote))
        {
            return new ValidationFailed("creditKind", "Only payments and credit notes are allocated.");
        }

        var document = request.CreditDocument?.Trim() ?? string.Empty;
        return await LedgerCache.InTransaction<DocumentDto>(
            db,
            async () =>
            {
                var credit = await db.Entries.SingleOrDefaultAsync(e => e.Kind == request.CreditKind && e.Document == document, ct);
                if (credit is null)
                {
                    return new NotFound(request.CreditKind == EntryKind.Payment ? "Payment" : "Credit note", document);
                }

                if (credit.State == ItemState.Reversed)
                {
                    return new Refusal("credit-reversed", $"The {credit.Kind.Slug()} '{document}' has been reversed.");
                }

                var available = -credit.OpenMinor;
                if (available <= 0)
                {
                    return new Refusal("nothing-unapplied", $"The {credit.Kind.Slug()} '{document}' has nothing unapplied.");
                }

                var item = new CreditItem(credit.Kind, credit.CustomerId, Currency.Of(credit.Currency), -credit.AmountMinor, available);
                var plan = await Allocator.Plan(db, item, request.Allocations, autoAllocate: true, ct);
                if (!plan.IsOk)
                {
                    return plan.Error!;
                }

                var appliedOn = request.AppliedOn ?? (db.Today() > credit.PostedOn ? db.Today() : credit.PostedOn);
                if (appliedOn < credit.PostedOn)
                {
                    return new ValidationFailed("appliedOn", $"An allocation cannot be dated before the {credit.Kind.Slug()}.");
                }

                var touched = Allocator.Post(db, credit, plan.Value!, appliedOn);
                await LedgerCache.Refresh(db, [], [credit.Id, .. touched], ct);
                await db.SaveChangesAsync(ct);
                return (await Documents.Load(db, credit.Id, ct))!;
            },
            ct);
    }

    public static async Task<IResult> PaymentEndpoint(string reference, AllocateCreditRequest request, AllocateCredit use, CancellationToken ct) =>
        Respond(await use.Handle(request with { CreditKind = EntryKind.Payment, CreditDocument = reference }, ct));

    public static async Task<IResult> CreditNoteEndpoint(string number, AllocateCreditRequest request, AllocateCredit use, CancellationToken ct) =>
        Respond(await use.Handle(request with { CreditKind = EntryKind.CreditNote, CreditDocument = number }, ct));

    private static IResult Respond(Result<DocumentDto> result) =>
        result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
}
