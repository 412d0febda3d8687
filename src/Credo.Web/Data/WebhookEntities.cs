using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Data;

/// <summary>Where a webhook subscription stands (see docs/adr/0016-webhook-delivery.md).</summary>
internal enum WebhookState
{
    /// <summary>Events are delivered.</summary>
    Active,

    /// <summary>
    /// An event failed every attempt: delivery has stopped at it (later events wait behind it, in order) until an
    /// Admin asks for a redelivery or reactivates the subscription.
    /// </summary>
    Failing,

    /// <summary>Deactivated by an Admin (DELETE): nothing is delivered; the subscription and its attempts are kept.</summary>
    Inactive,
}

/// <summary>
/// An order system's (or any integrator's) subscription to outbox events, pushed as signed JSON POSTs. Holds its own
/// progress through the outbox (<see cref="DeliveredThroughEventId"/>) so a restart loses nothing, and a lease so that
/// only one app instance delivers to it at a time.
/// </summary>
internal sealed class WebhookSubscription
{
    public long Id { get; set; }

    public required string Url { get; set; }

    /// <summary>Topic filters, comma-separated: exact topics (credit.order-held) or prefixes ending in * (credit.*).</summary>
    public required string Topics { get; set; }

    public string? Description { get; set; }

    public WebhookState State { get; set; }

    /// <summary>The signing secret (whsec_...) under AES-GCM with a key kept outside the database; never in clear.</summary>
    public required string ProtectedSecret { get; set; }

    /// <summary>After a rotation, the old secret still signs (a second signature) until <see cref="PreviousSecretExpiresAtUtc"/>.</summary>
    public string? PreviousProtectedSecret { get; set; }

    public DateTime? PreviousSecretExpiresAtUtc { get; set; }

    public DateTime CreatedAtUtc { get; set; }

    public required string CreatedBy { get; set; }

    public DateTime UpdatedAtUtc { get; set; }

    /// <summary>Every outbox event up to this id is done for this subscription (delivered, or not matching its topics).</summary>
    public long DeliveredThroughEventId { get; set; }

    /// <summary>The event being retried: the first matching event after the cursor that has failed at least once.</summary>
    public long? PendingEventId { get; set; }

    /// <summary>Attempts made so far for <see cref="PendingEventId"/>.</summary>
    public int PendingAttempts { get; set; }

    /// <summary>The backoff: no attempt before this time.</summary>
    public DateTime? NextAttemptAtUtc { get; set; }

    public DateTime? LastSuccessAtUtc { get; set; }

    public DateTime? LastFailureAtUtc { get; set; }

    /// <summary>The last failure's status code or error, short.</summary>
    public string? LastError { get; set; }

    public DateTime? FailingSinceUtc { get; set; }

    /// <summary>The delivery worker (app instance) holding the subscription until <see cref="LeaseUntilUtc"/>.</summary>
    public string? LeaseOwner { get; set; }

    public DateTime? LeaseUntilUtc { get; set; }
}

/// <summary>One POST to a subscriber (an event or a ping) and how it ended. Append-only.</summary>
internal sealed class WebhookAttempt
{
    public long Id { get; set; }

    public long SubscriptionId { get; set; }

    /// <summary>The outbox event; null for a ping.</summary>
    public long? EventId { get; set; }

    /// <summary>The webhook-id header sent (the event id, or ping_...): what the receiver de-duplicates by.</summary>
    public required string MessageId { get; set; }

    public required string Topic { get; set; }

    /// <summary>1 for the first attempt at this event for this subscription, then 2, 3, ...</summary>
    public int AttemptNumber { get; set; }

    public DateTime AttemptedAtUtc { get; set; }

    /// <summary>The HTTP status the receiver answered; null when there was no answer (timeout, refused connection).</summary>
    public int? StatusCode { get; set; }

    public bool Succeeded { get; set; }

    public string? Error { get; set; }

    public int DurationMs { get; set; }

    /// <summary>The start of the response body (at most 1 KB), for diagnosing a receiver's refusal.</summary>
    public string? ResponseBody { get; set; }

    /// <summary>The delivery worker that made the attempt (host/process/instance), or the actor for a ping.</summary>
    public required string Worker { get; set; }
}

internal static class WebhookModel
{
    public static void Configure(ModelBuilder builder)
    {
        builder.Entity<WebhookSubscription>(e =>
        {
            e.ToTable("webhook_subscriptions");
            e.HasIndex(s => s.State);
            e.Property(s => s.Url).HasMaxLength(2000);
            e.Property(s => s.Topics).HasMaxLength(1000);
            e.Property(s => s.Description).HasMaxLength(500);
            e.Property(s => s.State).HasConversion<string>().HasMaxLength(16);
            e.Property(s => s.ProtectedSecret).HasMaxLength(200);
            e.Property(s => s.PreviousProtectedSecret).HasMaxLength(200);
            e.Property(s => s.CreatedBy).HasMaxLength(200);
            e.Property(s => s.LastError).HasMaxLength(500);
            e.Property(s => s.LeaseOwner).HasMaxLength(200);
        });

        builder.Entity<WebhookAttempt>(e =>
        {
            e.ToTable("webhook_attempts");
            e.HasIndex(a => new { a.SubscriptionId, a.Id });
            e.Property(a => a.MessageId).HasMaxLength(64);
            e.Property(a => a.Topic).HasMaxLength(100);
            e.Property(a => a.Error).HasMaxLength(500);
            e.Property(a => a.ResponseBody).HasMaxLength(2000);
            e.Property(a => a.Worker).HasMaxLength(200);
            e.HasOne<WebhookSubscription>().WithMany().HasForeignKey(a => a.SubscriptionId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
