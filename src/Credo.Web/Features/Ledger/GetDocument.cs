using Credo.Domain.Common;
using Credo.Web.Data;

namespace Credo.Web.Features.Ledger;

/// <summary>One document by kind and number, with allocations and history.</summary>
internal sealed class GetDocument(CreditDb db)
{
    public async Task<Result<DocumentDto>> Handle(DocumentQuery request, CancellationToken ct)
    {
        await Task.Yield();
        _ = db;
        throw new NotImplementedException();
    }
}
