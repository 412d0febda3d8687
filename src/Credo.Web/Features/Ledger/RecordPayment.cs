using Credo.Domain.Common;
using Credo.Web.Data;

namespace Credo.Web.Features.Ledger;

/// <summary>Records a payment received and allocates it.</summary>
internal sealed class RecordPayment(CreditDb db)
{
    public async Task<Result<DocumentDto>> Handle(RecordPaymentRequest request, CancellationToken ct)
    {
        await Task.Yield();
        _ = db;
        throw new NotImplementedException();
    }
}
