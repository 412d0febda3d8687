using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Credo.Web.Data;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Credit;

public sealed class HoldQueueApiTests(CredoApp app) : IClassFixture<CredoApp>
{
    private DateOnly Today => app.Today; // the app's clock (issue 12 §6)

    private async Task<(HttpClient Client, string Customer)> CustomerWithLimit(decimal limit)
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        await client.SetLimit("customer", customer, limit);
        return (client, customer);
    }

    [Fact]
    public async Task A_payment_auto_releases_a_held_order_that_now_fits()
    {
        var (client, customer) = await CustomerWithLimit(1_000m);
        var invoice = await app.PostInvoice(customer, 800_00, Today.AddDays(10));
        var order = Http.Unique("SO");
        var held = await client.CheckOk(customer, order, 500m);
        Assert.Equal("held", held.GetProperty("outcome").GetString());
        Assert.Equal(300m, held.GetProperty("releasingPayment").GetProperty("value").GetDecimal());
        var queue = await (await client.GetAsync("/api/credit-holds")).Json();
        Assert.Contains(queue.GetProperty("items").EnumerateArray(), h => h.GetProperty("orderReference").GetString() == order);

        await app.Settle(invoice, 300_00);
        Assert.True((await client.PostJson("/api/credit-holds/auto-release", new { })).IsSuccessStatusCode);
        var now = await (await client.GetAsync($"/api/credit-checks/{order}")).Json();
        Assert.Equal("active", now.GetProperty("state").GetString());
        Assert.Equal("approved", now.GetProperty("outcome").GetString());
        Assert.Equal(500m, (await client.Line("customer", customer)).GetProperty("reserved").GetDecimal());
    }

    [Fact]
    public async Task Release_rechecks_and_an_override_ships_it_anyway_once()
    {
        var (client, customer) = await CustomerWithLimit(100m);
        var order = Http.Unique("SO");
        await client.CheckOk(customer, order, 150m);
        await (await client.PostJson($"/api/credit-checks/{order}/release", new { reason = "please" })).AssertProblem(409, "still-held");
        await (await client.PostJson($"/api/credit-checks/{order}/release", new { @override = true })).AssertProblem(400, "validation", "reason");
        var released = await (await client.PostJson($"/api/credit-checks/{order}/release", new { reason = "CFO approved", @override = true })).Json();
        Assert.Equal("active", released.GetProperty("state").GetString());
        Assert.StartsWith("released with override", released.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var retried = await (await client.PostJson($"/api/credit-checks/{order}/release", new { reason = "again", @override = true })).Json();
        Assert.Equal("active", retried.GetProperty("state").GetString());
        Assert.Equal(150m, (await client.Line("customer", customer)).GetProperty("reserved").GetDecimal());
    }

    [Theory]
    [InlineData("rejection", "rejected")]
    [InlineData("prepayment", "prepayment")]
    public async Task A_held_order_can_be_rejected_or_converted_to_prepayment(string action, string state)
    {
        var (client, customer) = await CustomerWithLimit(100m);
        var order = Http.Unique("SO");
        await client.CheckOk(customer, order, 150m);
        var moved = await (await client.PostJson($"/api/credit-checks/{order}/{action}", new { reason = "no" })).Json();
        Assert.Equal(state, moved.GetProperty("state").GetString());
        Assert.Equal(0m, (await client.Line("customer", customer)).GetProperty("reserved").GetDecimal());
        await (await client.PostJson($"/api/credit-checks/{order}/release", new { reason = "x", @override = true })).AssertProblem(409, "reservation-not-held");
    }

    [Fact]
    public async Task Expiry_releases_reservations_past_their_date_once()
    {
        var (client, customer) = await CustomerWithLimit(1_000m);
        var order = Http.Unique("SO");
        await client.CheckOk(customer, order, 400m);
        await app.InScope(sp => sp.GetRequiredService<CreditDb>().CreditReservations.Where(r => r.OrderReference == order)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ExpiresOn, Today.AddDays(-1))));
        Assert.True((await client.PostJson("/api/credit-checks/expiry", new { })).IsSuccessStatusCode);
        Assert.True((await client.PostJson("/api/credit-checks/expiry", new { })).IsSuccessStatusCode);
        Assert.Equal("expired", (await (await client.GetAsync($"/api/credit-checks/{order}")).Json()).GetProperty("state").GetString());
        Assert.Equal(0m, (await client.Line("customer", customer)).GetProperty("reserved").GetDecimal());
    }

    [Fact]
    public async Task Block_rules_are_data_validated_when_saved()
    {
        var client = await app.ClientAs("Admin");
        var bad = await client.PutAsJsonAsync("/api/credit-block-rules/overdue-90", new { kind = "Overdue", enabled = true }, CredoApp.Json);
        await bad.AssertProblem(400, "validation", "days");
        var ok = await client.PutAsJsonAsync("/api/credit-block-rules/overdue-90", new { kind = "Overdue", enabled = false, threshold = 10m, currency = "USD", days = 90 }, CredoApp.Json);
        Assert.True(ok.IsSuccessStatusCode, await ok.Content.ReadAsStringAsync());
        var rules = await (await client.GetAsync("/api/credit-block-rules")).Json();
        Assert.Contains(rules.EnumerateArray(), r => r.GetProperty("code").GetString() == "customer-status");
    }
}

