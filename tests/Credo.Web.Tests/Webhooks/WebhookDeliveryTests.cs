using Credo.Web.Data;
using Credo.Web.Features.Webhooks;
using Credo.Web.Tests.Credit;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Webhooks;

/// <summary>
/// The order system is told when its orders are held or released: outbox events pushed to a loopback receiver that
/// checks every signature, in outbox order, filtered by topic, retried with backoff on the app's clock.
/// </summary>
public sealed class WebhookDeliveryTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task Held_and_released_orders_reach_the_order_system_signed_in_order_with_their_topics_and_payloads()
    {
        await using var receiver = await WebhookReceiver.Start();
        await using var host = app.Host();
        var admin = await host.As(app, "Admin");
        var manager = await host.As(app, "CreditManager");
        var (holds, _) = await admin.Subscribe(receiver, "holds", ["credit.order-held", "credit.order-released"]);
        var (everything, _) = await admin.Subscribe(receiver, "everything", ["credit.*"]);
        var (limits, _) = await admin.Subscribe(receiver, "limits", ["credit.limit-changed"]);

        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        await manager.SetLimit("customer", customer, 1_000m);
        var order = Http.Unique("SO");
        var small = Http.Unique("SO");
        Assert.Equal("held", (await manager.CheckOk(customer, order, 1_500m)).GetProperty("outcome").GetString());
        Assert.Equal("approved", (await manager.CheckOk(customer, small, 100m)).GetProperty("outcome").GetString());
        (await manager.PostJson($"/api/credit-checks/{order}/release", new { reason = "CFO approved", @override = true })).EnsureSuccessStatusCode();

        Assert.True(await host.Deliver() >= 6);

        var toHolds = receiver.ForOrder("holds", order);
        Assert.Equal(["credit.order-held", "credit.order-released"], toHolds.Select(d => d.Type));
        Assert.All(receiver.At("holds"), d => Assert.True(d.SignatureValid, "signature did not verify: " + d.Signature));
        Assert.DoesNotContain(receiver.At("holds"), d => d.Data.GetProperty("orderReference").GetString() == small);
        var held = toHolds[0].Data;
        Assert.Equal("held", held.GetProperty("outcome").GetString());
        Assert.Equal(customer, held.GetProperty("customer").GetString());
        Assert.Equal(1_500m, held.GetProperty("amount").GetProperty("value").GetDecimal());
        Assert.Contains(held.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("code").GetString() == "limit-exceeded");
        Assert.StartsWith("released with override", toHolds[1].Data.GetProperty("reason").GetString(), StringComparison.Ordinal);

        // The webhook-id is the outbox event id (the events feed's id): the body says the same, and ids only go up.
        foreach (var d in receiver.Received)
        {
            Assert.Equal(d.Id, d.Json.GetProperty("id").GetString());
            Assert.InRange(d.Timestamp, app.Now.AddMinutes(-5).ToUnixTimeSeconds(), app.Now.AddMinutes(5).ToUnixTimeSeconds());
        }

        var ids = receiver.At("everything").Select(d => long.Parse(d.Id, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(
            ["credit.limit-changed", "credit.order-held", "credit.order-approved", "credit.order-released"],
            receiver.At("everything").Select(d => d.Type));
        Assert.Equal(["credit.limit-changed"], receiver.At("limits").Select(d => d.Type));
        Assert.Equal(customer, receiver.At("limits")[0].Data.GetProperty("key").GetString());

        // Delivered events are never sent again.
        Assert.Equal(0, await host.Deliver(everything));
        Assert.Equal(4, receiver.At("everything").Count);
        var sub = await host.Subscription(everything);
        Assert.Equal(ids[^1], sub.DeliveredThroughEventId);
        Assert.NotNull(sub.LastSuccessAtUtc);
        Assert.Null(sub.LeaseOwner);
        Assert.All(await host.Attempts(holds), a => Assert.True(a.Succeeded && a.StatusCode == 200 && a.AttemptNumber == 1));
        Assert.Single(await host.Attempts(limits));
    }

    [Fact]
    public async Task A_new_subscription_starts_at_the_end_of_the_outbox_unless_given_a_cursor()
    {
        await using var receiver = await WebhookReceiver.Start();
        await using var host = app.Host();
        var admin = await host.As(app, "Admin");
        var manager = await host.As(app, "CreditManager");
        var before = (await (await admin.GetAsync("/api/events?take=500")).Json()).GetProperty("next").GetInt64();
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        await manager.SetLimit("customer", customer, 500m);

        await admin.Subscribe(receiver, "new", ["credit.limit-changed"]);
        await admin.Subscribe(receiver, "replay", ["credit.limit-changed"], startAfterEventId: before);
        await host.Deliver();

        Assert.Empty(receiver.At("new"));
        Assert.Contains(receiver.At("replay"), d => d.Data.GetProperty("key").GetString() == customer);
    }

    [Fact]
    public async Task A_failed_delivery_is_recorded_backed_off_on_the_clock_and_retried_and_later_events_wait_behind_it()
    {
        var clock = new ManualClock();
        await using var receiver = await WebhookReceiver.Start();
        await using var host = app.Host(clock, ("Webhooks:RetryBaseSeconds", "30"));
        var admin = await host.As(app, "Admin");
        var manager = await host.As(app, "CreditManager");
        var (id, _) = await admin.Subscribe(receiver, "flaky", ["credit.order-held"]);
        receiver.Script("flaky", new Reply(500, new string('x', 5000)), new Reply(503, "busy"));

        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        await manager.SetLimit("customer", customer, 100m);
        var first = Http.Unique("SO");
        var second = Http.Unique("SO");
        await manager.CheckOk(customer, first, 500m);
        await manager.CheckOk(customer, second, 600m);

        Assert.Equal(1, await host.Deliver(id));
        var sub = await host.Subscription(id);
        Assert.Equal(1, sub.PendingAttempts);
        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddSeconds(30), sub.NextAttemptAtUtc);
        Assert.Equal("HTTP 500", sub.LastError);
        Assert.Equal(WebhookState.Active, sub.State);

        Assert.Equal(0, await host.Deliver(id)); // backing off
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, await host.Deliver(id));
        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await host.Deliver(id)); // 503: now 60 s
        Assert.Equal(clock.GetUtcNow().UtcDateTime.AddSeconds(60), (await host.Subscription(id)).NextAttemptAtUtc);
        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal(2, await host.Deliver(id));

        Assert.Equal([first, first, first, second], receiver.At("flaky").Select(d => d.Data.GetProperty("orderReference").GetString()));
        Assert.Equal(3, receiver.At("flaky").Count(d => d.Id == receiver.At("flaky")[0].Id));
        var attempts = await host.Attempts(id);
        Assert.Equal([(1, 500, false), (2, 503, false), (3, 200, true), (1, 200, true)], attempts.Select(a => (a.AttemptNumber, a.StatusCode ?? 0, a.Succeeded)));
        Assert.Equal(WebhookSender.MaxResponseBytes, attempts[0].ResponseBody!.Length);
        Assert.Equal("busy", attempts[1].ResponseBody);

        // The API pages the same attempts, newest first.
        var page = await (await admin.GetAsync($"/api/webhooks/{id}/attempts?take=3")).Json();
        Assert.Equal([1, 3, 2], page.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("attempt").GetInt32()));
        var rest = await (await admin.GetAsync($"/api/webhooks/{id}/attempts?take=3&before={page.GetProperty("next").GetInt64()}")).Json();
        Assert.Equal([1], rest.GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("attempt").GetInt32()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, rest.GetProperty("next").ValueKind);
        sub = await host.Subscription(id);
        Assert.Null(sub.PendingEventId);
        Assert.Null(sub.NextAttemptAtUtc);
    }

    [Fact]
    public async Task After_the_last_attempt_the_subscription_is_failing_until_a_redelivery_resumes_it()
    {
        var clock = new ManualClock();
        await using var receiver = await WebhookReceiver.Start();
        await using var host = app.Host(clock, ("Webhooks:MaxAttempts", "2"), ("Webhooks:RetryBaseSeconds", "10"));
        var admin = await host.As(app, "Admin");
        var manager = await host.As(app, "CreditManager");
        var (id, _) = await admin.Subscribe(receiver, "down", ["credit.*"]);
        receiver.Script("down", new Reply(500), new Reply(500));
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        await manager.SetLimit("customer", customer, 100m);

        Assert.Equal(1, await host.Deliver(id));
        clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(1, await host.Deliver(id));
        var sub = await host.Subscription(id);
        Assert.Equal(WebhookState.Failing, sub.State);
        Assert.NotNull(sub.FailingSinceUtc);
        var shown = await (await admin.GetAsync($"/api/webhooks/{id}")).Json();
        Assert.Equal("failing", shown.GetProperty("state").GetString());
        Assert.Equal(2, shown.GetProperty("pendingAttempts").GetInt32());

        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await host.Deliver(id));

        var resumed = await (await admin.PostJson($"/api/webhooks/{id}/redelivery", new { })).Json();
        Assert.Equal("active", resumed.GetProperty("state").GetString());
        Assert.Equal(1, await host.Deliver(id));
        Assert.Equal([(1, false), (2, false), (1, true)], (await host.Attempts(id)).Select(a => (a.AttemptNumber, a.Succeeded)));
        Assert.Equal(3, receiver.At("down").Count);

        // Redelivery from an event id sends it again, with the same webhook-id.
        var eventId = long.Parse(receiver.At("down")[^1].Id, System.Globalization.CultureInfo.InvariantCulture);
        (await admin.PostJson($"/api/webhooks/{id}/redelivery", new { fromEventId = eventId })).EnsureSuccessStatusCode();
        Assert.Equal(1, await host.Deliver(id));
        Assert.Equal(receiver.At("down")[^2].Id, receiver.At("down")[^1].Id);
        await (await admin.PostJson($"/api/webhooks/{id}/redelivery", new { fromEventId = 0 })).AssertProblem(400, "validation", "fromEventId");
    }

    [Fact]
    public async Task The_background_worker_delivers_without_being_asked()
    {
        await using var receiver = await WebhookReceiver.Start();
        await using var host = app.Host(null, ("Webhooks:DeliverInBackground", "true"), ("Webhooks:PollSeconds", "0.2"));
        var admin = await host.As(app, "Admin");
        await admin.Subscribe(receiver, "background", ["credit.limit-changed"]);
        var manager = await host.As(app, "CreditManager");
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        await manager.SetLimit("customer", customer, 100m);

        for (var waited = 0; waited < 300 && receiver.At("background").Count == 0; waited++)
        {
            await Task.Delay(100);
        }

        var delivered = Assert.Single(receiver.At("background"));
        Assert.True(delivered.SignatureValid);
        Assert.Equal(customer, delivered.Data.GetProperty("key").GetString());
    }

    [Fact]
    public async Task A_lease_left_by_a_stopped_instance_holds_its_subscription_only_until_it_expires()
    {
        var clock = new ManualClock();
        await using var receiver = await WebhookReceiver.Start();
        await using var host = app.Host(clock, ("Webhooks:LeaseSeconds", "120"));
        var admin = await host.As(app, "Admin");
        var (id, _) = await admin.Subscribe(receiver, "orphan", ["credit.limit-changed"]);
        var manager = await host.As(app, "CreditManager");
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        await manager.SetLimit("customer", customer, 100m);
        var leasedUntil = clock.GetUtcNow().UtcDateTime.AddSeconds(120);
        await app.InScope(sp => sp.GetRequiredService<CreditDb>().WebhookSubscriptions.Where(s => s.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.LeaseOwner, "stopped-instance").SetProperty(x => x.LeaseUntilUtc, leasedUntil)));

        Assert.Equal(0, await host.Deliver(id));
        clock.Advance(TimeSpan.FromSeconds(121));
        Assert.Equal(1, await host.Deliver(id));
        Assert.Single(receiver.At("orphan"));
        Assert.Null((await host.Subscription(id)).LeaseOwner);
    }

    [Fact]
    public async Task A_receiver_that_does_not_answer_times_out_on_the_clock()
    {
        var clock = new ManualClock();
        await using var receiver = await WebhookReceiver.Start();
        await using var host = app.Host(clock, ("Webhooks:TimeoutSeconds", "5"));
        var admin = await host.As(app, "Admin");
        var (id, _) = await admin.Subscribe(receiver, "slow", ["credit.limit-changed"]);
        receiver.Script("slow", new Reply(200, Hang: true));
        var manager = await host.As(app, "CreditManager");
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        await manager.SetLimit("customer", customer, 100m);

        var delivering = host.Deliver();
        await receiver.Hanging.Task.WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromSeconds(6));
        await delivering.WaitAsync(TimeSpan.FromSeconds(30));

        var attempt = Assert.Single(await host.Attempts(id));
        Assert.False(attempt.Succeeded);
        Assert.Null(attempt.StatusCode);
        Assert.StartsWith("Timed out after 5 s", attempt.Error, StringComparison.Ordinal);
        Assert.Equal(6000, attempt.DurationMs);
    }

    [Fact]
    public async Task Redirects_are_not_followed()
    {
        await using var receiver = await WebhookReceiver.Start();
        await using var host = app.Host();
        var admin = await host.As(app, "Admin");
        var (id, _) = await admin.Subscribe(receiver, "moved", ["credit.limit-changed"]);
        receiver.Script("moved", new Reply(307, Location: receiver.Url("elsewhere")));
        var manager = await host.As(app, "CreditManager");
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        await manager.SetLimit("customer", customer, 100m);

        Assert.Equal(1, await host.Deliver(id));
        var attempt = Assert.Single(await host.Attempts(id));
        Assert.Equal(307, attempt.StatusCode);
        Assert.False(attempt.Succeeded);
        Assert.Contains("redirects are not followed", attempt.Error, StringComparison.Ordinal);
        Assert.Empty(receiver.At("elsewhere"));
    }

    [Fact]
    public async Task A_ping_is_signed_recorded_and_leaves_the_progress_alone_and_a_rotated_secret_signs_twice_for_the_overlap()
    {
        await using var receiver = await WebhookReceiver.Start();
        await using var host = app.Host();
        var admin = await host.As(app, "Admin");
        var (id, secret) = await admin.Subscribe(receiver, "ping", ["credit.order-held"]);
        var before = await host.Subscription(id);

        var ping = await (await admin.PostJson($"/api/webhooks/{id}/ping", new { })).Json();
        Assert.True(ping.GetProperty("succeeded").GetBoolean());
        Assert.Equal(200, ping.GetProperty("statusCode").GetInt32());
        var got = Assert.Single(receiver.At("ping"));
        Assert.True(got.SignatureValid);
        Assert.Equal("webhook.ping", got.Type);
        Assert.StartsWith("ping_", got.Id, StringComparison.Ordinal);
        Assert.Equal(before.DeliveredThroughEventId, (await host.Subscription(id)).DeliveredThroughEventId);
        Assert.Equal("webhook.ping", Assert.Single(await host.Attempts(id)).Topic);

        var rotated = await (await admin.PostJson($"/api/webhooks/{id}/secret-rotation", new { })).Json();
        var newSecret = rotated.GetProperty("secret").GetString()!;
        Assert.NotEqual(secret, newSecret);
        receiver.Secrets("ping", secret, newSecret); // both must verify during the overlap
        (await admin.PostJson($"/api/webhooks/{id}/ping", new { })).EnsureSuccessStatusCode();
        var second = receiver.At("ping")[^1];
        Assert.True(second.SignatureValid, second.Signature);
        Assert.Equal(2, second.Signature.Split(' ').Length);
    }
}
