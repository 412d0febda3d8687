using Credo.Domain.Common;
using Credo.Domain.Matching;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.CashApplication;

/// <summary>
/// A person's own answer for an unmatched (or suggested) line: a customer and, optionally, invoices with amounts;
/// the rest stays on account. Posted through the ledger like any match, and it teaches the engine the payer's account
/// and name for that customer.
/// </summary>
internal sealed class MatchLineManually(CreditDb db, ApplyBankLine apply)
{
    public async Task<Result<long>> Handle(long lineId, ManualMatchRequest request, CancellationToken ct)
    {
        var line = await db.BankLines.AsNoTracking().FirstOrDefaultAsync(l => l.Id == lineId, ct);
        if (line is null)
        {
            return new NotFound("Bank line", lineId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (line.AmountMinor <= 0)
        {
            return new Refusal("not-a-payment", "Money paid out is not applied to invoices.");
        }

        var customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Number == (request.CustomerNumber ?? "").Trim(), ct);
        if (customer is null)
        {
            return new ValidationFailed("customerNumber", $"No customer '{request.CustomerNumber}'.");
        }

        var currency = Currency.Of(line.Currency);
        var allocations = new List<InvoiceAllocation>();
        foreach (var (item, i) in (request.Allocations ?? []).Select((a, i) => (a, i)))
        {
            var money = Credo.Domain.Amounts.Money.FromMajor(item.Amount ?? 0, currency, $"allocations[{i}].amount");
            if (!money.IsOk || !money.Value.IsPositive)
            {
                return money.Error ?? new ValidationFailed($"allocations[{i}].amount", "The amount must be more than zero.");
            }

            var invoiceId = await db.Entries.Where(e => e.Kind == Credo.Domain.Ledger.EntryKind.Invoice && e.Document == item.InvoiceNumber && e.CustomerId == customer.Id).Select(e => (long?)e.Id).FirstOrDefaultAsync(ct);
            if (invoiceId is null)
            {
                return new ValidationFailed($"allocations[{i}].invoiceNumber", $"{customer.Number} has no invoice '{item.InvoiceNumber}'.");
            }

            allocations.Add(new InvoiceAllocation(invoiceId.Value, item.InvoiceNumber!, money.Value));
        }

        var total = allocations.Sum(a => a.Amount.Minor);
        if (total > line.AmountMinor)
        {
            return new ValidationFailed("allocations", "The allocations add up to more than the line.");
        }

        var latest = await db.Latest(lineId, ct);
        if (latest is { Status: BankLineStatus.Applied })
        {
            return new Refusal("already-applied", "This line is applied; undo it first.");
        }

        var decision = new BankLineDecision
        {
            LineId = lineId,
            Sequence = (latest?.Sequence ?? 0) + 1,
            Status = BankLineStatus.Applied,
            Action = "manual",
            CustomerId = customer.Id,
            Score = 100,
            Signature = AnswerSignature.Of(customer.Id, allocations.Select(a => a.InvoiceId)),
            Allocations = LineDecisions.Allocations(allocations, line.AmountMinor - total),
            Evidence = $"Matched by {db.Actor.Name}" + (string.IsNullOrWhiteSpace(request.Reason) ? "." : $": {request.Reason.Trim()}"),
            AtUtc = db.UtcNow,
            By = db.Actor.Name,
        };
        var failed = await apply.Apply(line, customer.Number, [.. allocations.Select(a => new PaymentAllocation(a.InvoiceNumber, a.Amount.Minor))], decision, ct);
        return failed is null ? lineId : failed;
    }
}
