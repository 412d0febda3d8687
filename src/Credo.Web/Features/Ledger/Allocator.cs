using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Domain.Money;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Ledger;

/// <summary>Plans allocations of a credit (checked before anything is saved) and posts them.</summary>
internal static class Allocator
{
    /// <summary>
    /// Explicit lines are checked against each invoice's open amount (same customer and currency) and the credit's
    /// <paramref name="availableMinor"/>; without lines and with <paramref name="autoAllocate"/> the credit goes
    /// oldest-first over the customer's open debit items in its currency. The debit items are loaded tracked, so
    /// their version guards the allocation.
    /// </summary>
    public static async Task<Result<IReadOnlyList<Application>>> Plan(
        CreditDb db, long customerId, Currency currency, long availableMinor, IReadOnlyList<AllocationLine>? lines, bool autoAllocate, CancellationToken ct)
    {
        if (lines is { Count: > 0 })
        {
            var requested = new List<RequestedApplication>();
            var open = new Dictionary<long, long>();
            for (var i = 0; i < lines.Count; i++)
            {
                var at = $"allocations[{i}]";
                var number = lines[i].InvoiceNumber?.Trim();
                if (string.IsNullOrEmpty(number))
                {
                    return new ValidationFailed(at + ".invoiceNumber", "An invoice number is required.");
                }

                var invoice = await db.Entries.SingleOrDefaultAsync(e => e.Kind == EntryKind.Invoice && e.Document == number, ct);
                if (invoice is null)
                {
                    return new ValidationFailed(at + ".invoiceNumber", $"No invoice '{number}'.");
                }

                if (CheckTarget(invoice, customerId, currency, at + ".invoiceNumber") is { } refused)
                {
                    return refused;
                }

                var amount = MoneyJson.Positive(lines[i].Amount, currency, at + ".amount");
                if (!amount.IsOk)
                {
                    return amount.Error!;
                }

                requested.Add(new RequestedApplication(invoice.Id, amount.Value.Minor, at + ".amount"));
                open[invoice.Id] = invoice.OpenMinor;
            }

            return Corrections.Explicit(availableMinor, requested, open);
        }

        if (!autoAllocate || availableMinor == 0)
        {
            return Result<IReadOnlyList<Application>>.Ok([]);
        }

        var code = currency.Code;
        var debits = await db.Entries
            .Where(e => e.CustomerId == customerId && e.Currency == code && e.AppliesToId == null && e.OpenMinor > 0
                && (e.Kind == EntryKind.Invoice || e.Kind == EntryKind.Adjustment))
            .ToListAsync(ct);
        return Result<IReadOnlyList<Application>>.Ok(Allocation.OldestFirst(
            availableMinor,
            debits.Select(d => new OpenDebit(d.Id, d.DueOn ?? d.PostedOn, d.PostedOn, d.OpenMinor))));
    }

    /// <summary>An invoice a credit may settle: the same customer and currency, not reversed.</summary>
    public static DomainError? CheckTarget(LedgerEntry invoice, long customerId, Currency currency, string field)
    {
        if (invoice.CustomerId != customerId)
        {
            return new Refusal("wrong-customer", $"Invoice '{invoice.Document}' belongs to another customer.", field);
        }

        if (invoice.Currency != currency.Code)
        {
            return new Refusal("currency-mismatch", $"Invoice '{invoice.Document}' is in {invoice.Currency}, not {currency.Code}.", field);
        }

        return invoice.State == ItemState.Reversed
            ? new Refusal("invoice-reversed", $"Invoice '{invoice.Document}' has been reversed.", field)
            : null;
    }

    /// <summary>
    /// Adds the allocation rows of a credit (saved, or added in this unit of work: the rows then carry its temporary
    /// key, which EF Core replaces when it saves). Returns the ids of the saved debit items whose cache changes.
    /// </summary>
    public static IReadOnlyList<long> Post(CreditDb db, LedgerEntry credit, IReadOnlyList<Application> applications, DateOnly appliedOn)
    {
        var creditKey = LedgerCache.Key(db, credit);
        foreach (var a in applications)
        {
            var row = new AllocationEntry
            {
                CustomerId = credit.CustomerId,
                DebitId = a.ItemId,
                Currency = credit.Currency,
                AmountMinor = a.AmountMinor,
                AppliedOn = appliedOn,
                RecordedAtUtc = db.UtcNow,
                RecordedBy = db.Actor.Name,
            };
            db.Allocations.Add(row);
            db.Entry(row).Property(r => r.CreditId).CurrentValue = creditKey;
        }

        return [.. applications.Select(a => a.ItemId)];
    }
}
