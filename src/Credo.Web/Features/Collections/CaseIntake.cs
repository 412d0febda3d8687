using Credo.Domain.Collections;
using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Features.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Collections;

/// <summary>
/// The ledger's old <c>POST /api/invoices/{number}/disputes</c> opens a case through <see cref="OpenCase"/> (issue 14 §4):
/// the reason is a case reason when it names one (price, damaged...), else "other" with the text as the case's first
/// note; the disputed part is everything open. The ledger's dispute comes with the case, in one transaction.
/// The old <c>.../disputes/resolve</c> resolves the case that keeps the dispute open as valid (the resolution is its
/// note; nothing is posted), through <see cref="MoveCase"/>, which clears the flag in the case's transaction; a dispute
/// no case tracks (opened before cases existed) is cleared by the ledger alone.
/// </summary>
internal sealed class CaseIntake(OpenCase open, MoveCase move, ICaseLedger ledger, CreditDb db) : IDisputeIntake
{
    public async Task<DomainError?> Open(string invoiceNumber, string reason, CancellationToken ct)
    {
        var named = DisputeCaseFlow.ParseReason(reason);
        var request = new OpenCaseRequest(invoiceNumber, named is { } r ? DisputeCaseFlow.Slug(r) : "other", null, named is null ? reason : null);
        var opened = await open.Handle(request, CaseOrigin.Staff, null, ct);
        return opened.IsOk ? null : opened.Error;
    }

    public async Task<DomainError?> Resolve(string invoiceNumber, long disputeId, string resolution, CancellationToken ct)
    {
        var cases = await db.DisputeCases.AsNoTracking().Where(c => c.LedgerDisputeId == disputeId).Select(c => new { c.Id, c.Status }).ToListAsync(ct);
        if (cases.FirstOrDefault(c => DisputeCaseFlow.IsOpen(c.Status)) is not { } tracking)
        {
            return await ledger.Unflag(invoiceNumber, resolution, ct);
        }

        var moved = await move.Handle(tracking.Id, new MoveCaseRequest(DisputeCaseFlow.Slug(CaseEvent.ResolveAsValid), resolution), ct);
        return moved.IsOk ? null : moved.Error;
    }
}
