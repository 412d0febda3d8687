using Credo.Domain.Common;
using Credo.Web.Data;

namespace Credo.Web.Features.Ledger;

/// <summary>Opens a dispute on an invoice.</summary>
internal sealed class OpenDispute(CreditDb db)
{
    public async Task<Result<DocumentDto>> Handle(OpenDisputeRequest request, CancellationToken ct)
    {
        await Task.Yield();
        _ = db;
        throw new NotImplementedException();
    }
}
