using Credo.Domain.Common;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.CashApplication;

/// <summary>A person confirms a line's suggestion: it is applied as suggested, and the engine learns the payer.</summary>
internal sealed class ConfirmSuggestion(CreditDb db, ApplyBankLine apply, CrossCurrencyLines across)
{
    public async Task<Result<long>> Handle(long lineId, CancellationToken ct)
    {
        var line = await db.BankLines.AsNoTracking().FirstOrDefaultAsync(l => l.Id == lineId, ct);
        if (line is null)
        {
            return new NotFound("Bank line", lineId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var latest = await db.Latest(lineId, ct);
        if (latest is not { Status: BankLineStatus.Suggested, CustomerId: { } customerId })
        {
            return new Refusal("no-suggestion", "This line has no suggestion to confirm.");
        }

        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == customerId).Select(c => c.Number).SingleAsync(ct);
        // cashfx: a suggestion paying invoices in another currency is posted with the conversion it showed.
        if (await db.BankLineExchanges.AsNoTracking().FirstOrDefaultAsync(x => x.LineId == lineId && x.Sequence == latest.Sequence, ct) is { } shown)
        {
            return await across.Confirm(line, customer, latest, shown, ct);
        }

        var (allocations, _) = LineDecisions.ReadAllocations(latest.Allocations);
        var decision = new BankLineDecision
        {
            LineId = lineId,
            Sequence = latest.Sequence + 1,
            Status = BankLineStatus.Applied,
            Action = "confirmed",
            CustomerId = customerId,
            Score = latest.Score,
            Signature = latest.Signature,
            Allocations = latest.Allocations,
            Evidence = $"Confirmed by {db.Actor.Name}.\n{latest.Evidence}",
            AtUtc = db.UtcNow,
            By = db.Actor.Name,
        };
        var failed = await apply.Apply(line, customer, [.. allocations.Select(a => new PaymentAllocation(a.Invoice, a.Minor))], decision, ct);
        return failed is null ? lineId : failed;
    }
}
