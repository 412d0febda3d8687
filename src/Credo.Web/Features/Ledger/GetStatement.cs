using Credo.Domain.Common;
using Credo.Web.Data;

namespace Credo.Web.Features.Ledger;

/// <summary>A customer statement with opening and running balance.</summary>
internal sealed class GetStatement(CreditDb db)
{
    public async Task<Result<StatementDto>> Handle(StatementQuery request, CancellationToken ct)
    {
        await Task.Yield();
        _ = db;
        throw new NotImplementedException();
    }
}
