using Credo.Domain.Common;
using Credo.Web.Data;

namespace Credo.Web.Features.Ledger;

/// <summary>A customer's balance per currency as of a date.</summary>
internal sealed class GetBalanceSummary(CreditDb db)
{
    public async Task<Result<BalanceDto>> Handle(BalanceQuery request, CancellationToken ct)
    {
        await Task.Yield();
        _ = db;
        throw new NotImplementedException();
    }
}
