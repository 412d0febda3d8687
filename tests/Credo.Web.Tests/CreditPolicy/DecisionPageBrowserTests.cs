using Credo.Web.Tests.Browser;
using Credo.Web.Tests.Pages;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Credo.Web.Tests.CreditPolicy;

/// <summary>The decision page in a real browser: reached from the nav, the trace shown, replayed with the button.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DecisionPageBrowserTests(BrowserApp browser, ITestOutputHelper output)
{
    [Fact]
    public async Task An_analyst_opens_a_decision_from_the_list_reads_the_trace_and_replays_it()
    {
        var decision = await browser.App.Decide(await browser.App.NewApplication(), DecisionPageTests.JudgmentsAndNoTaxCheck());
        var (email, password) = await browser.StaffUser("CreditAnalyst");
        var page = await browser.NewPage();
        await BrowserApp.SignIn(page, email, password);
        await page.GotoAsync("/team/decisions");
        await Expect(page.Locator("nav.app-nav a[aria-current=page]")).ToHaveTextAsync("Decisions");
        await page.Locator($"tr[data-decision='{decision.DecisionId}'] a").First.ClickAsync();

        await Expect(page.GetByTestId("decision-outcome")).ToHaveTextAsync("refer");
        await Expect(page.Locator("[data-rule='Invalid tax id'] tr[data-truth='undetermined']")).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-factor='paydex'] meter")).ToHaveAttributeAsync("value", "0");
        output.WriteLine("Decision page screenshot: " + await BrowserApp.Screenshot(page, "decision-page.png"));

        await page.GetByTestId("replay").ClickAsync();
        await BrowserApp.OnFailureScreenshot(page, "decision-replay-failure.png", () => Expect(page.GetByTestId("replay-result")).ToContainTextAsync("reproduced exactly"));
    }
}
