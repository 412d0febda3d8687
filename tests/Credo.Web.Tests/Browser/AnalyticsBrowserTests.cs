using Credo.Web.Features.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Credo.Web.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class AnalyticsBrowserTests(BrowserApp browser, ITestOutputHelper output)
{
    [Fact]
    public async Task Analytics_page_charts_the_aging_and_drills_down_from_a_cell_to_its_items()
    {
        var marker = Guid.NewGuid().ToString("N")[..6];
        var group = await browser.Group("Aging Holdings " + marker);
        var late = await browser.Customer("Slow Payer Stores " + marker, groupCode: group);
        var prompt = await browser.Customer("Prompt Grocers " + marker, groupCode: group);
        var today = browser.App.Today;
        await Invoice(late, "INV-L1-" + marker, 4_000m, today.AddDays(-100), today.AddDays(-70));
        await Invoice(late, "INV-L2-" + marker, 1_500m, today.AddDays(-40), today.AddDays(-10));
        await Invoice(prompt, "INV-P1-" + marker, 2_000m, today.AddDays(-5), today.AddDays(25));

        var (email, password) = await browser.StaffUser("Viewer");
        var page = await browser.NewPage();
        await BrowserApp.SignIn(page, email, password);
        await page.GotoAsync($"/team/analytics?by=customer&group={group}");
        await Expect(page.Locator("nav.app-nav a[aria-current=page]")).ToHaveTextAsync("Analytics");
        var row = page.Locator($"[data-testid=aging-table] tr[data-subject='{late}']");
        await BrowserApp.OnFailureScreenshot(page, "analytics-failure.png", () => Expect(row).ToContainTextAsync("4,000.00"));
        await page.WaitForFunctionAsync("() => window.Chart && Chart.getChart(document.getElementById('aging-chart'))");
        var stacks = await page.EvaluateAsync<int>("() => Chart.getChart(document.getElementById('aging-chart')).data.datasets.length");
        Assert.Equal(6, stacks);
        await Expect(page.GetByTestId("top-overdue")).ToContainTextAsync("Slow Payer Stores " + marker);
        output.WriteLine("Analytics screenshot: " + await BrowserApp.Screenshot(page, "analytics.png"));

        // The 61–90 cell of the slow payer lists the one invoice behind it.
        await row.GetByRole(AriaRole.Link, new() { Name = "4,000.00" }).ClickAsync();
        await Expect(page.GetByTestId("aging-items")).ToContainTextAsync("INV-L1-" + marker);
        await Expect(page.Locator("h1")).ToContainTextAsync("61–90 days past due");
        output.WriteLine("Aging items screenshot: " + await BrowserApp.Screenshot(page, "analytics-items.png"));

        // The dashboard's analytics tiles.
        await page.GotoAsync("/team");
        await Expect(page.GetByTestId("overdue-reporting")).Not.ToHaveTextAsync("—");
        await Expect(page.GetByTestId("next-4-weeks").First).Not.ToHaveTextAsync("—"); // the 4,000.00 invoice is expected within 4 weeks
        await Expect(page.Locator("body")).Not.ToContainTextAsync("Coming next");
    }

    [Fact]
    public async Task Cash_outlook_shows_the_forecast_band_the_predictions_the_model_card_and_the_ECL_schedule()
    {
        var marker = Guid.NewGuid().ToString("N")[..6];
        var customer = await browser.Customer("Outlook Traders " + marker);
        var today = browser.App.Today; // issue 12 §6: the app's clock, not the machine's (fixes)
        await Invoice(customer, "INV-O1-" + marker, 3_000m, today.AddDays(-20), today.AddDays(10));
        await Invoice(customer, "INV-O2-" + marker, 1_200m, today.AddDays(-50), today.AddDays(-20));

        var (email, password) = await browser.StaffUser("Viewer");
        var page = await browser.NewPage();
        await BrowserApp.SignIn(page, email, password);
        await page.GotoAsync("/team/analytics");
        await page.GetByTestId("outlook-link").ClickAsync();
        await BrowserApp.OnFailureScreenshot(page, "outlook-failure.png", () => Expect(page.Locator("h1")).ToHaveTextAsync("Cash outlook"));
        await page.WaitForFunctionAsync("() => window.Chart && Chart.getChart(document.getElementById('forecast-chart'))");
        Assert.Equal(3, await page.EvaluateAsync<int>("() => Chart.getChart(document.getElementById('forecast-chart')).data.datasets.length"));
        await Expect(page.GetByTestId("forecast-table").Locator("tbody tr")).ToHaveCountAsync(13);
        await Expect(page.GetByTestId("tile-next-4-weeks")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("predictions-table")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("model-card")).ToContainTextAsync("late payment model");
        await Expect(page.GetByTestId("ecl-table")).ToContainTextAsync("Over 120");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("NaN");
        output.WriteLine("Cash outlook screenshot: " + await BrowserApp.Screenshot(page, "analytics-outlook.png"));

        await page.GetByTestId("tile-next-4-weeks").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#forecast-h$"));
    }

    private async Task Invoice(string customer, string number, decimal amount, DateOnly issued, DateOnly due)
    {
        var posted = await browser.App.InScope(sp => sp.GetRequiredService<PostInvoice>().Handle(
            new PostInvoiceRequest(customer, number, issued, due, amount, "USD"), CancellationToken.None));
        Assert.True(posted.IsOk, posted.Error?.Message);
    }
}
