using System.Text;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.Pages;

/// <summary>The Team customer list: limit and utilisation, the overdue and over-limit filters, sorting within a currency.</summary>
public sealed class CustomerListTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task The_list_shows_limit_and_utilisation_and_filters_overdue_and_over_limit_customers()
    {
        var api = await app.ClientAs("Admin");
        var marker = Guid.NewGuid().ToString("N")[..8];
        string over = $"OVER-{marker}", within = $"WITHIN-{marker}", none = $"NONE-{marker}";
        foreach (var c in new[] { over, within, none })
        {
            await api.CreateCustomer(c);
        }

        await SetLimit(api, over, 100m);
        await SetLimit(api, within, 10_000m);
        await api.Invoice(over, Http.Unique("INV"), 500m, issueDate: "2026-01-10"); // overdue, and five times its limit
        await api.Invoice(within, Http.Unique("INV"), 2_500m, issueDate: "2026-11-30", dueDate: "2027-01-30");

        var session = await PageSession.SignedIn(app, "Viewer");
        var all = await session.Client.GetStringAsync($"/team/customers?q={marker}");
        Assert.Contains("100.00 USD", Row(all, over), StringComparison.Ordinal);
        Assert.Matches("data-percent=\"500(\\.0+)?\"", Row(all, over));
        Assert.Matches("data-percent=\"25(\\.0+)?\"", Row(all, within));
        Assert.Contains("no credit line", Row(all, none), StringComparison.Ordinal);

        var overdue = await session.Client.GetStringAsync($"/team/customers?q={marker}&overdue=true");
        Assert.Contains($">{over}<", overdue, StringComparison.Ordinal);
        Assert.DoesNotContain($">{within}<", overdue, StringComparison.Ordinal);
        Assert.DoesNotContain($">{none}<", overdue, StringComparison.Ordinal);

        var overLimit = await session.Client.GetStringAsync($"/team/customers?q={marker}&over-limit=true");
        Assert.Contains($">{over}<", overLimit, StringComparison.Ordinal);
        Assert.DoesNotContain($">{within}<", overLimit, StringComparison.Ordinal);
        Assert.Contains("1 customer", overLimit, StringComparison.Ordinal);

        // The filters survive paging and sorting links.
        Assert.Contains("over-limit=true", overLimit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Balance_sorts_within_each_currency_and_the_page_says_so()
    {
        var api = await app.ClientAs("Admin");
        var marker = Guid.NewGuid().ToString("N")[..8];
        string usdSmall = $"USD-S-{marker}", usdLarge = $"USD-L-{marker}", jpy = $"JPY-{marker}";
        await api.CreateCustomer(usdSmall);
        await api.CreateCustomer(usdLarge);
        await api.CreateCustomer(jpy, "JPY");
        await api.Invoice(usdSmall, Http.Unique("INV"), 10m);
        await api.Invoice(usdLarge, Http.Unique("INV"), 900m);
        await api.Invoice(jpy, Http.Unique("INV"), 5_000m, currency: "JPY"); // 5,000 minor units: a sort by minor units across currencies would put it between the two USD customers

        var session = await PageSession.SignedIn(app, "Viewer");
        var html = await session.Client.GetStringAsync($"/team/customers?q={marker}&sort=-balance");
        var order = new[] { jpy, usdLarge, usdSmall }.Select(n => html.IndexOf($">{n}<", StringComparison.Ordinal)).ToArray();
        Assert.True(order[0] < order[1] && order[1] < order[2], string.Join(",", order));
        Assert.Contains("sort within each currency", html, StringComparison.Ordinal);
    }

    private static async Task SetLimit(HttpClient api, string customer, decimal limit)
    {
        var body = $$"""{"limit":{{limit.ToString(System.Globalization.CultureInfo.InvariantCulture)}},"currency":"USD","reason":"test"}""";
        var response = await api.PutAsync($"/api/credit-lines/customer/{customer}", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Row(string html, string number)
    {
        var at = html.IndexOf($">{number}<", StringComparison.Ordinal);
        Assert.True(at > 0, number);
        var end = html.IndexOf("</tr>", at, StringComparison.Ordinal);
        return html[at..end];
    }
}
