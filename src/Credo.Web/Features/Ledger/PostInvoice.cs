using Credo.Domain.Common;
using Credo.Web.Data;

namespace Credo.Web.Features.Ledger;

/// <summary>Posts an invoice.</summary>
internal sealed class PostInvoice(CreditDb db)
{
    public async Task<Result<DocumentDto>> Handle(PostInvoiceRequest request, CancellationToken ct)
    {
        await Task.Yield();
        _ = db;
        throw new NotImplementedException();
    }
}
