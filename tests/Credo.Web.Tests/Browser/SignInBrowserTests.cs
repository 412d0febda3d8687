using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Credo.Web.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class SignInBrowserTests(BrowserApp browser)
{
    [Fact]
    public async Task Wrong_password_shows_an_error_and_stays_on_sign_in()
    {
        var (email, _) = await browser.StaffUser("Collector");
        var page = await browser.NewPage();

        await BrowserApp.SignIn(page, email, "not-the-password-1");

        await Expect(page.GetByTestId("sign-in-error")).ToHaveTextAsync("Wrong email or password.");
        await BrowserApp.Screenshot(page, "sign-in-error.png");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/sign-in"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Right_password_lands_on_the_dashboard_with_the_user_shown()
    {
        var (email, password) = await browser.StaffUser("CreditManager");
        var page = await browser.NewPage();

        await BrowserApp.SignIn(page, email, password);

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/team$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("signed-in-user")).ToHaveTextAsync(email);
        await BrowserApp.Screenshot(page, "dashboard.png");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Return_url_is_followed_after_sign_in()
    {
        var (email, password) = await browser.StaffUser("Viewer");
        var page = await browser.NewPage();

        await page.GotoAsync("/team/customers");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/sign-in\\?ReturnUrl="));
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/team/customers$"));
        await page.Context.CloseAsync();
    }
}
