using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Credit;

/// <summary>The answer given to an order, with its reservation's state as it is now.</summary>
internal static class ReadCreditCheck
{
    public static async Task<IResult> Endpoint(string orderReference, CreditDb db, CancellationToken ct) =>
        await db.CreditReservations.AsNoTracking().SingleOrDefaultAsync(r => r.OrderReference == orderReference, ct) is { } r
            ? TypedResults.Ok(CreditCheckAnswer.FromStored(r))
            : Problems.NotFound("Credit check", orderReference);
}
