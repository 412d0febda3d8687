using Credo.Domain.Common;
using Credo.Web.Data;

namespace Credo.Web.Features.Ledger;

/// <summary>A customer's open items.</summary>
internal sealed class GetOpenItems(CreditDb db)
{
    public async Task<Result<OpenItemsDto>> Handle(OpenItemsQuery request, CancellationToken ct)
    {
        await Task.Yield();
        _ = db;
        throw new NotImplementedException();
    }
}
