using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Credit;

/// <summary>
/// The order shipped: its shares move from the lines' order cache to their shipped cache, kept until it is
/// invoiced; whether they count is Credit:Exposure:ShippedNotInvoiced, read when a headroom is computed.
/// </summary>
internal sealed class ShipReservation(MoveReservation move)
{
    public Task<Result<ReservationDto>> Handle(string orderReference, CancellationToken ct) =>
        move.Handle(orderReference, ReservationAction.Ship, null, null, ct);

    public static async Task<IResult> Endpoint(string orderReference, ShipReservation ship, CancellationToken ct) =>
        MoveReservation.ToHttp(await ship.Handle(orderReference, ct));
}
