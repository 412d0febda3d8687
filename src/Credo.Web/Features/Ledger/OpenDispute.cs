using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Ledger;

/// <summary>Opens a dispute on an invoice (at most one open at a time); the invoice's Disputed flag follows.</summary>
internal sealed class OpenDispute(CreditDb db)
{
    public async Task<Result<DocumentDto>> Handle(OpenDisputeRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 1000)
        {
            return new ValidationFailed("reason", "A reason of at most 1000 characters is required.");
        }

        var number = request.InvoiceNumber?.Trim() ?? string.Empty;
        return await LedgerCache.InTransaction<DocumentDto>(
            db,
            async () =>
            {
                var found = await db.InvoiceByNumber(number, refuseReversed: true, ct);
                if (!found.IsOk)
                {
                    return found.Error!;
                }

                var invoice = found.Value!;

                if (await db.Disputes.AnyAsync(d => d.EntryId == invoice.Id && d.Status == DisputeStatus.Open, ct))
                {
                    return new Refusal("dispute-already-open", $"Invoice '{number}' already has an open dispute.");
                }

                db.Disputes.Add(new Dispute
                {
                    EntryId = invoice.Id,
                    CustomerId = invoice.CustomerId,
                    Reason = request.Reason.Trim(),
                    Status = DisputeStatus.Open,
                    OpenedAtUtc = db.UtcNow,
                    OpenedBy = db.Actor.Name,
                });
                await LedgerCache.Refresh(db, [], [invoice.Id], ct);
                await db.SaveChangesAsync(ct);
                return (await Documents.Load(db, invoice.Id, ct))!;
            },
            ct);
    }

    public static async Task<IResult> Endpoint(string number, OpenDisputeRequest request, OpenDispute use, CancellationToken ct)
    {
        var result = await use.Handle(request with { InvoiceNumber = number }, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}
