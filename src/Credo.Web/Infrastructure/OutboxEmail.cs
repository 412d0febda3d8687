using System.Text.Json;
using Credo.Web.Data;

namespace Credo.Web.Infrastructure;

/// <summary>An email as an outbox row: written in the same save as the state change that causes it, sent later.</summary>
/// <param name="Tag">What the email is about (e.g. application-declined), for tests, filters and the delivery log.</param>
internal sealed record OutboxEmail(string To, string Subject, string TextBody, string Tag, string? HtmlBody = null)
{
    public const string Topic = "email";

    public static OutboxEmail? Read(OutboxMessage message) =>
        message.Topic == Topic ? JsonSerializer.Deserialize<OutboxEmail>(message.PayloadJson, JsonSerializerOptions.Web) : null;
}

internal static class OutboxEmailExtensions
{
    /// <summary>Queues an email; it is sent only if the surrounding <c>SaveChangesAsync</c> commits.</summary>
    public static void QueueEmail(this CreditDb db, OutboxEmail email) =>
        db.Outbox.Add(new OutboxMessage
        {
            Topic = OutboxEmail.Topic,
            PayloadJson = JsonSerializer.Serialize(email, JsonSerializerOptions.Web),
            CreatedAtUtc = db.UtcNow,
        });
}
