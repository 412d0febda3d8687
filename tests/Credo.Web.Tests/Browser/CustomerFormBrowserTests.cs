using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Credo.Web.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class CustomerFormBrowserTests(BrowserApp browser)
{
    [Fact]
    public async Task A_credit_analyst_creates_a_customer_and_lands_on_its_profile()
    {
        var (email, password) = await browser.StaffUser("CreditAnalyst");
        var group = await browser.Group("Lakeside Group");
        var number = "C-" + Guid.NewGuid().ToString("N")[..8];
        var page = await browser.NewPage();
        await BrowserApp.SignIn(page, email, password);
        await page.GotoAsync("/team/customers");

        await page.GetByRole(AriaRole.Link, new() { Name = "New customer" }).ClickAsync();
        var form = page.GetByRole(AriaRole.Form, new() { Name = "Customer" });
        await form.GetByLabel("Customer number").FillAsync(number);
        await form.GetByLabel("Legal name").FillAsync("Lakeside Builders Merchants Ltd");
        await form.GetByLabel("Payment terms").FillAsync("soon");
        await form.GetByLabel("Corporate group").SelectOptionAsync(group);
        await form.GetByRole(AriaRole.Button, new() { Name = "Create customer" }).ClickAsync();

        await Expect(page.Locator("#customer-Terms-error")).ToContainTextAsync("is not a payment terms code");
        await BrowserApp.Screenshot(page, "customer-form-error.png");
        await form.GetByLabel("Payment terms").FillAsync("EOM+30");
        await form.GetByRole(AriaRole.Button, new() { Name = "Create customer" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/team/customers/" + number + "$"));
        await Expect(page.GetByTestId("customer-name")).ToHaveTextAsync("Lakeside Builders Merchants Ltd");
        await Expect(page.GetByTestId("ledger-done")).ToHaveTextAsync($"Customer {number} created.");
        await Expect(page.GetByTestId("group-path")).ToHaveTextAsync("Lakeside Group");
        await page.Context.CloseAsync();
    }
}
