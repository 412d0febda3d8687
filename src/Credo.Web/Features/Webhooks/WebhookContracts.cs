using Credo.Web.Data;

namespace Credo.Web.Features.Webhooks;

/// <param name="StartAfterEventId">Create only: deliver events after this outbox id (a cursor from GET /api/events); by default the current end of the outbox.</param>
internal sealed record WebhookRequest(string? Url, IReadOnlyList<string>? Topics, string? Description, bool? Active, long? StartAfterEventId = null);

internal sealed record WebhookDto(
    long Id,
    string Url,
    IReadOnlyList<string> Topics,
    string? Description,
    bool Active,
    string State,
    long DeliveredThroughEventId,
    long? PendingEventId,
    int PendingAttempts,
    DateTime? NextAttemptAtUtc,
    DateTime? LastSuccessAtUtc,
    DateTime? LastFailureAtUtc,
    string? LastError,
    DateTime? FailingSinceUtc,
    DateTime CreatedAtUtc,
    string CreatedBy,
    DateTime UpdatedAtUtc)
{
    public static WebhookDto From(WebhookSubscription s) => new(
        s.Id, s.Url, WebhookTopics.Split(s.Topics), s.Description, s.State != WebhookState.Inactive, s.State.Slug(), s.DeliveredThroughEventId,
        s.PendingEventId, s.PendingAttempts, s.NextAttemptAtUtc, s.LastSuccessAtUtc, s.LastFailureAtUtc, s.LastError, s.FailingSinceUtc,
        s.CreatedAtUtc, s.CreatedBy, s.UpdatedAtUtc);
}

/// <summary>The answer to a creation or a rotation: the only time the secret is shown.</summary>
internal sealed record WebhookSecretShown(WebhookDto Webhook, string Secret, DateTime? PreviousSecretValidUntilUtc, string Note);

internal sealed record RedeliveryRequest(long? FromEventId);

internal sealed record WebhookAttemptDto(long Id, long? EventId, string MessageId, string Topic, int Attempt, DateTime AttemptedAtUtc, int? StatusCode, bool Succeeded, string? Error, int DurationMs, string? ResponseBody)
{
    public static WebhookAttemptDto From(WebhookAttempt a) =>
        new(a.Id, a.EventId, a.MessageId, a.Topic, a.AttemptNumber, a.AttemptedAtUtc, a.StatusCode, a.Succeeded, a.Error, a.DurationMs, a.ResponseBody);
}

/// <summary>Attempts newest first; pass <see cref="Next"/> as <c>before</c> for the next page (null: no more).</summary>
internal sealed record WebhookAttemptPage(IReadOnlyList<WebhookAttemptDto> Attempts, long? Next);

internal static class WebhookStateText
{
    public static string Slug(this WebhookState state) => state switch
    {
        WebhookState.Active => "active",
        WebhookState.Failing => "failing",
        WebhookState.Inactive => "inactive",
    };
}
