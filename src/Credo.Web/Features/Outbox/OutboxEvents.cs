using System.Reflection;
using System.Text.Json;
using Credo.Web.Data;

namespace Credo.Web.Features.Outbox;

/// <summary>Who may read an event of a topic.</summary>
internal enum EventAudience
{
    /// <summary>Integrators: the events feed (<c>GET /api/events</c>) and webhook subscriptions carry it.</summary>
    Integrators,

    /// <summary>
    /// Credo's own deliveries (emails, letters, portal messages): they may hold personal data and private links, so
    /// they are never on the feed or a webhook.
    /// </summary>
    Internal,
}

/// <summary>A topic of the outbox: its name (<c>credit.order-held</c>), who may read it, and what it means.</summary>
internal sealed record EventTopic(string Name, EventAudience Audience, string Description);

/// <summary>
/// An event a slice publishes through the outbox. The record, owned by the publishing slice, is the payload (JSON with
/// web defaults); its static <see cref="Topic"/> names it. <see cref="EventCatalogue"/> finds every such record, so the
/// feed, the webhooks and the docs read one list that nobody copies by hand.
/// </summary>
internal interface IOutboxEvent<TSelf>
    where TSelf : IOutboxEvent<TSelf>
{
    static abstract EventTopic Topic { get; }

    /// <summary>
    /// The payload as stored and sent: the record as JSON with web defaults. An event whose publisher already holds
    /// its payload as JSON (a credit decision, stored on its reservation and written by the batch writer without
    /// serialising it again) returns that instead.
    /// </summary>
    static virtual string PayloadJson(TSelf outboxEvent) => JsonSerializer.Serialize(outboxEvent, EventCatalogue.Json);
}

internal static class OutboxPublishing
{
    /// <summary>Adds the event to the outbox: it exists only if the surrounding <c>SaveChangesAsync</c> commits.</summary>
    public static void Publish<TEvent>(this CreditDb db, TEvent outboxEvent)
        where TEvent : IOutboxEvent<TEvent> =>
        db.Outbox.Add(new OutboxMessage
        {
            Topic = TEvent.Topic.Name,
            PayloadJson = TEvent.PayloadJson(outboxEvent),
            CreatedAtUtc = db.UtcNow,
        });
}

/// <summary>Every topic of the outbox, found from the event records that declare them.</summary>
internal static class EventCatalogue
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web);

    public static IReadOnlyList<EventTopic> All { get; } = Discover();

    /// <summary>The topics the events feed and webhooks may carry: an allow-list, so a new internal topic cannot leak.</summary>
    public static IReadOnlyList<EventTopic> Public { get; } = [.. All.Where(t => t.Audience == EventAudience.Integrators)];

    /// <summary>The names of <see cref="Public"/>, for a query's <c>IN</c> list.</summary>
    public static IReadOnlyList<string> PublicNames { get; } = [.. Public.Select(t => t.Name)];

    private static readonly HashSet<string> PublicSet = [.. PublicNames];

    public static bool IsPublic(string topic) => PublicSet.Contains(topic);

    private static List<EventTopic> Discover()
    {
        var open = typeof(IOutboxEvent<>);
        var topics = typeof(EventCatalogue).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == open && i.GenericTypeArguments[0] == t))
            .Select(t => (EventTopic)(t.GetProperty(nameof(IOutboxEvent<>.Topic), BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)?.GetValue(null)
                ?? throw new InvalidOperationException($"{t.Name} declares no static Topic.")))
            .ToList();
        var twice = topics.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1);
        return twice is null ? [.. topics.OrderBy(t => t.Name, StringComparer.Ordinal)] : throw new InvalidOperationException($"Topic {twice.Key} is declared twice.");
    }
}
