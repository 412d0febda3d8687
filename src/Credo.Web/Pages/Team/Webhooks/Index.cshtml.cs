using Credo.Domain.Common;
using Credo.Web.Features.Outbox;
using Credo.Web.Features.Webhooks;
using Credo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.Webhooks;

/// <summary>
/// Webhook subscriptions for Admins: each with its state, cursor, pending retry and last success or failure; recent
/// attempts (all, or one subscription's); a form to subscribe (the secret is shown once, on the answer page); ping,
/// resume, rotate the secret and deactivate. The page calls the same use cases as /api/webhooks.
/// </summary>
[Authorize(Policy = AccessPolicies.Admin)]
internal sealed class IndexModel(ReadWebhooks read, SubscribeWebhook subscribe, ChangeWebhook change, PingWebhook ping, Microsoft.Extensions.Options.IOptions<Credo.Web.Features.Webhooks.WebhookOptions> webhookOptions) : PageModel
{
    /// <summary>The URL field's label says the rule the save applies (issue 12: it said https while http was taken).</summary>
    public string UrlRule => webhookOptions.Value.AllowHttp ? "http or https" : "https; plain http only to this machine";

    public IReadOnlyList<WebhookDto> Subscriptions { get; private set; } = [];

    public IReadOnlyList<WebhookAttemptDto> Attempts { get; private set; } = [];

    /// <summary>Filter: one subscription's attempts.</summary>
    [BindProperty(SupportsGet = true, Name = "subscription")]
    public long? Subscription { get; set; }

    [BindProperty(Name = "Url")]
    public string? NewUrl { get; set; }

    [BindProperty]
    public string? Topics { get; set; }

    [BindProperty]
    public string? Description { get; set; }

    /// <summary>A secret just made (creation or rotation): shown on this answer only, never stored in clear.</summary>
    public string? Secret { get; private set; }

    public string? Message { get; private set; }

    public bool Failed { get; private set; }

    public string? ErrorField { get; private set; }

    public static IReadOnlyList<EventTopic> KnownTopics => EventCatalogue.Public;

    public Task OnGetAsync(CancellationToken ct) => Load(ct);

    public async Task<IActionResult> OnPostSubscribeAsync(CancellationToken ct)
    {
        var topics = (Topics ?? string.Empty).Split([',', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries);
        var created = await subscribe.Subscribe(new WebhookRequest(NewUrl, topics, Description, Active: true), ct);
        if (created.IsOk)
        {
            Secret = created.Value!.Secret;
            Message = $"Subscribed {created.Value.Webhook.Url} (webhook {created.Value.Webhook.Id}). Copy the signing secret now: it is not shown again.";
            NewUrl = Topics = Description = null;
        }
        else
        {
            Refused(created.Error!);
        }

        await Load(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostPingAsync(long id, CancellationToken ct)
    {
        var sent = await ping.Ping(id, ct);
        if (sent.IsOk)
        {
            var a = sent.Value!;
            Failed = !a.Succeeded;
            Message = a.Succeeded ? $"Ping to webhook {id}: HTTP {a.StatusCode} in {a.DurationMs} ms." : $"Ping to webhook {id} failed: {a.Error}";
        }
        else
        {
            Refused(sent.Error!);
        }

        await Load(ct);
        return Page();
    }

    public Task<IActionResult> OnPostResumeAsync(long id, CancellationToken ct) =>
        Act(() => change.Redeliver(id, new RedeliveryRequest(null), ct), $"Webhook {id} resumed where it stopped.", ct);

    public Task<IActionResult> OnPostDeactivateAsync(long id, CancellationToken ct) =>
        Act(() => change.Deactivate(id, ct), $"Webhook {id} deactivated; its attempts are kept.", ct);

    public async Task<IActionResult> OnPostRotateAsync(long id, CancellationToken ct)
    {
        var rotated = await change.RotateSecret(id, ct);
        if (rotated.IsOk)
        {
            Secret = rotated.Value!.Secret;
            Message = $"New signing secret for webhook {id}: copy it now. The old one keeps signing until {rotated.Value.PreviousSecretValidUntilUtc:yyyy-MM-dd HH:mm} UTC.";
        }
        else
        {
            Refused(rotated.Error!);
        }

        await Load(ct);
        return Page();
    }

    private async Task<IActionResult> Act(Func<Task<Result<WebhookDto>>> action, string done, CancellationToken ct)
    {
        var result = await action();
        if (result.IsOk)
        {
            Message = done;
        }
        else
        {
            Refused(result.Error!);
        }

        await Load(ct);
        return Page();
    }

    private void Refused(DomainError error)
    {
        Failed = true;
        ErrorField = error.Field;
        Message = error.Field is { } field ? $"{field}: {error.Message}" : error.Message;
    }

    private async Task Load(CancellationToken ct)
    {
        Subscriptions = await read.List(ct);
        var page = await read.Attempts(Subscriptions.Any(s => s.Id == Subscription) ? Subscription : null, null, 25, ct);
        Attempts = page.IsOk ? page.Value!.Attempts : [];
    }
}
