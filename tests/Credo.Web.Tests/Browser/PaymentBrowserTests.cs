using Credo.Web.Features.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Credo.Web.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class PaymentBrowserTests(BrowserApp browser, ITestOutputHelper output)
{
    [Fact]
    public async Task Recording_a_payment_against_an_invoice_lowers_its_open_amount_and_the_balance()
    {
        var (email, password) = await browser.StaffUser("Collector");
        var holding = await browser.Group("Harbour Holdings plc");
        var region = await browser.Group("Harbour Munster", holding);
        var number = await browser.Customer("Harbour Provisions Ltd", groupCode: region);
        await browser.Customer("Harbour Fresh Foods Ltd", groupCode: region);
        var invoice = "INV-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var issued = browser.App.Today.AddDays(-45);
        await Post(new PostInvoiceRequest(number, invoice, issued, null, 1_000.00m, "USD"));
        await Post(new PostInvoiceRequest(number, invoice + "-B", issued.AddDays(30), null, 250.00m, "USD"));

        var page = await browser.NewPage();
        await BrowserApp.SignIn(page, email, password);
        await page.GotoAsync("/team/customers/" + number);
        var invoiceRow = page.Locator($"[data-testid=open-items] tr[data-document='{invoice}']");
        await Expect(invoiceRow.GetByTestId("open-amount")).ToHaveTextAsync("1,000.00 USD");
        await Expect(page.GetByTestId("balance-open")).ToHaveTextAsync("1,250.00 USD");

        var form = page.GetByRole(AriaRole.Form, new() { Name = "Record a payment" });
        await form.GetByLabel("Reference").FillAsync("PAY-" + invoice);
        await form.GetByLabel("Amount").FillAsync("400.00");
        await form.GetByLabel("Apply to").SelectOptionAsync(invoice);
        await form.GetByRole(AriaRole.Button, new() { Name = "Record payment" }).ClickAsync();

        await BrowserApp.OnFailureScreenshot(page, "customer-page-failure.png", () => Expect(page.GetByTestId("ledger-done")).ToContainTextAsync("400.00 USD"));
        await Expect(invoiceRow.GetByTestId("open-amount")).ToHaveTextAsync("600.00 USD");
        await Expect(page.GetByTestId("balance-open")).ToHaveTextAsync("850.00 USD");
        await Expect(page.GetByTestId("statement-closing")).ToHaveTextAsync("850.00 USD");

        await Expect(page.GetByTestId("group-path")).ToHaveTextAsync("Harbour Holdings plc › Harbour Munster");
        await Expect(page.GetByTestId("group-tree")).ToContainTextAsync("Harbour Fresh Foods Ltd");
        var path = await BrowserApp.Screenshot(page, "customer-page.png");
        output.WriteLine("Customer page screenshot: " + path);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_payment_without_an_amount_shows_the_error_next_to_the_field()
    {
        var (email, password) = await browser.StaffUser("CreditManager");
        var number = await browser.Customer("Northern Lights Retail");
        var page = await browser.NewPage();
        await BrowserApp.SignIn(page, email, password);
        await page.GotoAsync("/team/customers/" + number);

        var form = page.GetByRole(AriaRole.Form, new() { Name = "Record a payment" });
        await form.GetByLabel("Reference").FillAsync("PAY-" + Guid.NewGuid().ToString("N")[..8]);
        await form.GetByRole(AriaRole.Button, new() { Name = "Record payment" }).ClickAsync();

        await Expect(page.GetByTestId("payment-amount-error")).ToBeVisibleAsync();
        await Expect(form.GetByLabel("Amount")).ToHaveAttributeAsync("aria-invalid", "true");
        await page.Context.CloseAsync();
    }

    private async Task Post(PostInvoiceRequest request)
    {
        var result = await browser.App.InScope(sp => sp.GetRequiredService<PostInvoice>().Handle(request, CancellationToken.None));
        Assert.True(result.IsOk, result.Error?.Message);
    }
}
