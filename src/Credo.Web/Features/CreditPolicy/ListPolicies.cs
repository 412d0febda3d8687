using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.CreditPolicy;

/// <summary>Policy versions, newest first, and one version with its definition.</summary>
internal sealed class ListPolicies(CreditDb db)
{
    public async Task<IReadOnlyList<PolicySummaryDto>> All(CancellationToken ct) =>
        [.. (await db.PolicyVersions.AsNoTracking().OrderByDescending(v => v.Number).ToListAsync(ct)).Select(PolicyDtos.Summary)];

    public async Task<Result<PolicyDto>> One(int number, CancellationToken ct) =>
        await db.PolicyVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Number == number, ct) is { } v
            ? PolicyDtos.Full(v)
            : new NotFound("Policy version", number.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static async Task<IResult> ListEndpoint(ListPolicies use, CancellationToken ct) => TypedResults.Ok(await use.All(ct));

    public static async Task<IResult> GetEndpoint(int number, ListPolicies use, CancellationToken ct)
    {
        var result = await use.One(number, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}
