using System.Text.Json;
using Credo.Domain.Common;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Webhooks;

/// <summary>
/// Sends a <c>webhook.ping</c> test event to a subscription now, signed like every event, and records the attempt
/// (it does not touch the subscription's progress). The answer is the attempt: status, error, duration.
/// </summary>
internal sealed class PingWebhook(CreditDb db, WebhookSender sender, DeliverWebhooks deliver)
{
    public async Task<Result<WebhookAttemptDto>> Ping(long id, CancellationToken ct)
    {
        var sub = await db.WebhookSubscriptions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        if (sub is null)
        {
            return new NotFound("Webhook", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var messageId = "ping_" + Guid.NewGuid().ToString("N");
        var at = db.UtcNow;
        var payload = JsonSerializer.Serialize(new { webhookId = sub.Id, message = "A test event from Credo: the signature verifies with this subscription's secret." }, JsonSerializerOptions.Web);
        var outcome = await sender.Send(sub.Url, deliver.SigningKeys(sub, at), messageId, WebhookSender.Body(messageId, WebhookTopics.Ping, at, payload), ct);
        var attempt = new WebhookAttempt
        {
            SubscriptionId = sub.Id,
            MessageId = messageId,
            Topic = WebhookTopics.Ping,
            AttemptNumber = 1,
            AttemptedAtUtc = at,
            StatusCode = outcome.StatusCode,
            Succeeded = outcome.Succeeded,
            Error = outcome.Error,
            DurationMs = outcome.DurationMs,
            ResponseBody = outcome.ResponseBody,
            Worker = db.Actor.Name,
        };
        db.WebhookAttempts.Add(attempt);
        await db.SaveChangesAsync(ct);
        return WebhookAttemptDto.From(attempt);
    }
}
