using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Domain.Ledger.Settlement;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Ledger;

/// <summary>
/// The ledger use cases' door to the settlement planner: loads the debit items a credit may touch (tracked, so their
/// version guards the allocation), asks <see cref="SettlementPlanner"/>, and posts its allocations in the unit of
/// work. The rules themselves live in the planner; the import's bulk path asks the same planner.
/// </summary>
internal static class Allocator
{
    /// <summary>
    /// Explicit <paramref name="lines"/> (each invoice number looked up, each amount read in the credit's currency);
    /// without lines and with <paramref name="autoAllocate"/> oldest-first over the customer's open debit items in
    /// the credit's currency; else nothing applied.
    /// </summary>
    public static async Task<Result<SettlementPlan>> Plan(CreditDb db, CreditItem credit, IReadOnlyList<AllocationLine>? lines, bool autoAllocate, CancellationToken ct)
    {
        if (lines is { Count: > 0 })
        {
            var requested = await Lines(db, credit, lines, ct);
            return requested.IsOk ? SettlementPlanner.Plan(credit, SettlementRequest.Lines(requested.Value!)) : requested.Error!;
        }

        if (!autoAllocate || credit.AvailableMinor == 0)
        {
            return SettlementPlanner.Plan(credit, SettlementRequest.OnAccount);
        }

        var code = credit.Currency.Code;
        var debits = await db.Entries
            .Where(e => e.CustomerId == credit.CustomerId && e.Currency == code && e.AppliesToId == null && e.OpenMinor > 0
                && (e.Kind == EntryKind.Invoice || e.Kind == EntryKind.Adjustment))
            .ToListAsync(ct);
        return SettlementPlanner.Plan(credit, SettlementRequest.OldestFirst(debits.Select(Debit)));
    }

    /// <summary>The credit applied to the one invoice <paramref name="number"/>, up to its open amount; an invoice with nothing open is refused.</summary>
    public static async Task<Result<SettlementPlan>> PlanNamed(CreditDb db, CreditItem credit, string number, string field, CancellationToken ct)
    {
        var invoice = await FindInvoice(db, number, ct);
        return SettlementPlanner.Plan(credit, SettlementRequest.Named(number, invoice is null ? null : Debit(invoice), field, WhenNothingOpen.Refuse));
    }

    /// <summary>
    /// A ledger entry as the planner sees it. The written-off amount is left at 0: the unit of work derives each
    /// touched item's cache from the facts (<see cref="LedgerCache.Refresh"/>), so the plan's states are not read here.
    /// </summary>
    public static SettlementDebit Debit(LedgerEntry e) =>
        new(e.Id, e.CustomerId, e.Document, Currency.Of(e.Currency), e.DueOn ?? e.PostedOn, e.PostedOn, e.AmountMinor, e.OpenMinor, e.State);

    public static Task<LedgerEntry?> FindInvoice(CreditDb db, string number, CancellationToken ct) =>
        db.Entries.SingleOrDefaultAsync(e => e.Kind == EntryKind.Invoice && e.Document == number, ct);

    private static async Task<Result<IReadOnlyList<SettlementLine>>> Lines(CreditDb db, CreditItem credit, IReadOnlyList<AllocationLine> lines, CancellationToken ct)
    {
        var requested = new List<SettlementLine>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var at = $"allocations[{i}]";
            var number = lines[i].InvoiceNumber?.Trim();
            if (string.IsNullOrEmpty(number))
            {
                return new ValidationFailed(at + ".invoiceNumber", "An invoice number is required.");
            }

            var found = await FindInvoice(db, number, ct);
            var invoice = found is null ? (SettlementDebit?)null : Debit(found);
            var amount = MoneyJson.Positive(lines[i].Amount, credit.Currency, at + ".amount");
            if (!amount.IsOk)
            {
                // A line is read invoice first: a bad invoice is the refusal even when its amount is bad too.
                return SettlementPlanner.CheckTarget(number, invoice, credit.CustomerId, credit.Currency, at + ".invoiceNumber") ?? amount.Error!;
            }

            requested.Add(new SettlementLine(number, invoice, amount.Value.Minor, at + ".invoiceNumber", at + ".amount"));
        }

        return requested;
    }

    /// <summary>
    /// Adds the allocation rows of a credit (saved, or added in this unit of work: the rows then carry its temporary
    /// key, which EF Core replaces when it saves). Returns the ids of the saved debit items whose cache changes.
    /// </summary>
    public static IReadOnlyList<long> Post(CreditDb db, LedgerEntry credit, SettlementPlan plan, DateOnly appliedOn)
    {
        var creditKey = LedgerCache.Key(db, credit);
        foreach (var a in plan.Allocations)
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

        return [.. plan.Allocations.Select(a => a.ItemId)];
    }
}
