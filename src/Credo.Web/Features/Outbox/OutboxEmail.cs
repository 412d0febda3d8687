using System.Text.Json;
using Credo.Web.Data;

namespace Credo.Web.Features.Outbox;

/// <summary>
/// An email as an outbox row: written in the same save as the state change that causes it, sent later by
/// <see cref="EmailDelivery"/>. An <see cref="EventAudience.Internal"/> topic: it holds addresses and private links, so
/// the events feed and webhooks never carry it.
/// </summary>
/// <param name="Tag">What the email is about (e.g. application-declined), for tests, filters and the delivery log.</param>
internal sealed record OutboxEmail(string To, string Subject, string TextBody, string Tag, string? HtmlBody = null) : IOutboxEvent<OutboxEmail>
{
    public static EventTopic Topic { get; } = new("email", EventAudience.Internal, "An email to send; delivered by the email service, never published.");

    public static OutboxEmail? Read(OutboxMessage message) =>
        message.Topic == Topic.Name ? JsonSerializer.Deserialize<OutboxEmail>(message.PayloadJson, EventCatalogue.Json) : null;
}

internal static class OutboxEmailExtensions
{
    /// <summary>Queues an email; it is sent only if the surrounding <c>SaveChangesAsync</c> commits.</summary>
    public static void QueueEmail(this CreditDb db, OutboxEmail email) => db.Publish(email);
}
