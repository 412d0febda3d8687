using Credo.Domain.Common;
using Credo.Web.Data;

namespace Credo.Web.Features.Ledger;

/// <summary>Applies a payment's or credit note's unapplied amount to invoices.</summary>
internal sealed class AllocateCredit(CreditDb db)
{
    public async Task<Result<DocumentDto>> Handle(AllocateCreditRequest request, CancellationToken ct)
    {
        await Task.Yield();
        _ = db;
        throw new NotImplementedException();
    }
}
