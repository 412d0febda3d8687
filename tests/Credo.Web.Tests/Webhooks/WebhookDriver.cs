using System.Text.Json;
using Credo.Web.Data;
using Credo.Web.Features.Webhooks;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Webhooks;

/// <summary>Small steps that keep the webhook tests reading like the domain. Each test makes its own subscriptions.</summary>
internal static class WebhookDriver
{
    /// <summary>
    /// The app on the fixture's database with no visibility lag, the background loop off, and (when given) a clock the
    /// test moves; extra settings as name/value pairs.
    /// </summary>
    public static WebApplicationFactory<Program> Host(this CredoApp app, ManualClock? clock = null, params (string Name, string Value)[] settings) =>
        app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Events:VisibilityLagSeconds", "0");
            foreach (var (name, value) in settings)
            {
                b.UseSetting(name, value);
            }

            if (clock is not null)
            {
                b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock));
            }
        });

    public static async Task<HttpClient> As(this WebApplicationFactory<Program> host, CredoApp app, string role)
    {
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", await app.KeyFor(role));
        return client;
    }

    public static async Task<(long Id, string Secret)> Subscribe(this HttpClient admin, WebhookReceiver receiver, string path, string[] topics, long? startAfterEventId = null)
    {
        var created = await (await admin.PostJson("/api/webhooks", new { url = receiver.Url(path), topics, description = "test " + path, startAfterEventId })).Read<JsonElement>();
        var id = created.GetProperty("webhook").GetProperty("id").GetInt64();
        var secret = created.GetProperty("secret").GetString()!;
        receiver.Secrets(path, secret);
        return (id, secret);
    }

    public static async Task<int> Deliver(this WebApplicationFactory<Program> host) =>
        await host.Services.GetRequiredService<WebhookDispatcher>().DeliverDueAsync(CancellationToken.None);

    /// <summary>Delivers everything due and returns how many attempts went to subscription <paramref name="id"/> (other tests' subscriptions share the database).</summary>
    public static async Task<int> Deliver(this WebApplicationFactory<Program> host, long id)
    {
        var before = (await host.Attempts(id)).Count;
        await host.Deliver();
        return (await host.Attempts(id)).Count - before;
    }

    public static async Task<WebhookSubscription> Subscription(this WebApplicationFactory<Program> host, long id)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CreditDb>().WebhookSubscriptions.AsNoTracking().SingleAsync(s => s.Id == id);
    }

    public static async Task<List<WebhookAttempt>> Attempts(this WebApplicationFactory<Program> host, long id)
    {
        using var scope = host.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CreditDb>().WebhookAttempts.AsNoTracking().Where(a => a.SubscriptionId == id).OrderBy(a => a.Id).ToListAsync();
    }

    /// <summary>The deliveries at <paramref name="path"/> that concern <paramref name="orderReference"/>, as (topic, data).</summary>
    public static List<Delivery> ForOrder(this WebhookReceiver receiver, string path, string orderReference) =>
        [.. receiver.At(path).Where(d => d.Data.TryGetProperty("orderReference", out var r) && r.GetString() == orderReference)];
}
