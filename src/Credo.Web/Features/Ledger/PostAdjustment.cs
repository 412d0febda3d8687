using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Domain.Ledger.Settlement;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Ledger;

/// <summary>
/// Posts a signed adjustment with a reason. Applied to an invoice it changes the invoice's open amount (never
/// below zero); standalone, a positive adjustment is a debit item due on its due date and a negative one a credit
/// on account.
/// </summary>
internal sealed class PostAdjustment(CreditDb db)
{
    public async Task<Result<DocumentDto>> Handle(PostAdjustmentRequest request, CancellationToken ct)
    {
        if (LedgerInputs.Reason(request.Reason) is { } badReason)
        {
            return badReason;
        }

        if (request.Reference is not null && LedgerInputs.DocumentNumber(request.Reference, "reference", "reference") is { } badReference)
        {
            return badReference;
        }

        var reference = LedgerInputs.Blank(request.Reference);
        return await LedgerCache.InTransaction<DocumentDto>(
            db,
            async () =>
            {
                LedgerEntry? invoice = null;
                long customerId;
                Currency currency;
                if (!string.IsNullOrWhiteSpace(request.InvoiceNumber))
                {
                    var number = request.InvoiceNumber.Trim();
                    invoice = await db.Entries.SingleOrDefaultAsync(e => e.Kind == EntryKind.Invoice && e.Document == number, ct);
                    if (invoice is null)
                    {
                        return new ValidationFailed("invoiceNumber", $"No invoice '{number}'.");
                    }

                    customerId = invoice.CustomerId;
                    if (!string.IsNullOrWhiteSpace(request.CustomerNumber))
                    {
                        var customer = await db.Customer(request.CustomerNumber, refuseClosed: false, ct);
                        if (!customer.IsOk)
                        {
                            return customer.Error!;
                        }

                        customerId = customer.Value!.Id;
                    }

                    var given = LedgerInputs.CurrencyOr(request.Currency, invoice.Currency);
                    if (!given.IsOk)
                    {
                        return given.Error!;
                    }

                    currency = given.Value;
                    if (SettlementPlanner.CheckTarget(invoice.Document ?? string.Empty, Allocator.Debit(invoice), customerId, currency, "invoiceNumber") is { } refused)
                    {
                        return refused;
                    }
                }
                else
                {
                    var customer = await db.Customer(request.CustomerNumber, refuseClosed: false, ct);
                    if (!customer.IsOk)
                    {
                        return customer.Error!;
                    }

                    var given = LedgerInputs.CurrencyOr(request.Currency, customer.Value!.Currency);
                    if (!given.IsOk)
                    {
                        return given.Error!;
                    }

                    customerId = customer.Value.Id;
                    currency = given.Value;
                }

                var amount = MoneyJson.NonZero(request.Amount, currency);
                if (!amount.IsOk)
                {
                    return amount.Error!;
                }

                if (invoice is not null && Corrections.Adjust(invoice.OpenMinor, amount.Value.Minor) is { } negative)
                {
                    return negative;
                }

                if (reference is not null && await db.DocumentExists(EntryKind.Adjustment, reference, ct))
                {
                    return LedgerInputs.Duplicate(EntryKind.Adjustment, reference, "reference");
                }

                var on = request.On ?? (invoice is not null && invoice.PostedOn > db.Today() ? invoice.PostedOn : db.Today());
                if (invoice is not null && on < invoice.PostedOn)
                {
                    return new ValidationFailed("on", "An adjustment cannot be dated before the invoice it adjusts.");
                }

                var standalone = invoice is null;
                var dueOn = standalone && amount.Value.Minor > 0 ? request.DueDate ?? on : (DateOnly?)null;
                if (dueOn < on)
                {
                    return new ValidationFailed("dueDate", "The due date cannot be before the adjustment date.");
                }

                var entry = new LedgerEntry
                {
                    CustomerId = customerId,
                    Kind = EntryKind.Adjustment,
                    Document = reference,
                    PostedOn = on,
                    DueOn = dueOn,
                    Currency = currency.Code,
                    AmountMinor = amount.Value.Minor,
                    AppliesToId = invoice?.Id,
                    Reason = request.Reason!.Trim(),
                    RecordedAtUtc = db.UtcNow,
                    RecordedBy = db.Actor.Name,
                    OpenMinor = standalone ? amount.Value.Minor : 0,
                    State = standalone ? ItemState.Open : ItemState.Paid,
                };
                db.Entries.Add(entry);
                await LedgerCache.Refresh(db, [entry], invoice is null ? [] : [invoice.Id], ct);
                await db.SaveChangesAsync(ct);
                return (await Documents.Load(db, entry.Id, ct))!;
            },
            ct,
            async () => reference is not null && await db.DocumentExists(EntryKind.Adjustment, reference, ct)
                ? LedgerInputs.Duplicate(EntryKind.Adjustment, reference, "reference")
                : null);
    }

    public static async Task<IResult> Endpoint(PostAdjustmentRequest request, PostAdjustment use, CancellationToken ct)
    {
        var result = await use.Handle(request, ct);
        return result.IsOk ? TypedResults.Created($"/api/entries/{result.Value!.Id}", result.Value) : result.Error!.ToProblem();
    }
}
