using Credo.Domain.Applications;
using Credo.Web.Data;
using Credo.Web.Features.Applications;
using Credo.Web.Tests.Applications;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Credo.Web.Tests.Browser;

/// <summary>The workflow app (scripted evidence and policy) on a loopback Kestrel port, with Debian's Chromium.</summary>
public sealed class WorkflowBrowser : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public WorkflowApp Workflow { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    public Uri BaseAddress { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var chromium = BrowserApp.FindChromium();
        BaseAddress = Support.KestrelStart.Start(Workflow.Factory, Workflow.Log);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = chromium, Headless = true, Args = BrowserApp.ChromiumArgs });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await Workflow.DisposeAsync();
    }

    public async Task<IPage> NewPage()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseAddress.ToString().TrimEnd('/'), ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }
}

public sealed class ApplicationReviewBrowserTests(WorkflowBrowser browser, ITestOutputHelper output) : IClassFixture<WorkflowBrowser>
{
    [Fact]
    public async Task An_analyst_finds_a_referred_application_in_the_queue_and_approves_it()
    {
        var app = browser.Workflow;
        var email = Support.Http.Unique("applicant") + "@acme.example";
        app.Scripts.Script(email, DecisionOutcome.Refer, limitMinor: 30_000_00, terms: "NET30", riskClass: "medium", reasons: ["thin file: only two trade references"]);
        var reference = await app.Submit(email, """{"fields":[{"key":"employees","label":"Number of employees"}]}""");
        var (user, password) = await WorkflowPages.StaffUser(app, "CreditAnalyst");

        var page = await browser.NewPage();
        await BrowserApp.SignIn(page, user, password);
        await page.GotoAsync("/team/applications?status=Referred");
        await Expect(page.Locator("nav.app-nav a[aria-current=page]")).ToHaveTextAsync("Applications");
        output.WriteLine("Queue screenshot: " + await BrowserApp.Screenshot(page, "applications-queue.png"));
        await page.Locator($"[data-testid=applications] tr[data-reference='{reference}'] a").ClickAsync();

        await BrowserApp.OnFailureScreenshot(page, "application-failure.png", () => Expect(page.GetByTestId("application-status")).ToHaveTextAsync("Referred"));
        await Expect(page.GetByTestId("assessment-outcome")).ToHaveTextAsync("Refer");
        await Expect(page.GetByTestId("reasons")).ToContainTextAsync("thin file");
        await Expect(page.GetByTestId("fraud-signals")).ToContainTextAsync("similar-name");
        await Expect(page.GetByTestId("answers")).ToContainTextAsync("Number of employees");

        await page.GetByRole(AriaRole.Button, new() { Name = "Take for review" }).ClickAsync();
        await Expect(page.GetByTestId("application-status")).ToHaveTextAsync("In review");

        var approve = page.GetByRole(AriaRole.Form, new() { Name = "Approve" });
        await Expect(approve.GetByLabel("Limit (EUR)")).ToHaveValueAsync("30000");
        await approve.GetByLabel("Limit (EUR)").FillAsync("25000");
        await approve.GetByLabel("Terms").FillAsync("NET45");
        await approve.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();

        await BrowserApp.OnFailureScreenshot(page, "application-approve-failure.png", () => Expect(page.GetByTestId("application-status")).ToHaveTextAsync("Approved"));
        await Expect(page.GetByTestId("application-message")).ToContainTextAsync("approval recorded");
        await Expect(page.GetByTestId("approvals")).ToContainTextAsync("25,000.00 EUR on NET45 (final)");
        output.WriteLine("Application screenshot: " + await BrowserApp.Screenshot(page, "application-approved.png"));

        await page.GetByTestId("customer-link").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Acme Trading Ltd");
        var application = await app.Application(reference);
        Assert.Equal(ApplicationStatus.Approved, application.Status);
        Assert.Equal("application-approved", (await app.EmailsTo(email)).Single().Tag);
    }
}
