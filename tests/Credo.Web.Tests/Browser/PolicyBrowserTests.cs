using Credo.Web.Tests.CreditPolicy;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Credo.Web.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class PolicyBrowserTests(BrowserApp browser, ITestOutputHelper output)
{
    [Fact]
    public async Task A_manager_starts_a_draft_backtests_it_with_a_chart_and_sees_validation_next_to_the_editor()
    {
        await browser.App.Decide(await browser.App.NewApplication(), PolicyDriver.GoodApplicant());
        var (email, password) = await browser.StaffUser("CreditManager");
        var page = await browser.NewPage();
        await BrowserApp.SignIn(page, email, password);
        await page.GotoAsync("/team/policies");
        await Expect(page.Locator("nav.app-nav a[aria-current=page]")).ToHaveTextAsync("Credit policy");
        await page.GetByPlaceholder("Name of the new draft").FillAsync("Browser draft");
        await page.GetByTestId("new-draft").ClickAsync();
        await Expect(page.GetByTestId("policy-status")).ToHaveTextAsync("Draft");

        await page.GetByTestId("run-backtest").ClickAsync();
        await BrowserApp.OnFailureScreenshot(page, "policy-backtest-failure.png", () => Expect(page.GetByTestId("backtest-applications")).ToBeVisibleAsync());
        await page.WaitForFunctionAsync("() => window.Chart && Chart.getChart(document.getElementById('backtest-chart'))");
        var bars = await page.EvaluateAsync<int>("() => Chart.getChart(document.getElementById('backtest-chart')).data.labels.length");
        Assert.Equal(4, bars);
        output.WriteLine("Policy backtest screenshot: " + await BrowserApp.Screenshot(page, "policy-backtest.png"));

        var editor = page.GetByLabel("Definition", new() { Exact = false });
        var text = await editor.InputValueAsync();
        await editor.FillAsync(text.Replace("\"bureauJudgments\"", "\"bureauJudgmentz\"", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "Validate" }).ClickAsync();
        await Expect(page.GetByTestId("policy-problems")).ToContainTextAsync("'bureauJudgmentz' is not a known fact");
        output.WriteLine("Policy validation screenshot: " + await BrowserApp.Screenshot(page, "policy-validation.png"));
    }
}
