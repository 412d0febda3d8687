using Credo.Domain.Common;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Webhooks;

/// <summary>
/// An Admin's changes to a subscription: its URL, topics, description and active flag; deactivation (the
/// subscription and its attempts are kept); a new signing secret; a redelivery. Each is audited (the secret
/// columns never enter the trail).
/// </summary>
internal sealed class ChangeWebhook(CreditDb db, WebhookSecrets secrets, IOptions<WebhookOptions> options)
{
    /// <summary>Replaces URL, topics, description and active flag. Activating a failing subscription resumes it at the event it stopped at.</summary>
    public async Task<Result<WebhookDto>> Update(long id, WebhookRequest r, CancellationToken ct)
    {
        var (url, topics, error) = SubscribeWebhook.Validate(r, options.Value);
        if (error is not null)
        {
            return error;
        }

        if (r.StartAfterEventId is not null)
        {
            return new ValidationFailed("startAfterEventId", "A subscription's cursor is moved with POST /api/webhooks/{id}/redelivery.");
        }

        var sub = await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (sub is null)
        {
            return new NotFound("Webhook", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        sub.Url = url!;
        sub.Topics = WebhookTopics.Join(topics);
        sub.Description = SubscribeWebhook.Blank(r.Description);
        var active = r.Active ?? sub.State != WebhookState.Inactive;
        if (!active)
        {
            sub.State = WebhookState.Inactive;
        }
        else if (sub.State != WebhookState.Active)
        {
            Resume(sub);
        }

        sub.UpdatedAtUtc = db.UtcNow;
        await db.SaveChangesAsync(ct);
        return WebhookDto.From(sub);
    }

    public async Task<Result<WebhookDto>> Deactivate(long id, CancellationToken ct)
    {
        var sub = await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (sub is null)
        {
            return new NotFound("Webhook", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (sub.State != WebhookState.Inactive)
        {
            sub.State = WebhookState.Inactive;
            sub.UpdatedAtUtc = db.UtcNow;
            await db.SaveChangesAsync(ct);
        }

        return WebhookDto.From(sub);
    }

    /// <summary>A new secret, shown once; the previous one keeps signing (a second signature) for the overlap.</summary>
    public async Task<Result<WebhookSecretShown>> RotateSecret(long id, CancellationToken ct)
    {
        var sub = await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (sub is null)
        {
            return new NotFound("Webhook", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var secret = WebhookSecrets.New();
        var now = db.UtcNow;
        var until = now.AddHours(options.Value.SecretOverlapHours);
        sub.PreviousProtectedSecret = sub.ProtectedSecret;
        sub.PreviousSecretExpiresAtUtc = until;
        sub.ProtectedSecret = secrets.Protect(secret);
        sub.UpdatedAtUtc = now;
        await db.SaveChangesAsync(ct);
        return new WebhookSecretShown(WebhookDto.From(sub), secret, until,
            "Shown once. Until previousSecretValidUntilUtc every request carries two signatures (new and old): switch the receiver to the new secret before then.");
    }

    /// <summary>
    /// Sends again from <paramref name="fromEventId"/> (events keep their webhook-id, so a receiver that already has
    /// one ignores it), or, without it, resumes where delivery stopped; a failing subscription becomes active and its
    /// attempts start again from 1. To skip an event the receiver will never accept, redeliver from the one after it.
    /// </summary>
    public async Task<Result<WebhookDto>> Redeliver(long id, RedeliveryRequest r, CancellationToken ct)
    {
        if (r.FromEventId is < 1)
        {
            return new ValidationFailed("fromEventId", "Redeliver from an event id of 1 or more.");
        }

        var sub = await db.WebhookSubscriptions.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (sub is null)
        {
            return new NotFound("Webhook", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (sub.State == WebhookState.Inactive)
        {
            return new Refusal("webhook-inactive", "The subscription is deactivated: activate it with PUT first.", "id");
        }

        var end = await db.Outbox.MaxAsync(m => (long?)m.Id, ct) ?? 0;
        if (r.FromEventId > end + 1)
        {
            return new ValidationFailed("fromEventId", $"The outbox ends at event {end}.");
        }

        if (r.FromEventId is { } from)
        {
            sub.DeliveredThroughEventId = from - 1;
        }

        Resume(sub);
        sub.UpdatedAtUtc = db.UtcNow;
        await db.SaveChangesAsync(ct);
        return WebhookDto.From(sub);
    }

    private static void Resume(WebhookSubscription sub)
    {
        sub.State = WebhookState.Active;
        sub.PendingEventId = null;
        sub.PendingAttempts = 0;
        sub.NextAttemptAtUtc = null;
        sub.FailingSinceUtc = null;
    }
}
