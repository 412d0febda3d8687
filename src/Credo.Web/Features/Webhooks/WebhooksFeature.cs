using Credo.Domain.Common;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;

namespace Credo.Web.Features.Webhooks;

/// <summary>
/// Push delivery of outbox events (issue 3, section 4): Admins subscribe URLs to topics; a background worker per app
/// instance posts matching events in outbox order, signed (Standard Webhooks), retried with backoff, every attempt
/// recorded. See docs/webhooks.md and docs/adr/0016-webhook-delivery.md.
/// </summary>
internal static class WebhooksFeature
{
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<WebhookOptions>(config.GetSection(WebhookOptions.Section));
        services.AddHttpClient(WebhookSender.Client, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseCookies = false,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            .RemoveAllLoggers(); // no request logging: URLs may carry the receiver's token
        services.AddSingleton<WebhookSecrets>();
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddScoped<DeliverWebhooks>().AddScoped<SubscribeWebhook>().AddScoped<ChangeWebhook>().AddScoped<PingWebhook>().AddScoped<ReadWebhooks>();
        services.AddHostedService<WebhookDeliveryService>();
        return services;
    }

    public static void MapWebhooksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/webhooks").WithTags("Webhooks").RequireAuthorization(AccessPolicies.Admin);
        api.MapPost("/", async (WebhookRequest r, SubscribeWebhook subscribe, CancellationToken ct) =>
                Created(await subscribe.Subscribe(r, ct)))
            .WithSummary("Subscribe a URL to topics (credit.order-held, credit.*). The signing secret is in this answer only.");
        api.MapGet("/", async (ReadWebhooks read, CancellationToken ct) => TypedResults.Ok(await read.List(ct)))
            .WithSummary("Every subscription with its delivery status (cursor, pending event, last success and failure).");
        api.MapGet("/topics", () => TypedResults.Ok(EventCatalogue.PublicNames)).WithSummary("The topics a subscription may filter on.");
        api.MapGet("/{id:long}", async (long id, ReadWebhooks read, CancellationToken ct) => Answer(await read.Get(id, ct)));
        api.MapPut("/{id:long}", async (long id, WebhookRequest r, ChangeWebhook change, CancellationToken ct) => Answer(await change.Update(id, r, ct)))
            .WithSummary("Replace URL, topics, description and active flag; activating a failing subscription resumes it.");
        api.MapDelete("/{id:long}", async (long id, ChangeWebhook change, CancellationToken ct) =>
                await change.Deactivate(id, ct) is { IsOk: false } failed ? failed.Error!.ToProblem() : Results.NoContent())
            .WithSummary("Deactivate: nothing more is delivered; the subscription and its attempts are kept.");
        api.MapPost("/{id:long}/secret-rotation", async (long id, ChangeWebhook change, CancellationToken ct) => Answer(await change.RotateSecret(id, ct)))
            .WithSummary("A new signing secret, shown once; the old one keeps signing (a second signature) for Webhooks:SecretOverlapHours.");
        api.MapPost("/{id:long}/ping", async (long id, PingWebhook ping, CancellationToken ct) => Answer(await ping.Ping(id, ct)))
            .WithSummary("Send a signed webhook.ping now; the answer is the recorded attempt.");
        api.MapGet("/{id:long}/attempts", async (long id, long? before, int? take, ReadWebhooks read, CancellationToken ct) => Answer(await read.Attempts(id, before, take, ct)))
            .WithSummary("Delivery attempts, newest first; pass next as ?before= for the next page.");
        api.MapPost("/{id:long}/redelivery", async (long id, RedeliveryRequest? r, ChangeWebhook change, CancellationToken ct) => Answer(await change.Redeliver(id, r ?? new RedeliveryRequest(null), ct)))
            .WithSummary("Send again from fromEventId, or resume a failing subscription where it stopped.");
    }

    private static IResult Answer<T>(Result<T> result) => result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();

    private static IResult Created(Result<WebhookSecretShown> result) =>
        result.IsOk ? TypedResults.Created($"/api/webhooks/{result.Value!.Webhook.Id}", result.Value) : result.Error!.ToProblem();
}
