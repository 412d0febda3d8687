using System.Net;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.Pages;

/// <summary>Broken screens found by people trying Credo (issue 12 §4).</summary>
public sealed class ScreensAndWordsTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task The_customer_lists_next_link_reaches_the_second_page()
    {
        var api = await app.ClientAs("Admin");
        var marker = Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 30; i++)
        {
            var created = await api.PostJson("/api/customers", new { number = $"P{i:00}-{marker}", legalName = $"Pager {i:00} {marker}", currency = "USD", terms = "NET30" });
            Assert.True(created.IsSuccessStatusCode);
        }

        var session = await PageSession.SignedIn(app, "Viewer");
        var first = await session.Client.GetStringAsync($"/team/customers?q={marker}");
        Assert.Contains("Page 1 of 2", first, StringComparison.Ordinal);
        var next = System.Text.RegularExpressions.Regex.Match(first, "href=\"([^\"]+)\"[^>]*\\s+rel=\"next\"|href=\"([^\"]+)\" hx-get=\"[^\"]+\" hx-target=\"#results\" hx-push-url=\"true\"\\s+aria-disabled=\"[^\"]*\" rel=\"next\"");
        var nextUrl = WebUtility.HtmlDecode(first[..first.IndexOf("rel=\"next\"", StringComparison.Ordinal)].Split("<a href=\"").Last().Split('"')[0]);
        var second = await session.Client.GetStringAsync(nextUrl);
        Assert.Contains("Page 2 of 2", second, StringComparison.Ordinal);
        Assert.Contains($">P29-{marker}<", second, StringComparison.Ordinal);
        _ = next;
    }

    [Fact]
    public async Task The_customer_list_shows_and_sorts_by_balance_and_overdue()
    {
        var api = await app.ClientAs("Admin");
        var marker = Guid.NewGuid().ToString("N")[..8];
        await api.CreateCustomer($"SMALL-{marker}");
        await api.CreateCustomer($"LARGE-{marker}");
        await api.Invoice($"SMALL-{marker}", Http.Unique("INV"), 100m, issueDate: "2026-01-10");
        await api.Invoice($"LARGE-{marker}", Http.Unique("INV"), 9_000m, issueDate: "2026-01-10");

        var session = await PageSession.SignedIn(app, "Viewer");
        foreach (var sort in new[] { "-balance", "-overdue" })
        {
            var html = await session.Client.GetStringAsync($"/team/customers?q={marker}&sort={sort}");
            Assert.True(html.IndexOf($">LARGE-{marker}<", StringComparison.Ordinal) < html.IndexOf($">SMALL-{marker}<", StringComparison.Ordinal), sort);
            Assert.Contains("9,000.00 USD", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task People_get_error_pages_in_words_while_the_api_keeps_problem_details()
    {
        var session = await PageSession.SignedIn(app, "CreditManager");
        foreach (var url in new[] { "/team/customers/NO-SUCH-CUSTOMER", "/team/no-such-page" })
        {
            var response = await session.Client.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("data-testid=\"error-page\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain("\"type\"", html, StringComparison.Ordinal);
        }

        var refused = await session.Client.PostAsync("/team/credit", new FormUrlEncodedContent(new Dictionary<string, string> { ["Form.Level"] = "portfolio" }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("could not be sent", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var api = await app.ClientAs("Viewer");
        var problem = await api.GetAsync("/api/customers/NO-SUCH-CUSTOMER");
        Assert.Equal(HttpStatusCode.NotFound, problem.StatusCode);
        Assert.Equal("application/problem+json", problem.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_credit_pages_limit_form_carries_its_antiforgery_token()
    {
        var session = await PageSession.SignedIn(app, "CreditManager");
        var html = await session.Client.GetStringAsync("/team/credit");
        var form = html[html.IndexOf("aria-label=\"Set a credit line limit\"", StringComparison.Ordinal)..];
        Assert.Contains("__RequestVerificationToken", form[..form.IndexOf("</form>", StringComparison.Ordinal)], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("InReview", "In review")]
    [InlineData("LimitIncrease", "Limit increase")]
    [InlineData("limit-exceeded", "Limit exceeded")]
    [InlineData("no-exchange-rate", "No exchange rate")]
    public void Codes_are_shown_in_words(string code, string words) => Assert.Equal(words, Credo.Web.Pages.Shared.Words.Code(code));

    [Fact]
    public void Actors_and_durations_are_shown_in_words()
    {
        Assert.Equal("ana@example.test", Credo.Web.Pages.Shared.Words.Actor("user:ana@example.test"));
        Assert.Equal("API key erp", Credo.Web.Pages.Shared.Words.Actor("apikey:erp"));
        Assert.Equal("1 day", Credo.Web.Pages.Shared.Words.Duration(TimeSpan.FromDays(1)));
        Assert.Equal("In review", Credo.Web.Pages.Shared.Words.Of(Credo.Domain.Applications.ApplicationStatus.InReview));
    }

    [Fact]
    public async Task The_hold_queue_names_reasons_in_words_and_the_webhook_form_states_its_url_rule()
    {
        var api = await app.ClientAs("Admin");
        var customer = Http.Unique("C");
        await api.CreateCustomer(customer);
        var line = await api.PutAsync($"/api/credit-lines/customer/{customer}", new StringContent("""{"limit":10,"currency":"USD","reason":"test"}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.True(line.IsSuccessStatusCode);
        Assert.True((await api.PostJson("/api/credit-checks", new { customer, orderReference = Http.Unique("O"), amount = 100m, currency = "USD" })).IsSuccessStatusCode);

        var session = await PageSession.SignedIn(app, "Admin");
        var holds = await session.Client.GetStringAsync($"/team/credit/holds?customer={customer}");
        Assert.Contains("Limit exceeded", holds, StringComparison.Ordinal);
        Assert.DoesNotContain(">limit-exceeded<", holds, StringComparison.Ordinal);
        Assert.DoesNotContain("<code>limit-exceeded</code>", holds, StringComparison.Ordinal);

        var webhooks = await session.Client.GetStringAsync("/team/webhooks");
        Assert.DoesNotContain("URL (https)", webhooks, StringComparison.Ordinal);
        Assert.Contains("plain http only to this machine", webhooks, StringComparison.Ordinal);
    }
}
