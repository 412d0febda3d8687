using System.Text.Json;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Tests.Credit;
using Credo.Web.Tests.Support;
using Credo.Web.Tests.Webhooks;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Events;

/// <summary>An internal delivery that shares the credit prefix, as a future letter or portal message might.</summary>
internal sealed record InternalNoteForTest(string OrderReference, string Secret) : IOutboxEvent<InternalNoteForTest>
{
    public static EventTopic Topic { get; } = new("credit.order-internal-note", EventAudience.Internal, "A test-only internal topic.");
}

/// <summary>
/// The feed and the webhooks read one allow-list (<see cref="EventCatalogue.Public"/>): emails and internal topics sit
/// in the same outbox, and neither the feed (even asked for them by name) nor a <c>*</c> subscription carries them.
/// </summary>
public sealed class InternalTopicsTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task An_email_and_an_internal_event_never_reach_the_feed_or_a_catch_all_webhook()
    {
        await using var receiver = await WebhookReceiver.Start();
        await using var host = app.Host();
        var admin = await host.As(app, "Admin");
        var manager = await host.As(app, "CreditManager");
        var (everything, _) = await admin.Subscribe(receiver, "everything", ["*"]);
        var start = (await (await manager.GetAsync("/api/events?take=500")).Json()).GetProperty("next").GetInt64();

        var secret = Http.Unique("private-link");
        var order = Http.Unique("SO");
        using (var scope = host.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
            db.QueueEmail(new OutboxEmail("buyer@example.com", "Your application " + secret, "Resume at " + secret, "test-email"));
            db.Publish(new InternalNoteForTest(order, secret));
            await db.SaveChangesAsync();
        }

        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        await manager.SetLimit("customer", customer, 1_000m); // one public event after the two internal ones

        var feed = new List<JsonElement>();
        foreach (var topic in new[] { "", "email", "credit.order-internal", "credit." })
        {
            var page = await (await manager.GetAsync($"/api/events?after={start}&take=500&topic={topic}")).Json();
            feed.AddRange(page.GetProperty("events").EnumerateArray());
        }

        Assert.Contains(feed, e => e.GetProperty("topic").GetString() == "credit.limit-changed" && e.GetProperty("payload").GetProperty("key").GetString() == customer);
        Assert.All(feed, e => Assert.True(EventCatalogue.IsPublic(e.GetProperty("topic").GetString()!)));
        Assert.DoesNotContain(feed, e => e.GetRawText().Contains(secret, StringComparison.Ordinal));

        await host.Deliver(everything);
        var delivered = receiver.At("everything");
        Assert.Contains(delivered, d => d.Type == "credit.limit-changed" && d.Data.GetProperty("key").GetString() == customer);
        Assert.All(delivered, d => Assert.True(EventCatalogue.IsPublic(d.Type), d.Type));
        Assert.DoesNotContain(delivered, d => d.Body.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_subscription_cannot_name_an_internal_topic()
    {
        await using var host = app.Host();
        var admin = await host.As(app, "Admin");
        foreach (var topic in new[] { "email", "email*", "credit.order-internal-note" })
        {
            var refused = await admin.PostJson("/api/webhooks", new { url = "https://orders.example.com/hooks", topics = new[] { topic } });
            await refused.AssertProblem(400, "validation", "topics");
        }

        var listed = await (await admin.GetAsync("/api/webhooks/topics")).Read<List<string>>();
        Assert.Equal(EventCatalogue.PublicNames, listed);
        Assert.DoesNotContain("email", listed);
    }

    [Fact]
    public void The_catalogue_knows_email_as_internal_and_every_credit_topic_as_public()
    {
        Assert.Contains(EventCatalogue.All, t => t.Name == "email" && t.Audience == EventAudience.Internal);
        Assert.False(EventCatalogue.IsPublic("email"));
        Assert.Equal(12, EventCatalogue.Public.Count(t => t.Name.StartsWith("credit.", StringComparison.Ordinal)));
        Assert.DoesNotContain(EventCatalogue.All, t => t.Name == InternalNoteForTest.Topic.Name); // only the app's own records
    }
}
