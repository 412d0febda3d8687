using Credo.Domain.Common;
using Credo.Web.Data;

namespace Credo.Web.Features.Ledger;

/// <summary>Resolves an invoice's open dispute.</summary>
internal sealed class ResolveDispute(CreditDb db)
{
    public async Task<Result<DocumentDto>> Handle(ResolveDisputeRequest request, CancellationToken ct)
    {
        await Task.Yield();
        _ = db;
        throw new NotImplementedException();
    }
}
