using System.Text.Json;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Events;

internal sealed record EventDto(long Id, string Topic, DateTime CreatedAtUtc, JsonElement Payload);

internal sealed record EventPage(IReadOnlyList<EventDto> Events, long Next);

/// <summary>
/// The outbox as a feed an order system can pull: events (credit.order-held, credit.order-released, ...) in id
/// order after a cursor the client keeps. Events younger than <c>Events:VisibilityLagSeconds</c> (default 5) are
/// held back: on PostgreSQL ids are handed out before commit, so a later id can become visible before an earlier
/// one; the lag keeps a cursor from stepping over a transaction that commits late.
/// </summary>
internal static class EventsFeature
{
    public const int MaxTake = 500;

    public static void MapEventsApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/api/events", Feed).WithTags("Events").RequireAuthorization(AccessPolicies.Read)
            .WithSummary("Outbox events after a cursor, oldest first: poll with ?after=<next> from the previous page.");

    private static async Task<IResult> Feed(long? after, int? take, string? topic, CreditDb db, IConfiguration config, CancellationToken ct)
    {
        if (take is < 1 or > MaxTake)
        {
            return Problems.Validation("take", $"Take 1 to {MaxTake} events.");
        }

        var cursor = after ?? 0;
        var visibleBefore = db.UtcNow.AddSeconds(-config.GetValue("Events:VisibilityLagSeconds", 5.0));
        // Only the catalogue's public topics, as for webhooks: emails and other internal deliveries carry personal data
        // and private links, and a topic filter that names one still finds nothing.
        var publicTopics = EventCatalogue.PublicNames;
        var query = db.Outbox.AsNoTracking().Where(m => m.Id > cursor && m.CreatedAtUtc <= visibleBefore && publicTopics.Contains(m.Topic));
        if (!string.IsNullOrWhiteSpace(topic))
        {
            query = query.Where(m => m.Topic.StartsWith(topic));
        }

        var rows = await query.OrderBy(m => m.Id).Take(take ?? 100).ToListAsync(ct);
        await db.Fill(rows, ct); // creditpath: decisions stored once, on their reservation
        var events = rows.Select(m => new EventDto(m.Id, m.Topic, m.CreatedAtUtc, JsonDocument.Parse(m.PayloadJson).RootElement.Clone())).ToList();
        return TypedResults.Ok(new EventPage(events, events.Count == 0 ? cursor : events[^1].Id));
    }
}
