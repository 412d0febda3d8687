using Credo.Web.Data;
using Credo.Web.Features.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Credo.Web.Tests.Browser;

/// <summary>Issue 14 §5: the worklist with its risk class and reasons, at a desk (1400 px) and a phone (390 px) width; screenshots kept.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WorklistWidthBrowserTests(BrowserApp browser, ITestOutputHelper output)
{
    [Fact]
    public async Task The_worklist_shows_the_risk_class_and_the_reasons_at_1400_and_390_pixels()
    {
        var (email, password) = await browser.StaffUser("CreditManager");
        var number = await browser.Customer("Northwind Chandlers Ltd");
        var today = browser.App.Today;
        await browser.App.InScope(async sp =>
        {
            var invoice = "INV-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
            Assert.True((await sp.GetRequiredService<PostInvoice>().Handle(new PostInvoiceRequest(number, invoice, today.AddDays(-75), null, 4_800.00m, "USD"), CancellationToken.None)).IsOk);
            var db = sp.GetRequiredService<CreditDb>();
            var id = db.Customers.Where(c => c.Number == number).Select(c => c.Id).Single();
            db.PolicyDecisions.Add(new PolicyDecisionRecord
            {
                CustomerId = id, AsOf = today, Currency = "USD", FactsJson = "{}", ScorecardJson = "{}", RulesJson = "[]", Outcome = "Approve",
                RiskClass = "high", ReasonsJson = "[]", AtUtc = browser.App.Now.UtcDateTime, By = "test",
            });
            return await db.SaveChangesAsync();
        });

        var page = await browser.NewPage();
        await BrowserApp.SignIn(page, email, password);
        await page.SetViewportSizeAsync(1400, 1000);
        await page.GotoAsync("/team/collections?queue=all");
        var row = page.Locator($"tr[data-customer='{number}']");
        await BrowserApp.OnFailureScreenshot(page, "worklist-1400-failure.png", () => Expect(row).ToContainTextAsync("high risk"));
        await Expect(row).ToContainTextAsync("Risk class high at the latest credit decision");
        output.WriteLine("1400 px: " + await BrowserApp.Screenshot(page, "worklist-1400.png"));

        await page.SetViewportSizeAsync(390, 844);
        await page.ReloadAsync();
        await Expect(page.Locator($"tr[data-customer='{number}']")).ToContainTextAsync("high risk");
        var sideways = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1");
        output.WriteLine("390 px: " + await BrowserApp.Screenshot(page, "worklist-390.png"));
        Assert.False(sideways, "The worklist page scrolls sideways at 390 px (its table should scroll in its own box).");
    }
}
