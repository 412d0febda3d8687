using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Replies;

/// <summary>The reply inbox: waiting replies oldest first (status waiting, decided or all; a customer), at most 200.</summary>
internal sealed class ListReplies(CreditDb db)
{
    public async Task<List<ReplyDto>> Handle(string? status, string? customer, CancellationToken ct)
    {
        var replies = db.InboundReplies.AsQueryable();
        replies = status?.Trim().ToLowerInvariant() switch
        {
            "decided" => replies.Where(r => r.Status != ReplyStatus.Waiting).OrderByDescending(r => r.DecidedAtUtc),
            "all" => replies.OrderByDescending(r => r.ReceivedAtUtc),
            _ => replies.Where(r => r.Status == ReplyStatus.Waiting).OrderBy(r => r.ReceivedAtUtc),
        };
        if (!string.IsNullOrWhiteSpace(customer))
        {
            var id = await db.Customers.Where(c => c.Number == customer.Trim()).Select(c => (long?)c.Id).SingleOrDefaultAsync(ct);
            replies = replies.Where(r => r.CustomerId == id);
        }

        return await ReplyViews.Query(db, replies.Take(200), ct);
    }

    public static async Task<IResult> Endpoint(string? status, string? customer, ListReplies use, CancellationToken ct) =>
        TypedResults.Ok(await use.Handle(status, customer, ct));

    public static async Task<IResult> OneEndpoint(long id, CreditDb db, CancellationToken ct) =>
        await ReplyViews.One(db, id, ct) is { } reply ? TypedResults.Ok(reply) : Infrastructure.Problems.NotFound("Reply", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
