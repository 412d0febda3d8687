using Credo.Domain.Common;
using Credo.Web.Data;

namespace Credo.Web.Features.Ledger;

/// <summary>Undoes an allocation with a negative allocation row.</summary>
internal sealed class UnapplyAllocation(CreditDb db)
{
    public async Task<Result<DocumentDto>> Handle(UnapplyAllocationRequest request, CancellationToken ct)
    {
        await Task.Yield();
        _ = db;
        throw new NotImplementedException();
    }
}
