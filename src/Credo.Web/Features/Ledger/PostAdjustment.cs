using Credo.Domain.Common;
using Credo.Web.Data;

namespace Credo.Web.Features.Ledger;

/// <summary>Posts a signed adjustment, applied to an invoice or standalone.</summary>
internal sealed class PostAdjustment(CreditDb db)
{
    public async Task<Result<DocumentDto>> Handle(PostAdjustmentRequest request, CancellationToken ct)
    {
        await Task.Yield();
        _ = db;
        throw new NotImplementedException();
    }
}
