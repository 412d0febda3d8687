using Credo.Domain.Common;
using Credo.Web.Data;

namespace Credo.Web.Features.Ledger;

/// <summary>Reverses a posted item with a reason.</summary>
internal sealed class ReverseEntry(CreditDb db)
{
    public async Task<Result<DocumentDto>> Handle(ReverseEntryRequest request, CancellationToken ct)
    {
        await Task.Yield();
        _ = db;
        throw new NotImplementedException();
    }
}
