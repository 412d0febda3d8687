using System.Net;
using System.Net.Http.Json;
using Credo.Web.Data;
using Credo.Web.Features.Webhooks;
using Credo.Web.Tests.Credit;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Credo.Web.Tests.Webhooks;

/// <summary>Admins manage subscriptions; the signing secret is shown once, kept encrypted, and never logged.</summary>
public sealed class WebhookSubscriptionsApiTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task An_admin_subscribes_changes_and_deactivates_and_the_secret_is_shown_only_at_creation()
    {
        var admin = await app.ClientAs("Admin");
        var created = await admin.PostJson("/api/webhooks", new { url = "https://orders.example.com/hooks/credo?tenant=7", topics = new[] { "credit.order-held", "credit.*", "credit.order-held" }, description = "Order system" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Json();
        var id = body.GetProperty("webhook").GetProperty("id").GetInt64();
        Assert.Equal($"/api/webhooks/{id}", created.Headers.Location!.OriginalString);
        Assert.StartsWith("whsec_", body.GetProperty("secret").GetString(), StringComparison.Ordinal);
        Assert.Equal(32, Convert.FromBase64String(body.GetProperty("secret").GetString()!["whsec_".Length..]).Length);
        Assert.Equal(["credit.order-held", "credit.*"], body.GetProperty("webhook").GetProperty("topics").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("active", body.GetProperty("webhook").GetProperty("state").GetString());

        var listed = await admin.GetStringAsync("/api/webhooks");
        Assert.Contains("orders.example.com", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(body.GetProperty("secret").GetString()!, listed, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", listed, StringComparison.OrdinalIgnoreCase);

        var changed = await (await admin.PutAsJsonAsync($"/api/webhooks/{id}", new { url = "https://orders.example.com/v2", topics = new[] { "credit.order-released" }, description = "v2", active = true })).Json();
        Assert.Equal("https://orders.example.com/v2", changed.GetProperty("url").GetString());
        Assert.Equal(["credit.order-released"], changed.GetProperty("topics").EnumerateArray().Select(t => t.GetString()));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/webhooks/{id}")).StatusCode);
        var kept = await (await admin.GetAsync($"/api/webhooks/{id}")).Json();
        Assert.False(kept.GetProperty("active").GetBoolean());
        Assert.Equal("inactive", kept.GetProperty("state").GetString());
        await (await admin.PostJson($"/api/webhooks/{id}/redelivery", new { })).AssertProblem(409, "webhook-inactive");
        await (await admin.GetAsync("/api/webhooks/999999")).AssertProblem(404, "not-found");
        await (await admin.DeleteAsync("/api/webhooks/999999")).AssertProblem(404, "not-found");

        // Who changed the subscription is in the audit trail; its secret is not.
        var audit = await app.InScope(sp => sp.GetRequiredService<CreditDb>().Audit.AsNoTracking()
            .Where(a => a.Entity == nameof(WebhookSubscription) && a.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToListAsync());
        Assert.Equal(3, audit.Count);
        Assert.All(audit, a => Assert.DoesNotContain("ProtectedSecret", a.AfterJson + a.BeforeJson, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("orders.example.com/hooks", "url")]
    [InlineData("ftp://orders.example.com/hooks", "url")]
    [InlineData("http://orders.example.com/hooks", "url")]
    [InlineData("https://user:pass@orders.example.com/hooks", "url")]
    [InlineData("", "url")]
    public async Task Bad_urls_are_refused_naming_the_field(string url, string field)
    {
        var admin = await app.ClientAs("Admin");
        await (await admin.PostJson("/api/webhooks", new { url, topics = new[] { "credit.order-held" } })).AssertProblem(400, "validation", field);
    }

    [Theory]
    [InlineData("credit.order-hold")]
    [InlineData("email")]
    [InlineData("ledger.*")]
    [InlineData("credit.*.held")]
    public async Task Unknown_topics_are_refused(string topic)
    {
        var admin = await app.ClientAs("Admin");
        await (await admin.PostJson("/api/webhooks", new { url = "https://orders.example.com/h", topics = new[] { topic } })).AssertProblem(400, "validation", "topics");
        await (await admin.PostJson("/api/webhooks", new { url = "https://orders.example.com/h", topics = Array.Empty<string>() })).AssertProblem(400, "validation", "topics");
    }

    [Fact]
    public async Task Plain_http_is_allowed_for_loopback_and_when_the_setting_allows_it()
    {
        var admin = await app.ClientAs("Admin");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJson("/api/webhooks", new { url = "http://127.0.0.1:9/h", topics = new[] { "credit.*" }, active = false })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostJson("/api/webhooks", new { url = "http://localhost:9/h", topics = new[] { "credit.*" }, active = false })).StatusCode);
        await using var allowing = app.Host(null, ("Webhooks:AllowHttp", "true"));
        var client = await allowing.As(app, "Admin");
        Assert.Equal(HttpStatusCode.Created, (await client.PostJson("/api/webhooks", new { url = "http://orders.internal/h", topics = new[] { "credit.*" }, active = false })).StatusCode);
    }

    [Theory]
    [InlineData("CreditManager")]
    [InlineData("Viewer")]
    public async Task Only_admins_may_see_or_manage_webhooks(string role)
    {
        var other = await app.ClientAs(role);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/api/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostJson("/api/webhooks", new { url = "https://orders.example.com/h", topics = new[] { "credit.*" }, active = false })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.PostJson("/api/webhooks/1/ping", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/api/webhooks")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostJson("/api/webhooks/1/redelivery", new { })).StatusCode);
    }

    [Fact]
    public async Task The_secret_is_never_logged_and_the_database_holds_it_only_encrypted()
    {
        var logs = new CapturedLogs();
        await using var receiver = await WebhookReceiver.Start();
        await using var logged = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Events:VisibilityLagSeconds", "0");
            b.UseSetting("Logging:LogLevel:Default", "Trace");
            b.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Trace");
            b.ConfigureLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        });
        var admin = await logged.As(app, "Admin");
        var (id, secret) = await admin.Subscribe(receiver, "secret", ["credit.limit-changed"]);
        receiver.Script("secret", new Reply(500, "no"));
        var manager = await logged.As(app, "CreditManager");
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        await manager.SetLimit("customer", customer, 100m);
        Assert.Equal(1, await logged.Deliver(id));
        (await admin.PostJson($"/api/webhooks/{id}/ping", new { })).EnsureSuccessStatusCode();
        var rotated = (await (await admin.PostJson($"/api/webhooks/{id}/secret-rotation", new { })).Json()).GetProperty("secret").GetString()!;
        Assert.True(receiver.At("secret")[0].SignatureValid);

        Assert.True(logs.Messages.Count > 50, $"only {logs.Messages.Count} log messages captured: the capture is not working");
        Assert.Contains(logs.Messages, m => m.Contains("webhook_subscriptions", StringComparison.Ordinal));
        var everything = await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            var subs = await db.WebhookSubscriptions.AsNoTracking().ToListAsync();
            var attempts = await db.WebhookAttempts.AsNoTracking().ToListAsync();
            var audit = await db.Audit.AsNoTracking().Select(a => a.BeforeJson + a.AfterJson).ToListAsync();
            var outbox = await db.Outbox.AsNoTracking().Select(m => m.PayloadJson).ToListAsync();
            return System.Text.Json.JsonSerializer.Serialize(subs) + System.Text.Json.JsonSerializer.Serialize(attempts) + string.Join('\n', audit.Concat(outbox));
        });
        foreach (var s in new[] { secret, rotated })
        {
            var key = s["whsec_".Length..];
            Assert.DoesNotContain(logs.Messages, m => m.Contains(key, StringComparison.Ordinal));
            Assert.DoesNotContain(key, everything, StringComparison.Ordinal);
        }

        var row = await logged.Subscription(id);
        Assert.StartsWith("v1:", row.ProtectedSecret, StringComparison.Ordinal);
        var secrets = logged.Services.GetRequiredService<WebhookSecrets>();
        Assert.Equal(rotated, secrets.Unprotect(row.ProtectedSecret));
        Assert.Equal(secret, secrets.Unprotect(row.PreviousProtectedSecret!));
    }

    [Fact]
    public async Task Attempts_are_append_only()
    {
        await using var receiver = await WebhookReceiver.Start();
        var admin = await app.ClientAs("Admin");
        var (id, _) = await admin.Subscribe(receiver, "append", ["credit.*"]);
        (await admin.PostJson($"/api/webhooks/{id}/ping", new { })).EnsureSuccessStatusCode();
        await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            await Assert.ThrowsAnyAsync<Exception>(() => db.WebhookAttempts.Where(a => a.SubscriptionId == id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Succeeded, false)));
            await Assert.ThrowsAnyAsync<Exception>(() => db.WebhookAttempts.Where(a => a.SubscriptionId == id).ExecuteDeleteAsync());
            return true;
        });
        await using var host = app.Host();
        Assert.Single(await host.Attempts(id));
    }

    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(5, 480)]
    [InlineData(8, 3600)]
    [InlineData(40, 3600)]
    public void Backoff_doubles_from_the_base_up_to_the_cap(int attempt, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), DeliverWebhooks.Backoff(new WebhookOptions(), attempt));
}
