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
            () => Post(request, reference, ct),
            ct,
            async () => reference is not null && await db.DocumentExists(EntryKind.Adjustment, reference, ct)
                ? LedgerInputs.Duplicate(EntryKind.Adjustment, reference, "reference")
                : null);
    }

    /// <summary>What the adjustment applies to: an invoice (tracked), or none for a standalone item; whose it is and in what currency.</summary>
    private sealed record Target(LedgerEntry? Invoice, long CustomerId, Currency Currency);

    /// <summary>Inside the transaction: load the target, check the amount, the reference and the dates, then save.</summary>
    private async Task<Result<DocumentDto>> Post(PostAdjustmentRequest request, string? reference, CancellationToken ct)
    {
        var target = string.IsNullOrWhiteSpace(request.InvoiceNumber)
            ? await StandaloneTarget(request, ct)
            : await InvoiceTarget(request, request.InvoiceNumber.Trim(), ct);
        if (!target.IsOk)
        {
            return target.Error!;
        }

        var (invoice, customerId, currency) = target.Value!;
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

        var dates = Dates(request, invoice, amount.Value.Minor);
        if (!dates.IsOk)
        {
            return dates.Error!;
        }

        var entry = Entry(request, reference, target.Value!, amount.Value.Minor, dates.Value.On, dates.Value.DueOn);
        db.Entries.Add(entry);
        await LedgerCache.Refresh(db, [entry], invoice is null ? [] : [invoice.Id], ct);
        await db.SaveChangesAsync(ct);
        return (await Documents.Load(db, entry.Id, ct))!;
    }

    /// <summary>An adjustment of an invoice: the invoice, the customer named (or the invoice's), the currency given (or the invoice's).</summary>
    private async Task<Result<Target>> InvoiceTarget(PostAdjustmentRequest request, string number, CancellationToken ct)
    {
        var invoice = await db.Entries.SingleOrDefaultAsync(e => e.Kind == EntryKind.Invoice && e.Document == number, ct);
        if (invoice is null)
        {
            return new ValidationFailed("invoiceNumber", $"No invoice '{number}'.");
        }

        var customerId = invoice.CustomerId;
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

        var currency = given.Value;
        if (SettlementPlanner.CheckTarget(invoice.Document ?? string.Empty, Allocator.Debit(invoice), customerId, currency, "invoiceNumber") is { } refused)
        {
            return refused;
        }

        return new Target(invoice, customerId, currency);
    }

    /// <summary>A standalone adjustment: the customer named, the currency given (or the customer's).</summary>
    private async Task<Result<Target>> StandaloneTarget(PostAdjustmentRequest request, CancellationToken ct)
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

        return new Target(null, customer.Value.Id, given.Value);
    }

    /// <summary>The adjustment's date (never before the invoice's) and, for a standalone debit, its due date (never before it).</summary>
    private Result<(DateOnly On, DateOnly? DueOn)> Dates(PostAdjustmentRequest request, LedgerEntry? invoice, long amountMinor)
    {
        var on = request.On ?? (invoice is not null && invoice.PostedOn > db.Today() ? invoice.PostedOn : db.Today());
        if (invoice is not null && on < invoice.PostedOn)
        {
            return new ValidationFailed("on", "An adjustment cannot be dated before the invoice it adjusts.");
        }

        var standalone = invoice is null;
        var dueOn = standalone && amountMinor > 0 ? request.DueDate ?? on : (DateOnly?)null;
        if (dueOn < on)
        {
            return new ValidationFailed("dueDate", "The due date cannot be before the adjustment date.");
        }

        return (on, dueOn);
    }

    /// <summary>The new entry: standalone it is an open item of its own; applied to an invoice it is settled at once.</summary>
    private LedgerEntry Entry(PostAdjustmentRequest request, string? reference, Target target, long amountMinor, DateOnly on, DateOnly? dueOn)
    {
        var standalone = target.Invoice is null;
        return new LedgerEntry
        {
            CustomerId = target.CustomerId,
            Kind = EntryKind.Adjustment,
            Document = reference,
            PostedOn = on,
            DueOn = dueOn,
            Currency = target.Currency.Code,
            AmountMinor = amountMinor,
            AppliesToId = target.Invoice?.Id,
            Reason = request.Reason!.Trim(),
            RecordedAtUtc = db.UtcNow,
            RecordedBy = db.Actor.Name,
            OpenMinor = standalone ? amountMinor : 0,
            State = standalone ? ItemState.Open : ItemState.Paid,
        };
    }

    public static async Task<IResult> Endpoint(PostAdjustmentRequest request, PostAdjustment use, CancellationToken ct)
    {
        var result = await use.Handle(request, ct);
        return result.IsOk ? TypedResults.Created($"/api/entries/{result.Value!.Id}", result.Value) : result.Error!.ToProblem();
    }
}
