using Credo.Web.Features.Collections;
using Credo.Web.Features.Ledger;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Credo.Web.Tests.Browser;

/// <summary>A collector's morning: the worklist, a call logged, a promise recorded, the next dunning preview leaving the promised invoices out, and a dispute opened from the worklist.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CollectionsBrowserTests(BrowserApp browser, ITestOutputHelper output)
{
    [Fact]
    public async Task A_collectors_morning_call_promise_and_the_next_run_leaves_the_promised_invoices_out()
    {
        var (email, password) = await browser.StaffUser("Collector");
        var number = await browser.Customer("Quayside Grocers Ltd");
        var today = browser.App.Today;
        var first = "INV-" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var second = first + "-B";
        await browser.App.InScope(async sp =>
        {
            var post = sp.GetRequiredService<PostInvoice>();
            Assert.True((await post.Handle(new PostInvoiceRequest(number, first, today.AddDays(-50), null, 1_000.00m, "USD"), CancellationToken.None)).IsOk);
            Assert.True((await post.Handle(new PostInvoiceRequest(number, second, today.AddDays(-45), null, 250.00m, "USD"), CancellationToken.None)).IsOk);
            var rule = await sp.GetRequiredService<AssignCollectors>().Set(new CollectorRuleRequest("customer", number, email), CancellationToken.None);
            Assert.True(rule.IsOk, rule.Error?.Message);
            return 0;
        });

        var page = await browser.NewPage();
        await BrowserApp.SignIn(page, email, password);
        await page.GotoAsync("/team/collections");
        var row = page.Locator($"[data-testid=worklist] tr[data-customer='{number}']");
        await BrowserApp.OnFailureScreenshot(page, "collections-worklist-failure.png", () => Expect(row).ToContainTextAsync("1,250.00 USD overdue on 2 items"));
        output.WriteLine("Worklist: " + await BrowserApp.Screenshot(page, "collections-worklist.png"));

        await row.GetByTestId("worklist-open").ClickAsync();
        var call = page.GetByTestId("call-form");
        await call.GetByLabel("Outcome").SelectOptionAsync(new SelectOptionValue { Label = "Reached: promised a date" });
        await call.GetByLabel("What was said (optional)").FillAsync("Pays both on Thursday.");
        await call.GetByRole(AriaRole.Button, new() { Name = "Log the call" }).ClickAsync();
        await Expect(page.GetByTestId("collection-message")).ToHaveTextAsync("Call logged.");
        await Expect(page.GetByTestId("timeline")).ToContainTextAsync("Call: Reached: promised a date");

        var promise = page.GetByTestId("promise-form");
        await promise.GetByLabel(first + ", 1,000.00 USD").CheckAsync();
        await promise.GetByLabel(second + ", 250.00 USD").CheckAsync();
        await promise.GetByLabel("Will pay by").FillAsync(today.AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await promise.GetByLabel("Amount").FillAsync("1250.00");
        await promise.GetByRole(AriaRole.Button, new() { Name = "Record the promise" }).ClickAsync();
        await BrowserApp.OnFailureScreenshot(page, "collections-promise-failure.png", () => Expect(page.GetByTestId("collection-message")).ToContainTextAsync("Promise recorded: 1,250.00 USD"));
        await Expect(page.GetByTestId("promises")).ToContainTextAsync("(open)");
        output.WriteLine("Customer: " + await BrowserApp.Screenshot(page, "collections-customer.png"));

        await page.GotoAsync("/team/collections/dunning");
        var left = page.Locator($"[data-testid=dunning-left-out] li[data-customer='{number}']");
        await Expect(left).ToContainTextAsync($"is promised to be paid by {today.AddDays(3):yyyy-MM-dd}");
        await Expect(page.Locator($"[data-testid=dunning-messages] tr[data-customer='{number}']")).ToHaveCountAsync(0);
        output.WriteLine("Dunning preview: " + await BrowserApp.Screenshot(page, "collections-dunning.png"));

        // Issue 14 §4: the customer then says 100.00 of the first invoice was damaged: a dispute case from the worklist.
        await page.GotoAsync("/team/collections");
        await page.Locator($"[data-testid=worklist] tr[data-customer='{number}']").GetByText("open a dispute").ClickAsync();
        var dispute = page.GetByTestId("dispute-form");
        await dispute.GetByLabel("Invoice").SelectOptionAsync(first);
        await dispute.GetByLabel("Why").SelectOptionAsync(new SelectOptionValue { Label = "Damaged goods" });
        await dispute.GetByLabel("Disputed amount").FillAsync("100.00");
        await dispute.GetByLabel("What the customer says").FillAsync("Two cases arrived crushed.");
        await dispute.GetByRole(AriaRole.Button, new() { Name = "Open the case" }).ClickAsync();
        await BrowserApp.OnFailureScreenshot(page, "collections-dispute-failure.png", () => Expect(page.GetByTestId("collection-message")).ToContainTextAsync("100.00 USD left out of reminders"));
        await page.GetByTestId("customer-cases").GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(page.GetByTestId("case-status")).ToHaveTextAsync("open");
        output.WriteLine("Case: " + await BrowserApp.Screenshot(page, "collections-case.png"));
        await page.GotoAsync("/team/collections/cases");
        await Expect(page.GetByTestId("cases")).ToContainTextAsync(first);
        output.WriteLine("Cases: " + await BrowserApp.Screenshot(page, "collections-cases.png"));
        await page.Context.CloseAsync();
    }
}
