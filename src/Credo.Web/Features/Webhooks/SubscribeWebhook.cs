using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Webhooks;

/// <summary>
/// Subscribes a URL to outbox topics. The server makes the signing secret and shows it once; the database keeps it
/// encrypted. A new subscription starts at the current end of the outbox (no replay of history) unless the request
/// names a cursor to start after.
/// </summary>
internal sealed class SubscribeWebhook(CreditDb db, WebhookSecrets secrets, IOptions<WebhookOptions> options)
{
    public const int MaxUrlLength = 2000;
    public const int MaxDescriptionLength = 500;

    public async Task<Result<WebhookSecretShown>> Subscribe(WebhookRequest r, CancellationToken ct)
    {
        var (url, topics, error) = Validate(r, options.Value);
        if (error is not null)
        {
            return error;
        }

        if (r.StartAfterEventId is < 0)
        {
            return new ValidationFailed("startAfterEventId", "Start after an event id of 0 or more (0 replays the whole outbox).");
        }

        var start = r.StartAfterEventId ?? await db.Outbox.MaxAsync(m => (long?)m.Id, ct) ?? 0;
        var secret = WebhookSecrets.New();
        var now = db.UtcNow;
        var subscription = new WebhookSubscription
        {
            Url = url!,
            Topics = WebhookTopics.Join(topics),
            Description = Blank(r.Description),
            State = r.Active == false ? WebhookState.Inactive : WebhookState.Active,
            ProtectedSecret = secrets.Protect(secret),
            CreatedAtUtc = now,
            CreatedBy = db.Actor.Name,
            UpdatedAtUtc = now,
            DeliveredThroughEventId = start,
        };
        db.WebhookSubscriptions.Add(subscription);
        await db.SaveChangesAsync(ct);
        return new WebhookSecretShown(WebhookDto.From(subscription), secret, null, "Shown once: store it with the receiver. Verify every request's webhook-signature with it (docs/webhooks.md).");
    }

    /// <summary>The checks a creation and a change share: the URL, the topic filters, the description.</summary>
    public static (string? Url, IReadOnlyList<string> Topics, DomainError? Error) Validate(WebhookRequest r, WebhookOptions o)
    {
        var url = r.Url?.Trim();
        if (string.IsNullOrEmpty(url) || url.Length > MaxUrlLength)
        {
            return (null, [], new ValidationFailed("url", $"An absolute https URL of at most {MaxUrlLength} characters is required."));
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return (null, [], new ValidationFailed("url", "The URL must be absolute and start with https:// (or http:// where allowed)."));
        }

        if (uri.Scheme == Uri.UriSchemeHttp && !o.AllowHttp && !uri.IsLoopback)
        {
            return (null, [], new ValidationFailed("url", "Plain http is refused: use https (http is allowed only for loopback addresses unless Webhooks:AllowHttp is set)."));
        }

        if (uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            return (null, [], new ValidationFailed("url", "The URL may not carry a user name, password or #fragment."));
        }

        var (topics, topicError) = WebhookTopics.Parse(r.Topics);
        if (topicError is not null)
        {
            return (null, [], new ValidationFailed("topics", topicError));
        }

        if (r.Description is { Length: > MaxDescriptionLength })
        {
            return (null, [], new ValidationFailed("description", $"At most {MaxDescriptionLength} characters."));
        }

        return (uri.AbsoluteUri, topics, null);
    }

    public static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
