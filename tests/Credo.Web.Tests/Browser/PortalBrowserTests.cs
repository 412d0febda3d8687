using Credo.Web.Tests.Portal;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Credo.Web.Tests.Browser;

/// <summary>Issue 16: a buyer signs in to the portal and sees their limit, available credit and invoices, on a desktop and on a phone.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PortalBrowserTests(BrowserApp browser)
{
    [Fact]
    public async Task A_buyer_signs_in_and_sees_limit_available_credit_and_invoices_on_desktop_and_phone()
    {
        var world = await PortalHttp.World(browser.App, browser.BaseAddress);
        var page = await browser.NewPage();
        await page.SetViewportSizeAsync(1400, 1000); // the desktop width the docs' screenshots are taken at

        await page.GotoAsync("/portal");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/portal/sign-in"));
        await page.GetByLabel("Email").FillAsync(world.Email);
        await page.GetByLabel("Password").FillAsync(PortalWorld.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await BrowserApp.OnFailureScreenshot(page, "portal-home-failure.png", async () =>
        {
            await Expect(page.GetByTestId("credit-limit")).ToHaveTextAsync("5,000.00 USD");
            await Expect(page.GetByTestId("available-credit")).ToContainTextAsync("USD");
            await Expect(page.GetByTestId("overdue")).ToHaveTextAsync("1,200.00 USD");
            await Expect(page.GetByTestId("seller-name")).ToContainTextAsync("Test Wholesale Ltd");
        });
        await BrowserApp.Screenshot(page, "portal-home.png");

        await page.GetByRole(AriaRole.Link, new() { Name = "Invoices", Exact = true }).ClickAsync();
        await Expect(page.GetByTestId("invoices")).ToContainTextAsync(world.OpenInvoice);
        await BrowserApp.Screenshot(page, "portal-invoices.png");

        await page.GetByRole(AriaRole.Link, new() { Name = "Sign-in security", Exact = true }).ClickAsync();
        await Expect(page.Locator("main")).ToContainTextAsync("authenticator");
        await BrowserApp.Screenshot(page, "portal-security.png");

        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync("/portal");
        await Expect(page.GetByTestId("credit-limit")).ToBeVisibleAsync();
        await BrowserApp.Screenshot(page, "portal-home-phone.png");
        await page.GotoAsync("/portal/invoices");
        await BrowserApp.Screenshot(page, "portal-invoices-phone.png");
        await page.Context.CloseAsync();
    }
}
