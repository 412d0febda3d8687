using Credo.Web.Data;
using Credo.Web.Tests.Portal;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Credo.Web.Tests.Browser;

/// <summary>
/// Issue 16 §8, at phone size: a buyer signs in, sees limit and available credit, promises to pay an invoice, disputes it (the
/// collectors get the case), asks a question and downloads the statement PDF. Screenshots of each step
/// are kept under TestResults/screenshots.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PortalJourneyBrowserTests(BrowserApp browser)
{
    [Fact]
    public async Task A_buyer_on_a_phone_disputes_promises_asks_and_downloads_the_statement()
    {
        var world = await PortalHttp.World(browser.App, browser.BaseAddress, role: "pay");
        var page = await browser.NewPage();
        await page.SetViewportSizeAsync(390, 844);

        await page.GotoAsync("/portal");
        await page.GetByLabel("Email").FillAsync(world.Email);
        await page.GetByLabel("Password").FillAsync(PortalWorld.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await BrowserApp.OnFailureScreenshot(page, "journey-home-failure.png", async () =>
        {
            await Expect(page.GetByTestId("credit-limit")).ToHaveTextAsync("5,000.00 USD");
            await Expect(page.GetByTestId("available-credit")).ToContainTextAsync("USD");
        });
        await BrowserApp.Screenshot(page, "journey-1-home-phone.png");

        await page.GotoAsync("/portal/promises");
        await page.GetByLabel(world.OpenInvoice).CheckAsync();
        await page.GetByLabel("You will pay by").FillAsync(DateOnly.FromDateTime(browser.App.Now.UtcDateTime).AddDays(10).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Promise", Exact = true }).ClickAsync();
        await BrowserApp.OnFailureScreenshot(page, "journey-promise-failure.png", () => Expect(page.GetByTestId("promise-message")).ToContainTextAsync("1,200.00 USD"));
        await BrowserApp.Screenshot(page, "journey-2-promise-phone.png");

        await page.GotoAsync("/portal/disputes");
        await page.Locator("#invoice").SelectOptionAsync(world.OpenInvoice);
        await page.GetByLabel("Tell us what happened").FillAsync("Two pallets arrived damaged.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send the dispute" }).ClickAsync();
        await BrowserApp.OnFailureScreenshot(page, "journey-dispute-failure.png", () => Expect(page.GetByTestId("dispute-message")).ToContainTextAsync("is disputed"));
        await BrowserApp.Screenshot(page, "journey-3-dispute-phone.png");
        var cases = await browser.App.InScope(sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            return db.DisputeCases.CountAsync(c => db.Customers.Any(x => x.Id == c.CustomerId && x.Number == world.Customer));
        });
        Assert.Equal(1, cases); // the case the collectors work

        await page.GotoAsync("/portal/questions");
        await page.GetByLabel("Your question").FillAsync("Can we pay the rest in two parts?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send", Exact = true }).ClickAsync();
        await BrowserApp.OnFailureScreenshot(page, "journey-question-failure.png", () => Expect(page.GetByTestId("question-thread")).ToContainTextAsync("two parts"));
        await BrowserApp.Screenshot(page, "journey-4-question-phone.png");

        await page.GotoAsync("/portal/statement");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("statement-pdf").ClickAsync());
        var path = Path.Combine(BrowserApp.ScreenshotFolder, "journey-statement.pdf");
        await download.SaveAsAsync(path);
        Assert.Equal("%PDF", System.Text.Encoding.ASCII.GetString((await File.ReadAllBytesAsync(path))[..4]));
        await BrowserApp.Screenshot(page, "journey-5-statement-phone.png");
        await page.Context.CloseAsync();
    }
}
