using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Ledger;

/// <summary>Resolves an invoice's open dispute with a resolution; the Disputed flag clears.</summary>
internal sealed class ResolveDispute(CreditDb db)
{
    public async Task<Result<DocumentDto>> Handle(ResolveDisputeRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Resolution) || request.Resolution.Length > 1000)
        {
            return new ValidationFailed("resolution", "A resolution of at most 1000 characters is required.");
        }

        var number = request.InvoiceNumber?.Trim() ?? string.Empty;
        return await LedgerCache.InTransaction<DocumentDto>(
            db,
            async () =>
            {
                var found = await db.InvoiceByNumber(number, refuseReversed: false, ct);
                if (!found.IsOk)
                {
                    return found.Error!;
                }

                var invoice = found.Value!;

                var dispute = await db.Disputes.SingleOrDefaultAsync(d => d.EntryId == invoice.Id && d.Status == DisputeStatus.Open, ct);
                if (dispute is null)
                {
                    return new Refusal("no-open-dispute", $"Invoice '{number}' has no open dispute.");
                }

                dispute.Status = DisputeStatus.Resolved;
                dispute.ResolvedAtUtc = db.UtcNow;
                dispute.ResolvedBy = db.Actor.Name;
                dispute.Resolution = request.Resolution.Trim();
                await LedgerCache.Refresh(db, [], [invoice.Id], ct);
                await db.SaveChangesAsync(ct);
                return (await Documents.Load(db, invoice.Id, ct))!;
            },
            ct);
    }

    public static async Task<IResult> Endpoint(string number, ResolveDisputeRequest request, ResolveDispute use, CancellationToken ct)
    {
        var result = await use.Handle(request with { InvoiceNumber = number }, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}
