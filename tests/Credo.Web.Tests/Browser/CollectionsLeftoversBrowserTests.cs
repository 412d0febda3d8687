using Credo.Web.Features.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Credo.Web.Tests.Browser;

/// <summary>Issue 14 §5 from the collector's page: send a statement, escalate; and the policy backtest page; screenshots kept.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CollectionsLeftoversBrowserTests(BrowserApp browser, ITestOutputHelper output)
{
    [Fact]
    public async Task A_collector_sends_a_statement_and_escalates_and_reads_the_policy_backtest()
    {
        var (email, password) = await browser.StaffUser("Collector");
        var number = await browser.Customer("Harbour Fish Ltd");
        var today = browser.App.Today;
        var invoice = "INV-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await browser.App.InScope(async sp =>
        {
            Assert.True((await sp.GetRequiredService<PostInvoice>().Handle(new PostInvoiceRequest(number, invoice, today.AddDays(-60), null, 800.00m, "USD"), CancellationToken.None)).IsOk);
            return 0;
        });

        var page = await browser.NewPage();
        await BrowserApp.SignIn(page, email, password);
        await page.GotoAsync($"/team/collections/customers/{number}");
        await page.GetByTestId("statement-form").GetByRole(AriaRole.Button).ClickAsync();
        await BrowserApp.OnFailureScreenshot(page, "collections-statement-failure.png", () => Expect(page.GetByTestId("collection-message")).ToHaveTextAsync("Statement sent."));
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync("Statement sent");

        var escalate = page.GetByTestId("escalate-form");
        await escalate.GetByLabel("Why").FillAsync("Third broken promise; needs a manager's call.");
        await escalate.GetByRole(AriaRole.Button, new() { Name = "Escalate" }).ClickAsync();
        await Expect(page.GetByTestId("collection-message")).ToHaveTextAsync("Escalated.");
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync("Third broken promise");
        output.WriteLine("Customer: " + await BrowserApp.Screenshot(page, "collections-escalated.png"));

        await page.GotoAsync("/team/collections/backtest");
        await BrowserApp.OnFailureScreenshot(page, "collections-backtest-failure.png", () => Expect(page.GetByTestId("backtest-versions")).ToContainTextAsync("Version 1"));
        output.WriteLine("Backtest: " + await BrowserApp.Screenshot(page, "collections-backtest.png"));
    }
}
