using Credo.Web.Features.CashApplication;
using Credo.Web.Features.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Credo.Web.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class CashApplicationBrowserTests(BrowserApp browser, ITestOutputHelper output)
{
    [Fact]
    public async Task A_collector_imports_a_statement_confirms_a_suggestion_and_splits_a_line()
    {
        var (email, password) = await browser.StaffUser("Collector");
        var name = "Lighthouse Provisions " + Guid.NewGuid().ToString("N")[..4].ToUpperInvariant();
        var customer = await browser.Customer(name);
        var first = "INV-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var second = first + "-B";
        var issued = browser.App.Today.AddDays(-20);
        await Post(new PostInvoiceRequest(customer, first, issued, null, 1_200.00m, "USD"));
        await Post(new PostInvoiceRequest(customer, second, issued, null, 345.60m, "USD"));
        var third = first + "-C";
        await Post(new PostInvoiceRequest(customer, third, issued, null, 50.00m, "USD"));
        var iban = "GB" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999) + "000000";
        var today = browser.App.Today;
        var xml = Camt053Writer.Write(iban, "USD", "STMT-" + Guid.NewGuid().ToString("N")[..6], 1, today, 5_000_00,
        [
            new(today, 1_200_00, name.ToUpperInvariant(), null, "Payment " + first, "REF" + Guid.NewGuid().ToString("N")[..8]),
            new(today, 345_60, name.ToUpperInvariant(), null, "Supplier payment", "REF" + Guid.NewGuid().ToString("N")[..8]),
            new(today, 99_99, "A STRANGER", null, "deposit", "REF" + Guid.NewGuid().ToString("N")[..8]),
        ]);
        var file = Path.Combine(Path.GetTempPath(), $"camt053-{Guid.NewGuid():N}.xml");
        await File.WriteAllTextAsync(file, xml);

        var page = await browser.NewPage();
        await BrowserApp.SignIn(page, email, password);
        await page.GotoAsync("/team/cash-application");
        await page.GetByLabel("Statement file").SetInputFilesAsync(file);
        await page.GetByLabel("Your bank account, if it is new").FillAsync(iban);
        await page.GetByRole(AriaRole.Button, new() { Name = "Import and match" }).ClickAsync();
        await BrowserApp.OnFailureScreenshot(page, "cash-application-failure.png", () =>
            Expect(page.GetByTestId("cash-message")).ToContainTextAsync("Imported 3 of 3 lines: 1 applied, 1 suggested, 1 unmatched"));

        await page.GetByTestId("statements").GetByRole(AriaRole.Link).First.ClickAsync();
        // The title names the statement in words: its number, its date and the account, not an internal id.
        await Expect(page.GetByTestId("statement-title")).ToContainTextAsync(", account " + string.Join(' ', iban.Chunk(4).Select(c => new string(c))));
        var suggested = page.GetByTestId("lines-suggested");
        await Expect(suggested).ToContainTextAsync(second);
        await Expect(suggested).ToContainTextAsync("payer name");
        output.WriteLine("Statement screenshot: " + await BrowserApp.Screenshot(page, "cash-application-statement.png"));

        await suggested.GetByRole(AriaRole.Button, new() { Name = "Confirm" }).ClickAsync();
        await Expect(page.GetByTestId("cash-message")).ToContainTextAsync("Confirmed");
        await Expect(page.GetByTestId("lines-applied")).ToContainTextAsync(second);
        await Expect(page.GetByTestId("lines-suggested")).ToHaveCountAsync(0);
        output.WriteLine("After confirming: " + await BrowserApp.Screenshot(page, "cash-application-confirmed.png"));

        // The stranger's deposit is the customer's after all: 50.00 to the third invoice, the rest on account.
        var unmatched = page.GetByTestId("lines-unmatched");
        await unmatched.GetByText("Split over invoices").ClickAsync();
        await unmatched.GetByLabel("Customer number").FillAsync(customer);
        await unmatched.GetByLabel("Invoice 1", new() { Exact = true }).FillAsync(third);
        await unmatched.GetByLabel("Amount 1 (USD)").FillAsync("50.00");
        output.WriteLine("Split form: " + await BrowserApp.Screenshot(page, "cash-application-split-form.png"));
        await unmatched.GetByRole(AriaRole.Button, new() { Name = "Apply split" }).ClickAsync();
        await Expect(page.GetByTestId("cash-message")).ToContainTextAsync("split over the invoices");
        await Expect(page.GetByTestId("lines-applied")).ToContainTextAsync(third);
        await Expect(page.GetByTestId("lines-applied")).ToContainTextAsync("On account: 49.99 USD");
        await Expect(page.GetByTestId("lines-unmatched")).ToHaveCountAsync(0);
        output.WriteLine("After splitting: " + await BrowserApp.Screenshot(page, "cash-application-split.png"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_collector_pastes_a_remittance_advice_that_arrived_before_its_money_and_sees_it_kept()
    {
        var (email, password) = await browser.StaffUser("Collector");
        var customer = await browser.Customer("Harbor Supply " + Guid.NewGuid().ToString("N")[..4].ToUpperInvariant());
        var first = "INV-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var second = first + "-B";
        var issued = browser.App.Today.AddDays(-10);
        await Post(new PostInvoiceRequest(customer, first, issued, null, 4_321.09m, "USD"));
        await Post(new PostInvoiceRequest(customer, second, issued, null, 78.90m, "USD"));

        var page = await browser.NewPage();
        await BrowserApp.SignIn(page, email, password);
        await page.GotoAsync("/team/cash-application");
        await page.GetByTestId("advices-link").ClickAsync();
        await page.GetByLabel("The advice's text").FillAsync($"Dear accounts team,\nwe are paying today:\n{first}   4,321.09\n{second}      78.90\nTotal 4,399.99 USD\nKind regards");
        var currency = page.Locator("#advice-currency");
        if (await currency.EvaluateAsync<string>("e => e.tagName") == "INPUT")
        {
            await currency.FillAsync("USD");
        }
        else
        {
            await currency.SelectOptionAsync("USD");
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Read and match" }).ClickAsync();
        await BrowserApp.OnFailureScreenshot(page, "cash-application-advice-failure.png", () =>
            Expect(page.GetByTestId("advice-happened")).ToContainTextAsync("the advice is kept"));
        await Expect(page.GetByTestId("advice-said")).ToContainTextAsync($"names {first} (4,321.09 USD), {second} (78.90 USD), 4,399.99 USD in all");
        await Expect(page.GetByTestId("advices-waiting")).ToContainTextAsync(first);
        output.WriteLine("Advice page: " + await BrowserApp.Screenshot(page, "cash-application-advice.png"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Read and match" }).ClickAsync();
        await Expect(page.GetByTestId("advice-text-error")).ToContainTextAsync("Paste the advice's text");
        output.WriteLine("Advice page, an error: " + await BrowserApp.Screenshot(page, "cash-application-advice-error.png"));
        await page.Context.CloseAsync();
    }

    private async Task Post(PostInvoiceRequest request)
    {
        var result = await browser.App.InScope(sp => sp.GetRequiredService<PostInvoice>().Handle(request, CancellationToken.None));
        Assert.True(result.IsOk, result.Error?.Message);
    }
}
