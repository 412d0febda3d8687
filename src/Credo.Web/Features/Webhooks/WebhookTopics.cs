using Credo.Web.Features.Outbox;

namespace Credo.Web.Features.Webhooks;

/// <summary>
/// The topics a subscription may filter on: <see cref="EventCatalogue.Public"/>, the events the outbox publishes to
/// integrators (the events feed's topics; emails and other internal deliveries never are). A filter is an exact topic or a prefix ending in <c>*</c> that matches at
/// least one known topic (<c>credit.*</c>, <c>credit.order-*</c>, or <c>*</c> for everything).
/// </summary>
internal static class WebhookTopics
{
    /// <summary>The test event sent by POST /api/webhooks/{id}/ping; never in the outbox.</summary>
    public const string Ping = "webhook.ping";

    public const int MaxFilters = 20;

    /// <summary>The filters, trimmed and without duplicates, or the reason they are refused.</summary>
    public static (IReadOnlyList<string> Filters, string? Error) Parse(IReadOnlyList<string>? filters)
    {
        var known = EventCatalogue.PublicNames;
        var cleaned = (filters ?? []).Select(f => f?.Trim() ?? string.Empty).Distinct(StringComparer.Ordinal).ToList();
        if (cleaned.Count == 0)
        {
            return ([], "Subscribe to at least one topic, e.g. credit.order-held or credit.*.");
        }

        if (cleaned.Count > MaxFilters)
        {
            return ([], $"At most {MaxFilters} topic filters.");
        }

        foreach (var filter in cleaned)
        {
            var isKnown = filter.EndsWith('*')
                ? filter.IndexOf('*', StringComparison.Ordinal) == filter.Length - 1 && known.Any(t => t.StartsWith(filter[..^1], StringComparison.Ordinal))
                : EventCatalogue.IsPublic(filter);
            if (!isKnown)
            {
                return ([], $"'{filter}' is not a known topic or a prefix of one followed by *. Topics: {string.Join(", ", known)}.");
            }
        }

        return (cleaned, null);
    }

    public static IReadOnlyList<string> Split(string stored) => stored.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static string Join(IReadOnlyList<string> filters) => string.Join(',', filters);

    /// <summary>Whether an outbox topic goes to a subscription with these filters. Internal topics (emails) never do.</summary>
    public static bool Matches(IReadOnlyList<string> filters, string topic) =>
        EventCatalogue.IsPublic(topic) && filters.Any(f => f.EndsWith('*') ? topic.StartsWith(f[..^1], StringComparison.Ordinal) : f == topic);
}
