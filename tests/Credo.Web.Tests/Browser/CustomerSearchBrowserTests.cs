using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Credo.Web.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class CustomerSearchBrowserTests(BrowserApp browser)
{
    [Fact]
    public async Task Typing_in_search_narrows_the_list_without_a_reload_and_opens_the_customer()
    {
        var (email, password) = await browser.StaffUser("CreditAnalyst");
        var marker = Guid.NewGuid().ToString("N")[..8];
        var wanted = await browser.Customer($"Zephyr Hardware {marker} Ltd");
        await browser.Customer($"Other Trading {marker} Ltd");
        var page = await browser.NewPage();
        await BrowserApp.SignIn(page, email, password);
        await page.GotoAsync("/team/customers");
        await page.EvaluateAsync("() => window.__noReload = true");

        await page.GetByLabel("Search").FillAsync("zephyr hardware " + marker);

        var results = page.GetByTestId("customer-results");
        await Expect(results.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(results).ToContainTextAsync(wanted);
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("q=zephyr"));
        Assert.True(await page.EvaluateAsync<bool>("() => window.__noReload === true"), "The search should swap the results, not reload the page.");

        await BrowserApp.Screenshot(page, "customer-list.png");
        await results.GetByRole(AriaRole.Link, new() { Name = wanted }).ClickAsync();
        await Expect(page.GetByTestId("customer-name")).ToHaveTextAsync($"Zephyr Hardware {marker} Ltd");

        await page.SetViewportSizeAsync(390, 844);
        await BrowserApp.Screenshot(page, "customer-page-mobile.png");
        await page.Context.CloseAsync();
    }
}
