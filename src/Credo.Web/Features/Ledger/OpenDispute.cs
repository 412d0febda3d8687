using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Ledger;

/// <summary>Opens a dispute on an invoice (at most one open at a time); the invoice's Disputed flag follows.</summary>
internal sealed class OpenDispute(CreditDb db)
{
    private CreditDb Db => db;

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

    // ---- collections (issue 14 §4): the old endpoint opens a case through the registered intake (Collections), after
    // the ledger's own checks; without an intake it flags the invoice as before. ----

    /// <summary>The ledger's refusals for a new dispute on <paramref name="number"/> (reason, unknown or reversed invoice, one already open), or null.</summary>
    public async Task<DomainError?> Check(string number, string? reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 1000)
        {
            return new ValidationFailed("reason", "A reason of at most 1000 characters is required.");
        }

        var found = await db.InvoiceByNumber(number, refuseReversed: true, ct);
        if (!found.IsOk)
        {
            return found.Error!;
        }

        return await db.Disputes.AnyAsync(d => d.EntryId == found.Value!.Id && d.Status == DisputeStatus.Open, ct)
            ? new Refusal("dispute-already-open", $"Invoice '{number}' already has an open dispute.")
            : null;
    }

    public static async Task<IResult> Endpoint(string number, OpenDisputeRequest request, OpenDispute use, IServiceProvider services, CancellationToken ct)
    {
        if (services.GetService<IDisputeIntake>() is not { } intake)
        {
            var flagged = await use.Handle(request with { InvoiceNumber = number }, ct);
            return flagged.IsOk ? TypedResults.Ok(flagged.Value) : flagged.Error!.ToProblem();
        }

        if ((await use.Check(number, request.Reason, ct) ?? await intake.Open(number, request.Reason!.Trim(), ct)) is { } refused)
        {
            return refused.ToProblem();
        }

        var invoice = await use.Db.InvoiceByNumber(number, refuseReversed: false, ct);
        return TypedResults.Ok(await Documents.Load(use.Db, invoice.Value!.Id, ct));
    }
}

/// <summary>
/// Opens a dispute as another slice tracks it (Collections opens a case, whose ledger dispute comes back through
/// <see cref="OpenDispute.Handle"/>; resolving moves the case, whose flag clears through <see cref="ResolveDispute.Handle"/>). The ledger owns the port so it knows nothing of the slice behind it.
/// </summary>
internal interface IDisputeIntake
{
    Task<DomainError?> Open(string invoiceNumber, string reason, CancellationToken ct);

    /// <summary>Resolves the ledger dispute <paramref name="disputeId"/> on the invoice through whatever tracks it, which clears the flag with it.</summary>
    Task<DomainError?> Resolve(string invoiceNumber, long disputeId, string resolution, CancellationToken ct);
}
