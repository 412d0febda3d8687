using Credo.Domain.Collections;
using Credo.Domain.Common;
using Credo.Web.Features.Ledger;

namespace Credo.Web.Features.Collections;

/// <summary>
/// The ledger's old <c>POST /api/invoices/{number}/disputes</c> opens a case through <see cref="OpenCase"/> (issue 14 §4):
/// the reason is a case reason when it names one (price, damaged...), else "other" with the text as the case's first
/// note; the disputed part is everything open. The ledger's dispute comes with the case, in one transaction.
/// </summary>
internal sealed class CaseIntake(OpenCase open) : IDisputeIntake
{
    public async Task<DomainError?> Open(string invoiceNumber, string reason, CancellationToken ct)
    {
        var named = DisputeCaseFlow.ParseReason(reason);
        var request = new OpenCaseRequest(invoiceNumber, named is { } r ? DisputeCaseFlow.Slug(r) : "other", null, named is null ? reason : null);
        var opened = await open.Handle(request, CaseOrigin.Staff, null, ct);
        return opened.IsOk ? null : opened.Error;
    }
}