public sealed class HorizonTests(CredoApp app) : IClassFixture<CredoApp>
{
    private DateOnly Today => app.Today; // the app's clock (issue 12 §6)

    [Fact]
    public async Task Orders_beyond_the_horizon_count_only_from_it()
    {
        using var withHorizon = app.WithWebHostBuilder(b => b.UseSetting("Credit:HorizonDays", "30"));
        var client = withHorizon.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", await app.KeyFor("CreditManager"));
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        await client.SetLimit("customer", customer, 1_000m);

        var (fits, tooBig) = (Http.Unique("SO"), Http.Unique("SO"));
        foreach (var (order, amount) in new[] { (fits, 600m), (tooBig, 600m) })
        {
            var response = await client.PostJson("/api/credit-checks", new { customer, orderReference = order, amount, currency = "USD", shipDate = Today.AddDays(90) });
            var answer = await response.Json();
            Assert.Equal("scheduled", answer.GetProperty("outcome").GetString());
            Assert.Equal(Today.AddDays(60).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), answer.GetProperty("checkOn").GetString());
        }

        Assert.Equal(0m, (await client.Line("customer", customer)).GetProperty("reserved").GetDecimal());

        // Time passes: the ship dates come within the horizon.
        await app.InScope(sp => sp.GetRequiredService<CreditDb>().CreditReservations.Where(r => r.OrderReference == fits || r.OrderReference == tooBig)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ShipOn, Today.AddDays(20))));
        var swept = await (await client.PostJson("/api/credit-holds/auto-release", new { })).Json();
        Assert.True(swept.GetProperty("activated").GetInt32() >= 2);
        Assert.Equal("active", (await (await client.GetAsync($"/api/credit-checks/{fits}")).Json()).GetProperty("state").GetString());
        var held = await (await client.GetAsync($"/api/credit-checks/{tooBig}")).Json();
        Assert.Equal("held", held.GetProperty("state").GetString());
        Assert.Equal("limit-exceeded", held.GetProperty("reasons")[0].GetProperty("code").GetString());
        Assert.Equal(600m, (await client.Line("customer", customer)).GetProperty("reserved").GetDecimal());
    }
}

public sealed class HoldsPageTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task The_hold_queue_page_lists_held_orders_with_reasons_and_ways_out()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        await client.SetLimit("customer", customer, 100m);
        var order = Http.Unique("SO");
        await client.CheckOk(customer, order, 150m);
        var page = await client.GetAsync("/team/credit/holds");
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.IsSuccessStatusCode, html);
        Assert.Contains(order, html, StringComparison.Ordinal);
        Assert.Contains("limit-exceeded", html, StringComparison.Ordinal);
        Assert.Contains("Fits now: 100", html, StringComparison.Ordinal);
    }
}
