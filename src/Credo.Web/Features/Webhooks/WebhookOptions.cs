namespace Credo.Web.Features.Webhooks;

/// <summary>The <c>Webhooks</c> configuration section (see docs/webhooks.md).</summary>
internal sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>
    /// Plain http URLs are refused unless this is true; loopback addresses (localhost, 127.0.0.0/8, ::1) are always
    /// allowed, for a receiver on the same machine. Production receivers should use https.
    /// </summary>
    public bool AllowHttp { get; set; }

    /// <summary>How long one POST may take, connection included, before it counts as failed.</summary>
    public double TimeoutSeconds { get; set; } = 10;

    /// <summary>Attempts at one event before the subscription is marked failing.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Wait after the first failed attempt; it doubles with each further failure, up to <see cref="RetryMaxSeconds"/>.</summary>
    public double RetryBaseSeconds { get; set; } = 30;

    public double RetryMaxSeconds { get; set; } = 3600;

    /// <summary>How often the background worker looks for new events.</summary>
    public double PollSeconds { get; set; } = 2;

    /// <summary>How long a worker holds a subscription it claimed; it stops sending well before the lease ends.</summary>
    public double LeaseSeconds { get; set; } = 120;

    /// <summary>Subscriptions one worker delivers to at the same time.</summary>
    public int Parallelism { get; set; } = 4;

    /// <summary>Outbox events read per query, and most attempts made per claim of a subscription.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>After a rotation, the previous secret keeps signing (a second signature) for this long.</summary>
    public double SecretOverlapHours { get; set; } = 24;

    /// <summary>False keeps the background loop off (tests deliver by calling <see cref="WebhookDispatcher.DeliverDueAsync"/>).</summary>
    public bool DeliverInBackground { get; set; } = true;
}
