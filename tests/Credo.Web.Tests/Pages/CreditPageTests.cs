using System.Net;
using Credo.Web.Tests.Credit;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.Pages;

public sealed class CreditPageTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task Viewer_sees_the_credit_panel_but_no_limit_form_and_cannot_post_one()
    {
        var number = Http.Unique("C");
        var api = await app.ClientAs("CreditManager");
        await api.CreateCustomer(number);
        await api.SetLimit("customer", number, 5_000m);
        var session = await PageSession.SignedIn(app, "Viewer");
        var url = $"/team/customers/{number}/credit";

        var html = await session.Client.GetStringAsync(url);
        Assert.Contains("data-testid=\"credit-panel\"", html, StringComparison.Ordinal);
        Assert.Contains("5,000.00", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Save limit", html, StringComparison.Ordinal);

        var customerPage = await session.Client.GetStringAsync("/team/customers/" + number);
        Assert.Contains($"hx-get=\"/team/customers/{number}/credit\"", customerPage, StringComparison.Ordinal);

        var posted = await session.PostForm(url, new() { ["Form.Limit"] = "9000", ["Form.Currency"] = "USD", ["Form.Reason"] = "try" });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.StartsWith("/account/denied", posted.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("No change: 5,000.00", "No change: " + WebUtility.HtmlDecode(await session.Client.GetStringAsync(url)).Split("data-testid=\"credit-limit\">")[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credit_manager_sets_a_limit_and_sees_it_with_its_history()
    {
        var number = Http.Unique("C");
        await (await app.ClientAs("CreditManager")).CreateCustomer(number);
        var session = await PageSession.SignedIn(app, "CreditManager");
        var url = $"/team/customers/{number}/credit";
        Assert.Contains("Save limit", await session.Client.GetStringAsync(url), StringComparison.Ordinal);

        var posted = await session.PostForm(url, new()
        {
            ["Form.Limit"] = "12,500.00", ["Form.Currency"] = "USD", ["Form.Reason"] = "Annual review approved",
            ["Form.TemporaryIncrease"] = "2500", ["Form.TemporaryIncreaseExpiresOn"] = "2099-01-31", ["Form.ReviewOn"] = "2099-06-30",
        });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        var html = WebUtility.HtmlDecode(await session.Client.GetStringAsync(url));
        Assert.Contains("Limit set: 12,500.00 USD.", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"credit-history\"", html, StringComparison.Ordinal);
        Assert.Contains("none → 12,500.00 USD", html, StringComparison.Ordinal);
        Assert.Contains("Annual review approved", html, StringComparison.Ordinal);
        Assert.Contains("2099-06-30", html, StringComparison.Ordinal);
        Assert.Contains("15,000.00 USD", html, StringComparison.Ordinal); // available: the limit plus the temporary increase
    }

    [Fact]
    public async Task A_limit_without_a_reason_shows_the_error_next_to_the_field()
    {
        var number = Http.Unique("C");
        await (await app.ClientAs("CreditManager")).CreateCustomer(number);
        var session = await PageSession.SignedIn(app, "CreditManager");
        var url = $"/team/customers/{number}/credit";

        var posted = await session.PostForm(url, new() { ["Form.Limit"] = "lots", ["Form.Currency"] = "USD", ["Form.Reason"] = "x" });
        var html = await posted.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, posted.StatusCode);
        Assert.Contains("data-testid=\"limit-limit-error\"", html, StringComparison.Ordinal);

        posted = await session.PostForm(url, new() { ["Form.Limit"] = "100", ["Form.Currency"] = "USD", ["Form.Reason"] = " " });
        html = await posted.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"limit-reason-error\"", html, StringComparison.Ordinal);
        Assert.Contains("No limit has been set", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credit_lines_page_shows_a_groups_utilisation()
    {
        var group = Http.Unique("G");
        var number = Http.Unique("C");
        var api = await app.ClientAs("CreditManager");
        await api.CreateGroup(group);
        await api.CreateCustomer(number, groupCode: group);
        await api.SetLimit("group", group, 10_000m);
        await api.CheckOk(number, Http.Unique("ORD"), 2_500m);
        var session = await PageSession.SignedIn(app, "Viewer");

        var html = await session.Client.GetStringAsync("/team/credit");

        Assert.Contains($"<tr data-key=\"{group}\">", html, StringComparison.Ordinal);
        Assert.Contains("data-percent=\"25.0\"", html, StringComparison.Ordinal);
        Assert.Contains("id=\"utilisation-data\"", html, StringComparison.Ordinal);
        Assert.Contains($"\"key\":\"{group}\",\"percent\":25.0", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Set a credit line limit", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credit_lines_sort_by_utilisation_both_ways()
    {
        var busy = Http.Unique("G");
        var quiet = Http.Unique("G");
        var api = await app.ClientAs("CreditManager");
        foreach (var (group, used) in new[] { (busy, 800m), (quiet, 100m) })
        {
            var customer = Http.Unique("C");
            await api.CreateGroup(group);
            await api.CreateCustomer(customer, groupCode: group);
            await api.SetLimit("group", group, 1_000m);
            await api.CheckOk(customer, Http.Unique("ORD"), used);
        }

        var session = await PageSession.SignedIn(app, "Viewer");
        var mostUsedFirst = await session.Client.GetStringAsync("/team/credit");
        var leastUsedFirst = await session.Client.GetStringAsync("/team/credit?sort=util");

        Assert.True(mostUsedFirst.IndexOf($"data-key=\"{busy}\"", StringComparison.Ordinal) < mostUsedFirst.IndexOf($"data-key=\"{quiet}\"", StringComparison.Ordinal));
        Assert.True(leastUsedFirst.IndexOf($"data-key=\"{quiet}\"", StringComparison.Ordinal) < leastUsedFirst.IndexOf($"data-key=\"{busy}\"", StringComparison.Ordinal));
        Assert.Contains("aria-sort=\"ascending\"", leastUsedFirst, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Customer_credit_panel_comes_alone_to_htmx()
    {
        var number = Http.Unique("C");
        await (await app.ClientAs("CreditManager")).CreateCustomer(number);
        var session = await PageSession.SignedIn(app, "Viewer");
        var request = new HttpRequestMessage(HttpMethod.Get, $"/team/customers/{number}/credit");
        request.Headers.Add("HX-Request", "true");

        var partial = await (await session.Client.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.DoesNotContain("<html", partial, StringComparison.Ordinal);
        Assert.StartsWith("<section class=\"card\" id=\"credit-panel\"", partial.Trim(), StringComparison.Ordinal);
        Assert.Contains("None set", partial, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Credit_manager_sets_a_group_limit_on_the_credit_lines_page()
    {
        var group = Http.Unique("G");
        await (await app.ClientAs("CreditManager")).CreateGroup(group);
        var session = await PageSession.SignedIn(app, "CreditManager");

        var posted = await session.PostForm("/team/credit", new() { ["Form.Level"] = "group", ["Form.Key"] = group, ["Form.Limit"] = "40000", ["Form.Currency"] = "USD", ["Form.Reason"] = "Group guarantee" });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);

        var html = await session.Client.GetStringAsync("/team/credit");
        Assert.Contains($"<tr data-key=\"{group}\">", html, StringComparison.Ordinal);
        Assert.Contains("40,000.00 USD", html, StringComparison.Ordinal);

        var unknown = await session.PostForm("/team/credit", new() { ["Form.Level"] = "group", ["Form.Key"] = Http.Unique("nope"), ["Form.Limit"] = "1", ["Form.Currency"] = "USD", ["Form.Reason"] = "x" });
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Contains("form-error", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hold_queue_filters_by_customer_and_rejects_from_the_page()
    {
        var number = Http.Unique("C");
        var other = Http.Unique("C");
        var api = await app.ClientAs("CreditManager");
        await api.CreateCustomer(number);
        await api.CreateCustomer(other);
        await api.SetLimit("customer", number, 100m);
        await api.SetLimit("customer", other, 100m);
        var order = Http.Unique("ORD");
        var otherOrder = Http.Unique("ORD");
        Assert.Equal("held", (await api.CheckOk(number, order, 500m)).GetProperty("outcome").GetString());
        Assert.Equal("held", (await api.CheckOk(other, otherOrder, 500m)).GetProperty("outcome").GetString());
        var session = await PageSession.SignedIn(app, "CreditManager");

        var filtered = await session.Client.GetStringAsync($"/team/credit/holds?customer={number}&why=limit-exceeded");
        Assert.Contains($"data-order=\"{order}\"", filtered, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-order=\"{otherOrder}\"", filtered, StringComparison.Ordinal);

        var rejected = await session.PostForm("/team/credit/holds?handler=Reject", new() { ["orderReference"] = order, ["reason"] = "Customer cancelled", ["customer"] = number }, tokenFrom: "/team/credit/holds");
        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        Assert.Contains("customer=" + number, rejected.Headers.Location!.ToString(), StringComparison.Ordinal);
        var after = await session.Client.GetStringAsync(rejected.Headers.Location);
        Assert.Contains($"Order {order} rejected.", after, StringComparison.Ordinal);
        Assert.DoesNotContain($"data-order=\"{order}\"", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hold_queue_releases_with_override_and_converts_to_prepayment_from_the_page()
    {
        var number = Http.Unique("C");
        var api = await app.ClientAs("CreditManager");
        await api.CreateCustomer(number);
        await api.SetLimit("customer", number, 100m);
        var (overridden, prepaid) = (Http.Unique("ORD"), Http.Unique("ORD"));
        await api.CheckOk(number, overridden, 400m);
        await api.CheckOk(number, prepaid, 300m);
        var viewer = await PageSession.SignedIn(app, "Viewer");
        Assert.DoesNotContain("handler=Release", await viewer.Client.GetStringAsync($"/team/credit/holds?customer={number}"), StringComparison.Ordinal);
        var session = await PageSession.SignedIn(app, "CreditManager");
        var queue = $"/team/credit/holds?customer={number}";

        var plain = await session.PostForm("/team/credit/holds?handler=Release", new() { ["orderReference"] = overridden, ["reason"] = "Try again" }, tokenFrom: queue);
        Assert.Contains("still does not pass", WebUtility.HtmlDecode(await session.Client.GetStringAsync(plain.Headers.Location)), StringComparison.Ordinal);

        var released = await session.PostForm("/team/credit/holds?handler=Release", new() { ["orderReference"] = overridden, ["reason"] = "Director approved", ["overrideLimits"] = "true" }, tokenFrom: queue);
        Assert.Contains($"Order {overridden} released with override.", await session.Client.GetStringAsync(released.Headers.Location), StringComparison.Ordinal);
        Assert.Equal(400m, (await api.Line("customer", number)).GetProperty("reserved").GetDecimal());

        var converted = await session.PostForm("/team/credit/holds?handler=Prepayment", new() { ["orderReference"] = prepaid, ["reason"] = "Pays upfront", ["customer"] = number }, tokenFrom: queue);
        var after = await session.Client.GetStringAsync(converted.Headers.Location);
        Assert.Contains($"Order {prepaid} converted to prepayment.", after, StringComparison.Ordinal);
        Assert.Contains("No held order matches the filters.", after, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/team/credit")]
    [InlineData("/team/credit/holds")]
    public async Task Anonymous_is_sent_to_sign_in(string url)
    {
        var response = await PageSession.NewClient(app).GetAsync(url);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/sign-in", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_is_sent_to_sign_in_from_the_customer_credit_panel()
    {
        var number = Http.Unique("C");
        await (await app.ClientAs("CreditManager")).CreateCustomer(number);

        var response = await PageSession.NewClient(app).GetAsync($"/team/customers/{number}/credit");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/sign-in", response.Headers.Location!.ToString(), StringComparison.Ordinal);
    }
}
