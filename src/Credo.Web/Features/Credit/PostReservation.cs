using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Credit;

/// <summary>The order was invoiced: its exposure moves from the order (or shipped) cache to receivables.</summary>
internal sealed class PostReservation(MoveReservation move)
{
    public Task<Result<ReservationDto>> Handle(string orderReference, string? invoiceDocument, CancellationToken ct) =>
        move.Handle(orderReference, ReservationAction.Post, invoiceDocument?.Trim(), null, ct);

    public static async Task<IResult> Endpoint(string orderReference, PostRequest? request, PostReservation post, CancellationToken ct) =>
        MoveReservation.ToHttp(await post.Handle(orderReference, request?.InvoiceDocument, ct));
}
