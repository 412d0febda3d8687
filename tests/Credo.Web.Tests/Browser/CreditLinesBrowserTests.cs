using Credo.Web.Data;
using Credo.Web.Features.Credit;
using Credo.Web.Features.Customers;
using Credo.Web.Features.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Credo.Web.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class CreditLinesBrowserTests(BrowserApp browser, ITestOutputHelper output)
{
    [Fact]
    public async Task A_group_limit_is_set_from_the_credit_page_form()
    {
        // Issue 12: the form had no antiforgery token, so every save answered a raw 400.
        var group = await browser.Group("Form Group " + Guid.NewGuid().ToString("N")[..6]);
        var (email, password) = await browser.StaffUser("CreditManager");
        var page = await browser.NewPage();
        await BrowserApp.SignIn(page, email, password);
        await page.GotoAsync("/team/credit");
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Set a credit line limit" });
        await form.GetByLabel("Level").SelectOptionAsync("group");
        await form.GetByLabel("Group code or segment").FillAsync(group);
        await form.GetByLabel("Limit", new() { Exact = true }).FillAsync("45000");
        await form.GetByLabel("Currency").FillAsync("USD");
        await form.GetByLabel("Reason").FillAsync("Group reviewed");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save limit" }).ClickAsync();
        await BrowserApp.OnFailureScreenshot(page, "credit-form-failure.png", () => Expect(page.GetByTestId("lines-done")).ToBeVisibleAsync());
        await Expect(page.Locator($"[data-testid=group-lines] tr[data-key='{group}']")).ToContainTextAsync("45,000.00");
    }

    [Fact]
    public async Task Credit_lines_page_charts_utilisation_and_the_customer_page_loads_its_credit_panel()
    {
        var marker = Guid.NewGuid().ToString("N")[..6];
        var north = await Segment("region", "north-" + marker, "North " + marker);
        var south = await Segment("region", "south-" + marker, "South " + marker);
        var harbour = await browser.Group("Harbour Holdings " + marker);
        var atlas = await browser.Group("Atlas Foods " + marker);
        var provisions = await browser.Customer("Harbour Provisions Ltd", groupCode: harbour, segments: [("region", north)]);
        var grocers = await browser.Customer("Atlas Grocers Ltd", groupCode: atlas, segments: [("region", south)]);

        await Line("portfolio", "portfolio", 1_000_000m);
        await Line("segment", "region:" + north, 50_000m);
        await Line("segment", "region:" + south, 80_000m);
        await Line("group", harbour, 60_000m);
        await Line("group", atlas, 30_000m);
        await Line("customer", provisions, 20_000m, increase: 5_000m, increaseUntil: browser.App.Today.AddDays(60), reviewOn: browser.App.Today.AddDays(180));
        await Check(provisions, 12_000m);
        await Check(grocers, 27_000m);
        var invoice = await browser.App.InScope(sp => sp.GetRequiredService<PostInvoice>().Handle(
            new PostInvoiceRequest(provisions, "INV-" + marker, browser.App.Today.AddDays(-10), null, 4_000m, "USD"), CancellationToken.None));
        Assert.True(invoice.IsOk, invoice.Error?.Message);

        var (email, password) = await browser.StaffUser("CreditManager");
        var page = await browser.NewPage();
        await BrowserApp.SignIn(page, email, password);
        await page.GotoAsync("/team/credit");
        var atlasRow = page.Locator($"[data-testid=group-lines] tr[data-key='{atlas}']");
        await BrowserApp.OnFailureScreenshot(page, "credit-lines-failure.png", () => Expect(atlasRow.GetByTestId("utilisation")).ToHaveAttributeAsync("data-percent", "90.0"));
        await Expect(page.Locator("nav.app-nav a[aria-current=page]")).ToHaveTextAsync("Credit lines");
        await page.WaitForFunctionAsync("() => window.Chart && Chart.getChart(document.getElementById('utilisation-chart'))");
        var bars = await page.EvaluateAsync<int>("() => Chart.getChart(document.getElementById('utilisation-chart')).data.labels.length");
        Assert.True(bars >= 4, $"expected at least 4 bars, got {bars}");
        output.WriteLine("Credit lines screenshot: " + await BrowserApp.Screenshot(page, "credit-lines.png"));

        await page.GotoAsync("/team/customers/" + provisions);
        var panel = page.GetByTestId("credit-panel");
        await BrowserApp.OnFailureScreenshot(page, "customer-credit-failure.png", () => Expect(panel.GetByTestId("credit-limit")).ToHaveTextAsync("20,000.00 USD"));
        await Expect(panel.GetByTestId("credit-available")).ToHaveTextAsync("9,000.00 USD"); // 20,000 + 5,000 - 12,000 - 4,000
        await Expect(panel.GetByTestId("credit-exposure")).ToContainTextAsync("Approved orders");

        // Change the limit from the panel (htmx swaps the panel; the history grows).
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Set the credit limit" });
        await panel.Locator("summary").ClickAsync();
        await form.GetByLabel("Limit", new() { Exact = true }).FillAsync("22000");
        await form.GetByLabel("Reason").FillAsync("Payment record improved");
        await form.GetByRole(AriaRole.Button, new() { Name = "Save limit" }).ClickAsync();
        await Expect(page.GetByTestId("credit-done")).ToContainTextAsync("22,000.00 USD");
        await Expect(page.GetByTestId("credit-history").Locator("tbody tr")).ToHaveCountAsync(2);
        await page.EvaluateAsync("() => window.scrollTo(0, 0)");
        output.WriteLine("Customer credit screenshot: " + await BrowserApp.Screenshot(page, "customer-credit.png"));

        // The hold queue: an order over the group's headroom waits there with its reason; filter by customer.
        var held = "ORD-" + marker;
        var answer = await browser.App.InScope(sp => sp.GetRequiredService<CheckCredit>().Handle(new CreditCheckRequest(grocers, held, 5_000m, "USD", null), CancellationToken.None));
        Assert.Equal("held", answer.Value!.Outcome);
        await page.GotoAsync("/team/credit/holds");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Customer", Exact = true }).FillAsync(grocers);
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        var row = page.Locator($"[data-testid=holds] tr[data-order='{held}']");
        await Expect(row).ToContainTextAsync("Limit exceeded");
        await Expect(page.GetByTestId("holds-count")).ToContainTextAsync("1 of");
        output.WriteLine("Hold queue screenshot: " + await BrowserApp.Screenshot(page, "credit-holds.png"));
        await row.GetByLabel("Reason for order " + held).FillAsync("Customer pays upfront");
        await row.GetByRole(AriaRole.Button, new() { Name = "Prepayment" }).ClickAsync();
        await Expect(page.GetByTestId("holds-message")).ToHaveTextAsync($"Order {held} converted to prepayment.");

        // More held orders than a page: "Show the next held orders" appends the next page in place (htmx), keeping
        // the filter, until every hold was shown once.
        var busy = await browser.Customer("Busy Traders Ltd");
        await Line("customer", busy, 10m);
        for (var i = 0; i < HoldQueue.DefaultPageSize + 3; i++)
        {
            var more = await browser.App.InScope(sp => sp.GetRequiredService<CheckCredit>().Handle(new CreditCheckRequest(busy, $"ORD-{marker}-{i:D3}", 100m, "USD", null), CancellationToken.None));
            Assert.Equal("held", more.Value!.Outcome);
        }

        await page.GotoAsync("/team/credit/holds?customer=" + busy);
        var rows = page.Locator("[data-testid=holds] tbody tr[data-order]");
        await Expect(rows).ToHaveCountAsync(HoldQueue.DefaultPageSize);
        await page.GetByTestId("holds-more").ClickAsync();
        await Expect(rows).ToHaveCountAsync(HoldQueue.DefaultPageSize + 3);
        await Expect(page.GetByTestId("holds-more")).ToHaveCountAsync(0);
        await Expect(rows.Last).ToHaveAttributeAsync("data-order", $"ORD-{marker}-{HoldQueue.DefaultPageSize + 2:D3}");
        await page.Context.CloseAsync();
    }

    private async Task<string> Segment(string dimension, string code, string name)
    {
        await browser.App.InScope(async sp => await Segments.CreateEndpoint(new SegmentRequest(dimension, code, name), sp.GetRequiredService<CreditDb>(), CancellationToken.None));
        return code;
    }

    private async Task Line(string level, string key, decimal limit, decimal? increase = null, DateOnly? increaseUntil = null, DateOnly? reviewOn = null)
    {
        var set = await browser.App.InScope(sp => sp.GetRequiredService<SetCreditLine>().Handle(
            level, key, new CreditLineRequest(limit, "USD", increase, increaseUntil, reviewOn, null, "Opening limit"), CancellationToken.None));
        Assert.True(set.IsOk, set.Error?.Message);
    }

    private async Task Check(string customer, decimal amount)
    {
        var answer = await browser.App.InScope(sp => sp.GetRequiredService<CheckCredit>().Handle(
            new CreditCheckRequest(customer, "ORD-" + Guid.NewGuid().ToString("N")[..8], amount, "USD", null), CancellationToken.None));
        Assert.True(answer.IsOk, answer.Error?.Message);
        Assert.Equal("approved", answer.Value!.Outcome);
    }
}
