using Credo.Domain.Common;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.CashApplication;

/// <summary>A person rejects a line's suggestion: the line is unmatched, and the engine never suggests that answer for it again.</summary>
internal sealed class RejectSuggestion(CreditDb db, ApplyBankLine apply)
{
    public async Task<Result<long>> Handle(long lineId, string? reason, CancellationToken ct)
    {
        if (!await db.BankLines.AnyAsync(l => l.Id == lineId, ct))
        {
            return new NotFound("Bank line", lineId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var latest = await db.Latest(lineId, ct);
        if (latest is not { Status: BankLineStatus.Suggested })
        {
            return new Refusal("no-suggestion", "This line has no suggestion to reject.");
        }

        var failed = await apply.Record(
            new BankLineDecision
            {
                LineId = lineId,
                Sequence = latest.Sequence + 1,
                Status = BankLineStatus.Unmatched,
                Action = "rejected",
                CustomerId = latest.CustomerId,
                Signature = latest.Signature,
                Allocations = latest.Allocations,
                Evidence = $"Suggestion rejected by {db.Actor.Name}" + (string.IsNullOrWhiteSpace(reason) ? "." : $": {reason.Trim()}"),
                AtUtc = db.UtcNow,
                By = db.Actor.Name,
            },
            ct);
        return failed is null ? lineId : failed;
    }
}
