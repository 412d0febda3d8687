using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Credit;

/// <summary>The order was cancelled: its reservation (active, shipped, held or scheduled) is released.</summary>
internal sealed class VoidReservation(MoveReservation move)
{
    public Task<Result<ReservationDto>> Handle(string orderReference, string? reason, CancellationToken ct) =>
        move.Handle(orderReference, ReservationAction.Void, null, reason?.Trim(), ct);

    public static async Task<IResult> Endpoint(string orderReference, VoidRequest? request, VoidReservation @void, CancellationToken ct) =>
        MoveReservation.ToHttp(await @void.Handle(orderReference, request?.Reason, ct));
}
