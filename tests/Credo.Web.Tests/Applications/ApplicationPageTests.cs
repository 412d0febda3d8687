using Credo.Domain.Applications;
using System.Net;
using Credo.Web.Data;
using Credo.Web.Features.Applications;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.Applications;

/// <summary>The team pages (queue, application, reviews due) and the applicant's human-review page, without a browser.</summary>
public sealed class ApplicationPageTests(WorkflowApp app) : IClassFixture<WorkflowApp>
{
    private static string Email() => Http.Unique("applicant") + "@acme.example";

    [Fact]
    public async Task A_viewer_reads_the_queue_and_the_application_but_gets_no_decision_form_and_cannot_post()
    {
        var email = Email();
        app.Scripts.Script(email, DecisionOutcome.Refer, limitMinor: 9_000_00, riskClass: "medium", reasons: ["thin file"]);
        var reference = await app.Submit(email, """{"fields":[{"key":"employees","label":"Number of employees"}]}""");
        var session = await WorkflowPages.SignedIn(app, "Viewer");

        var queue = WebUtility.HtmlDecode(await session.Client.GetStringAsync("/team/applications"));
        Assert.Contains($"data-reference=\"{reference}\"", queue, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"status-counts\"", queue, StringComparison.Ordinal);

        var page = WebUtility.HtmlDecode(await session.Client.GetStringAsync($"/team/applications/{reference}"));
        Assert.Contains("Number of employees", page, StringComparison.Ordinal);
        Assert.Contains("thin file", page, StringComparison.Ordinal);
        Assert.Contains("similar-name", page, StringComparison.Ordinal);
        Assert.Contains("/team/decisions/", page, StringComparison.Ordinal);
        Assert.Contains($"/team/evidence/{reference}", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"decision-form\"", page, StringComparison.Ordinal);

        var posted = await session.PostForm($"/team/applications/{reference}?handler=Decline", new() { ["reasons"] = "no" }, tokenFrom: $"/team/applications/{reference}");
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.StartsWith("/account/denied", posted.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(ApplicationStatus.Referred, (await app.Application(reference)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await session.Client.GetAsync("/team/applications/APP-none")).StatusCode);
    }

    [Fact]
    public async Task An_analyst_declines_from_the_application_page_and_a_post_without_antiforgery_is_refused()
    {
        var email = Email();
        app.Scripts.Script(email, DecisionOutcome.Refer, reasons: ["thin file"]);
        var reference = await app.Submit(email);
        var session = await WorkflowPages.SignedIn(app, "CreditAnalyst");
        var url = $"/team/applications/{reference}";
        Assert.Contains("data-testid=\"decision-form\"", await session.Client.GetStringAsync(url), StringComparison.Ordinal);

        var forged = await session.Client.PostAsync(url + "?handler=Decline", new FormUrlEncodedContent(new Dictionary<string, string> { ["reasons"] = "x" }));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);

        var posted = await session.PostForm(url + "?handler=Decline", new() { ["reasons"] = "Outside our appetite\nNo trading history" }, tokenFrom: url);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Equal(ApplicationStatus.Declined, (await app.Application(reference)).Status);
        var page = WebUtility.HtmlDecode(await session.Client.GetStringAsync(url));
        Assert.Contains("declined.", page, StringComparison.Ordinal);
        Assert.Contains("Declined: Outside our appetite; No trading history", page, StringComparison.Ordinal);

        // The applicant follows the link in the email: a public page, antiforgery-protected, once.
        var token = ApplicationWorkflowTests.TokenFrom((await app.EmailsTo(email)).Single().TextBody, reference);
        var applicant = new Pages.PageSession(app.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        var reviewUrl = $"/applications/{reference}/human-review?token={Uri.EscapeDataString(token)}";
        Assert.Contains("Ask for a review", await applicant.Client.GetStringAsync(reviewUrl), StringComparison.Ordinal);
        var wrong = await applicant.PostForm($"/applications/{reference}/human-review", new() { ["token"] = "wrong" }, tokenFrom: reviewUrl);
        Assert.Equal(HttpStatusCode.NotFound, wrong.StatusCode);
        var asked = await applicant.PostForm($"/applications/{reference}/human-review", new() { ["token"] = token, ["comment"] = "Please look again" }, tokenFrom: reviewUrl);
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains("human-review-done", await asked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(ApplicationStatus.Referred, (await app.Application(reference)).Status);
        var again = await applicant.PostForm($"/applications/{reference}/human-review", new() { ["token"] = token }, tokenFrom: reviewUrl);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Reviews_due_page_starts_a_review_that_opens_its_application()
    {
        var email = Http.Unique("buyer") + "@kunde.example";
        var number = Http.Unique("CUS");
        var manager = await app.ClientAs("CreditManager", "max");
        (await manager.PostJson("/api/customers", new { number, legalName = "Kunde " + number, currency = "EUR", terms = "NET30", email })).EnsureSuccessStatusCode();
        (await manager.PutAsync($"/api/credit-lines/customer/{number}", System.Net.Http.Json.JsonContent.Create(new { limit = 3_000m, currency = "EUR", reviewOn = new DateOnly(2020, 1, 1), reason = "opening" }))).EnsureSuccessStatusCode();
        app.Scripts.Script(email, DecisionOutcome.Refer, reasons: ["review"]);

        var viewer = await WorkflowPages.SignedIn(app, "Viewer");
        var viewerPage = await viewer.Client.GetStringAsync("/team/applications/reviews-due");
        Assert.Contains($"data-customer=\"{number}\"", viewerPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Start review", viewerPage, StringComparison.Ordinal);

        var analyst = await WorkflowPages.SignedIn(app, "CreditAnalyst");
        var started = await analyst.PostForm("/team/applications/reviews-due?handler=Start", new() { ["customerNumber"] = number }, tokenFrom: "/team/applications/reviews-due");
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var location = started.Headers.Location!.OriginalString;
        Assert.StartsWith("/team/applications/REV-", location, StringComparison.Ordinal);
        var page = WebUtility.HtmlDecode(await analyst.Client.GetStringAsync(location));
        Assert.Contains("Review", page, StringComparison.Ordinal);
        Assert.Contains($"{location.Split('/').Last()} in progress", WebUtility.HtmlDecode(await analyst.Client.GetStringAsync("/team/applications/reviews-due")), StringComparison.Ordinal);
    }
}
