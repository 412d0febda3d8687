using Credo.Web.Tests.Credit;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Credo.Web.Tests.Events;

/// <summary>The order system pulls what happened to its orders from the outbox feed, with a cursor it keeps.</summary>
public sealed class EventsFeedTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task A_held_order_and_its_release_reach_the_feed_in_order_after_the_cursor()
    {
        var noLag = app.WithWebHostBuilder(b => b.UseSetting("Events:VisibilityLagSeconds", "0"));
        var manager = noLag.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        manager.DefaultRequestHeaders.Add("X-Api-Key", await app.KeyFor("CreditManager"));
        var start = (await (await manager.GetAsync("/api/events?take=500")).Json()).GetProperty("next").GetInt64();

        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        await manager.SetLimit("customer", customer, 1_000m);
        var order = Http.Unique("SO");
        var held = await manager.CheckOk(customer, order, 1_500m);
        Assert.Equal("held", held.GetProperty("outcome").GetString());
        (await manager.PostJson($"/api/credit-checks/{order}/rejection", new { reason = "Too large for now" })).EnsureSuccessStatusCode();

        var page = await (await manager.GetAsync($"/api/events?after={start}&topic=credit.order")).Json();
        var mine = page.GetProperty("events").EnumerateArray()
            .Where(e => e.GetProperty("payload").ToString().Contains(order, StringComparison.Ordinal)).Select(e => e.GetProperty("topic").GetString()).ToList();
        Assert.Equal(["credit.order-held", "credit.order-rejected"], mine);

        var next = page.GetProperty("next").GetInt64();
        var empty = await (await manager.GetAsync($"/api/events?after={next}&topic=credit.order")).Json();
        Assert.Equal(0, empty.GetProperty("events").GetArrayLength());
        Assert.Equal(next, empty.GetProperty("next").GetInt64());
    }

    [Fact]
    public async Task Young_events_wait_for_the_visibility_lag()
    {
        var manager = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        await manager.SetLimit("customer", customer, 1_000m);
        var order = Http.Unique("SO");
        await manager.CheckOk(customer, order, 100m);
        var page = await (await manager.GetAsync("/api/events?take=500")).Json();
        Assert.DoesNotContain(page.GetProperty("events").EnumerateArray(), e => e.GetProperty("payload").ToString().Contains(order, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Take_is_bounded_and_anonymous_is_refused()
    {
        var viewer = await app.ClientAs("Viewer");
        await (await viewer.GetAsync("/api/events?take=0")).AssertProblem(400, "validation", "take");
        await (await app.Anonymous().GetAsync("/api/events")).AssertProblem(401, "unauthorized");
    }
}
