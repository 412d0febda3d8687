using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Ledger;

/// <summary>Resolves an invoice's open dispute with a resolution; the Disputed flag clears.</summary>
internal sealed class ResolveDispute(CreditDb db)
{
    private CreditDb Db => db;

    public async Task<Result<DocumentDto>> Handle(ResolveDisputeRequest request, CancellationToken ct)
    {
        var number = request.InvoiceNumber?.Trim() ?? string.Empty;
        return await LedgerCache.InTransaction<DocumentDto>(
            db,
            async () =>
            {
                var found = await Find(number, request.Resolution, ct);
                if (!found.IsOk)
                {
                    return found.Error!;
                }

                var (invoiceId, dispute) = found.Value;
                dispute.Status = DisputeStatus.Resolved;
                dispute.ResolvedAtUtc = db.UtcNow;
                dispute.ResolvedBy = db.Actor.Name;
                dispute.Resolution = request.Resolution!.Trim();
                await LedgerCache.Refresh(db, [], [invoiceId], ct);
                await db.SaveChangesAsync(ct);
                return (await Documents.Load(db, invoiceId, ct))!;
            },
            ct);
    }

    /// <summary>The ledger's refusals (resolution, unknown invoice, nothing open), else the invoice and its open dispute (tracked).</summary>
    private async Task<Result<(long InvoiceId, Dispute Dispute)>> Find(string number, string? resolution, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(resolution) || resolution.Length > 1000)
        {
            return new ValidationFailed("resolution", "A resolution of at most 1000 characters is required.");
        }

        var found = await db.InvoiceByNumber(number, refuseReversed: false, ct);
        if (!found.IsOk)
        {
            return found.Error!;
        }

        var invoice = found.Value!;
        var dispute = await db.Disputes.SingleOrDefaultAsync(d => d.EntryId == invoice.Id && d.Status == DisputeStatus.Open, ct);
        return dispute is null
            ? new Refusal("no-open-dispute", $"Invoice '{number}' has no open dispute.")
            : (invoice.Id, dispute);
    }

    // ---- collections (issue 14 §4): the old endpoint resolves the dispute's case through the registered intake
    // (Collections moves the case to "resolved as valid", which clears this flag through Handle), so the case and the
    // flag never disagree; without an intake it clears the flag as before. ----

    public static async Task<IResult> Endpoint(string number, ResolveDisputeRequest request, ResolveDispute use, IServiceProvider services, CancellationToken ct)
    {
        if (services.GetService<IDisputeIntake>() is not { } intake)
        {
            var result = await use.Handle(request with { InvoiceNumber = number }, ct);
            return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
        }

        var found = await use.Find(number.Trim(), request.Resolution, ct);
        if (!found.IsOk)
        {
            return found.Error!.ToProblem();
        }

        use.Db.ChangeTracker.Clear();
        if (await intake.Resolve(number.Trim(), found.Value.Dispute.Id, request.Resolution!.Trim(), ct) is { } refused)
        {
            return refused.ToProblem();
        }

        return TypedResults.Ok(await Documents.Load(use.Db, found.Value.InvoiceId, ct));
    }
}
