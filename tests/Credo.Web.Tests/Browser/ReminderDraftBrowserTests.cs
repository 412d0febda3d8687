using Credo.Web.Features.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Credo.Web.Tests.Browser;

/// <summary>
/// Issue 14 §6 from the collector's page: the reminder draft from the level's template, opened from the customer's
/// collection page, refused by field when the subject is emptied (the edited text kept), then edited and sent, at a
/// laptop's 1,400 px and a phone's 390 px; screenshots kept.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ReminderDraftBrowserTests(BrowserApp browser, ITestOutputHelper output)
{
    [Theory]
    [InlineData(1400, 1000, "reminder-draft.png")]
    [InlineData(390, 844, "reminder-draft-phone.png")]
    public async Task A_collector_reads_edits_and_sends_a_drafted_reminder(int width, int height, string screenshot)
    {
        var (email, password) = await browser.StaffUser("Collector");
        var number = await browser.Customer("Harbour Fish Ltd");
        var today = browser.App.Today;
        var invoice = "INV-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await browser.App.InScope(async sp =>
        {
            Assert.True((await sp.GetRequiredService<PostInvoice>().Handle(new PostInvoiceRequest(number, invoice, today.AddDays(-40), null, 1_250.00m, "USD"), CancellationToken.None)).IsOk);
            return 0;
        });

        var page = await browser.NewPage();
        await page.SetViewportSizeAsync(width, height);
        await BrowserApp.SignIn(page, email, password);
        await page.GotoAsync($"/team/collections/customers/{number}");
        await page.GetByTestId("draft-reminder").ClickAsync();
        await BrowserApp.OnFailureScreenshot(page, "reminder-draft-failure.png", () => Expect(page.GetByTestId("reminder-facts")).ToContainTextAsync(invoice));
        await Expect(page.GetByTestId("reminder-template")).ToContainTextAsync("The level's template: first notice, in English.");
        await Expect(page.GetByLabel("Text", new() { Exact = true })).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(invoice));
        output.WriteLine("Draft: " + await BrowserApp.Screenshot(page, screenshot));
        Assert.False(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1"), "the draft page scrolls sideways");

        await page.GetByLabel("Subject", new() { Exact = true }).FillAsync("");
        await page.GetByLabel("Text", new() { Exact = true }).FillAsync("Dear Ciara, a kind word about invoice " + invoice + ".");
        await page.GetByTestId("reminder-send").ClickAsync();
        await Expect(page.GetByTestId("subject-error")).ToHaveTextAsync("A subject of at most 300 characters is needed.");
        await Expect(page.GetByLabel("Text", new() { Exact = true })).ToHaveValueAsync("Dear Ciara, a kind word about invoice " + invoice + ".");

        await page.GetByLabel("Subject", new() { Exact = true }).FillAsync("About invoice " + invoice);
        await page.GetByTestId("reminder-send").ClickAsync();
        await Expect(page.GetByTestId("collection-message")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Reminder sent by email to "));
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync("Reminder sent by hand");
    }
}
