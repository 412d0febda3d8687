using System.Net;
using System.Text.Json;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Credit;

/// <summary>The hold queue a page at a time (keyset, oldest hold first), with its service level measured by the app's clock.</summary>
public sealed class HoldQueuePagingTests(CredoApp app) : IClassFixture<CredoApp>
{
    private async Task<(WebApplicationFactory<Program> Factory, HttpClient Client, ManualClock Clock)> WithClock(int? slaHours = null)
    {
        var clock = new ManualClock();
        var factory = app.WithWebHostBuilder(b =>
        {
            if (slaHours is { } hours)
            {
                b.UseSetting("Credit:HoldSlaHours", hours.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock));
        });
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", await app.KeyFor("CreditManager"));
        return (factory, client, clock);
    }

    private static async Task<string> Held(HttpClient client, string customer, decimal amount = 500m)
    {
        var order = Http.Unique("SO");
        Assert.Equal("held", (await client.CheckOk(customer, order, amount)).GetProperty("outcome").GetString());
        return order;
    }

    private static async Task<string> CustomerWithLimit(HttpClient client, decimal limit = 100m)
    {
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        await client.SetLimit("customer", customer, limit);
        return customer;
    }

    [Fact]
    public async Task Paging_with_filters_returns_each_hold_exactly_once_oldest_first()
    {
        var (factory, client, clock) = await WithClock();
        using var _ = factory;
        var customer = await CustomerWithLimit(client);
        var other = await CustomerWithLimit(client);
        var expected = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            // Some holds share an instant (the keyset breaks the tie by id), others are an hour apart.
            expected.Add(await Held(client, customer));
            await Held(client, other);
            if (i % 3 == 2)
            {
                clock.Advance(TimeSpan.FromHours(1));
            }
        }

        // A hold of the same customer for another reason is left out by the reason filter.
        await client.SetLimit("customer", customer, 1_000_000m, reviewOn: DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-1));
        var review = await Held(client, customer, 1m);
        var seen = new List<string>();
        string? after = null;
        var pages = 0;
        do
        {
            var url = $"/api/credit-holds?limit=3&reason=limit-exceeded&customer={customer.ToLowerInvariant()}" + (after is null ? string.Empty : "&after=" + after);
            var page = await (await client.GetAsync(url)).Json();
            Assert.Equal(7, page.GetProperty("total").GetInt32());
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(h => h.GetProperty("orderReference").GetString()!));
            after = page.GetProperty("next").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next").GetString();
            pages++;
        }
        while (after is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(expected, seen);
        var unfiltered = await (await client.GetAsync($"/api/credit-holds?limit=200&customer={customer}")).Json();
        Assert.Equal(8, unfiltered.GetProperty("total").GetInt32());
        Assert.Equal(review, unfiltered.GetProperty("items")[7].GetProperty("orderReference").GetString());

        // A hold decided while paging does not shift the pages: the cursor is a position, not an offset.
        var first = await (await client.GetAsync($"/api/credit-holds?limit=3&customer={customer}")).Json();
        await (await client.PostJson($"/api/credit-checks/{expected[0]}/rejection", new { reason = "cancelled" })).Json();
        var second = await (await client.GetAsync($"/api/credit-holds?limit=3&customer={customer}&after={first.GetProperty("next").GetString()}")).Json();
        Assert.Equal(expected[3..6], second.GetProperty("items").EnumerateArray().Select(h => h.GetProperty("orderReference").GetString()!).ToList());
    }

    [Fact]
    public async Task The_api_refuses_a_page_too_large_a_foreign_cursor_and_an_unknown_reason_naming_the_field()
    {
        var client = await app.ClientAs("Viewer");
        await (await client.GetAsync("/api/credit-holds?limit=201")).AssertProblem(400, "validation", "limit");
        await (await client.GetAsync("/api/credit-holds?after=not-a-cursor")).AssertProblem(400, "validation", "after");
        await (await client.GetAsync("/api/credit-holds?reason=too-rich")).AssertProblem(400, "validation", "reason");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/credit-holds?limit=200")).StatusCode);
    }

    [Fact]
    public async Task Holds_past_the_sla_are_flagged_by_the_clock_and_can_be_filtered()
    {
        var (factory, client, clock) = await WithClock(slaHours: 24);
        using var _ = factory;
        var customer = await CustomerWithLimit(client);
        var start = clock.GetUtcNow().UtcDateTime;
        var old = await Held(client, customer);
        clock.Advance(TimeSpan.FromHours(20));
        var young = await Held(client, customer);
        clock.Advance(TimeSpan.FromHours(5));

        var all = (await (await client.GetAsync($"/api/credit-holds?customer={customer}")).Json()).GetProperty("items").EnumerateArray().ToList();
        var o = all.Single(h => h.GetProperty("orderReference").GetString() == old);
        Assert.True(o.GetProperty("pastSla").GetBoolean());
        Assert.Equal(25, o.GetProperty("ageHours").GetInt32());
        Assert.Equal(1, o.GetProperty("hoursPastSla").GetInt32());
        Assert.Equal(start.AddHours(24), o.GetProperty("slaDueUtc").GetDateTime(), TimeSpan.FromSeconds(1));
        var y = all.Single(h => h.GetProperty("orderReference").GetString() == young);
        Assert.False(y.GetProperty("pastSla").GetBoolean());
        Assert.Equal(5, y.GetProperty("ageHours").GetInt32());

        var past = await (await client.GetAsync($"/api/credit-holds?customer={customer}&pastSla=true")).Json();
        Assert.Equal([old], past.GetProperty("items").EnumerateArray().Select(h => h.GetProperty("orderReference").GetString()).ToList());
        Assert.Equal(1, past.GetProperty("total").GetInt32());
        var within = await (await client.GetAsync($"/api/credit-holds?customer={customer}&pastSla=false")).Json();
        Assert.Equal([young], within.GetProperty("items").EnumerateArray().Select(h => h.GetProperty("orderReference").GetString()).ToList());

        var html = await client.GetStringAsync($"/team/credit/holds?customer={customer}&age=sla");
        Assert.Contains($"data-order=\"{old}\" data-past-sla=\"true\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(young, html, StringComparison.Ordinal);
        Assert.Contains("past target by 1 h", html, StringComparison.Ordinal);
        Assert.Contains("within 24 h", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_links_to_the_next_page_keeping_the_filters_until_every_hold_was_shown()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = await CustomerWithLimit(client);
        var orders = new List<string>();
        for (var i = 0; i < 52; i++)
        {
            orders.Add(await Held(client, customer));
        }

        var shown = new List<string>();
        var url = $"/team/credit/holds?customer={customer}&why=limit-exceeded";
        for (var pages = 0; url is not null && pages < 5; pages++)
        {
            var html = await client.GetStringAsync(url);
            shown.AddRange(System.Text.RegularExpressions.Regex.Matches(html, "data-order=\"([^\"]+)\"").Select(m => m.Groups[1].Value));
            var more = System.Text.RegularExpressions.Regex.Match(html, "href=\"([^\"]+)\" data-testid=\"holds-more\"");
            url = more.Success ? WebUtility.HtmlDecode(more.Groups[1].Value) : null;
            if (url is not null)
            {
                Assert.Contains("customer=" + customer, url, StringComparison.Ordinal);
                Assert.Contains("why=limit-exceeded", url, StringComparison.Ordinal);
            }
        }

        Assert.Equal(orders, shown);
    }
}
