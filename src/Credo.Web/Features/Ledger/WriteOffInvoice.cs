using Credo.Domain.Common;
using Credo.Web.Data;

namespace Credo.Web.Features.Ledger;

/// <summary>Writes off an invoice's open amount, or part of it.</summary>
internal sealed class WriteOffInvoice(CreditDb db)
{
    public async Task<Result<DocumentDto>> Handle(WriteOffRequest request, CancellationToken ct)
    {
        await Task.Yield();
        _ = db;
        throw new NotImplementedException();
    }
}
