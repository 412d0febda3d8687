using Credo.Domain.Applications;
using System.Net;
using System.Text.Json;
using Credo.Domain.Credit;
using Credo.Web.Data;
using Credo.Web.Features.Applications;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Applications;

/// <summary>The automatic path after submission, with the evidence and policy slices scripted per application.</summary>
public sealed class ApplicationWorkflowTests(WorkflowApp app) : IClassFixture<WorkflowApp>
{
    private static string Email() => Http.Unique("applicant") + "@acme.example";

    [Fact]
    public async Task An_approval_within_the_automatic_limits_creates_the_customer_with_its_line_and_emails_the_applicant()
    {
        var email = Email();
        app.Scripts.Script(email, DecisionOutcome.Approve, limitMinor: 40_000_00, terms: "NET45", riskClass: "low");
        var reference = await app.Submit(email);

        var application = await app.Application(reference);
        Assert.Equal(ApplicationStatus.Approved, application.Status);
        Assert.NotNull(application.LatestDecisionId);
        Assert.NotNull(application.DecidedAtUtc);
        var today = await app.InScope(sp => Task.FromResult(sp.GetRequiredService<CreditDb>().Today()));
        var (customer, line) = await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            var c = await db.Customers.AsNoTracking().SingleAsync(x => x.Id == application.CustomerId);
            var l = await db.CreditLines.AsNoTracking().SingleAsync(x => x.Level == LimitLevel.Customer && x.SubjectId == c.Id);
            return (c, l);
        });
        Assert.StartsWith("Acme Trading Ltd", customer.LegalName);
        Assert.Equal(("Acme", "DE123456789", "https://acme.example", email), (customer.TradingName, customer.TaxId, customer.Website, customer.Email));
        Assert.Equal(("EUR", "NET45"), (customer.Currency, customer.TermsCode));
        Assert.Equal(("Hauptstr. 1", "Berlin", "10115", "DE"), (customer.BillingAddress.Line1, customer.BillingAddress.City, customer.BillingAddress.PostalCode, customer.BillingAddress.Country));
        Assert.Equal((40_000_00L, "EUR"), (line.LimitMinor!.Value, line.Currency));
        Assert.Equal(today.AddMonths(12), line.ReviewOn);

        var events = await app.Events(reference);
        Assert.Equal(
            [(ApplicationStatus.Submitted, ApplicationStatus.Verifying), (ApplicationStatus.Verifying, ApplicationStatus.Assessing), (ApplicationStatus.Assessing, ApplicationStatus.Approved)],
            events.Where(e => e.Kind == EventKinds.StatusChanged).Select(e => (e.FromStatus!.Value, e.ToStatus!.Value)));
        Assert.All(events, e => Assert.Equal("system", e.Actor));
        var mail = Assert.Single(await app.EmailsTo(email));
        Assert.Equal("application-approved", mail.Tag);
        Assert.Contains("40,000.00 EUR", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains(customer.Number, mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("NET45", mail.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_draft_the_form_hands_over_without_changing_its_status_is_submitted_first()
    {
        var email = Email();
        app.Scripts.Script(email, DecisionOutcome.Approve, limitMinor: 3_000_00);
        var reference = await app.Submit(email, status: ApplicationStatus.Draft);
        var application = await app.Application(reference);
        Assert.Equal(ApplicationStatus.Approved, application.Status);
        Assert.NotNull(application.SubmittedAtUtc);
        var first = (await app.Events(reference)).First();
        Assert.Equal((ApplicationStatus.Draft, ApplicationStatus.Submitted, "applicant"), (first.FromStatus!.Value, first.ToStatus!.Value, first.Actor));
    }

    [Fact]
    public async Task Running_again_on_a_decided_application_does_nothing()
    {
        var email = Email();
        app.Scripts.Script(email, DecisionOutcome.Approve, limitMinor: 10_000_00);
        var reference = await app.Submit(email);
        var before = await app.Events(reference);
        var application = await app.Application(reference);

        await app.Resubmitted(application.Id);
        await app.Resubmitted(application.Id);

        Assert.Equal(before.Count, (await app.Events(reference)).Count);
        Assert.Equal(1, app.Scripts.Decided[email]);
        Assert.Equal(application.Version, (await app.Application(reference)).Version);
        Assert.Single(await app.EmailsTo(email));
    }

    [Theory]
    [InlineData("high", 3)]
    [InlineData("medium", 6)]
    [InlineData(null, 3)]
    public async Task The_review_date_follows_the_risk_class_when_the_policy_sets_none(string? riskClass, int months)
    {
        var email = Email();
        app.Scripts.Script(email, DecisionOutcome.Approve, limitMinor: 5_000_00, riskClass: riskClass);
        var application = await app.Application(await app.Submit(email));
        var (reviewOn, today) = await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            return (await db.CreditLines.Where(l => l.Level == LimitLevel.Customer && l.SubjectId == application.CustomerId).Select(l => l.ReviewOn).SingleAsync(), db.Today());
        });
        Assert.Equal(today.AddMonths(months), reviewOn);
    }

    [Fact]
    public async Task The_policy_review_date_wins()
    {
        var email = Email();
        var on = new DateOnly(2031, 1, 15);
        app.Scripts.Script(email, DecisionOutcome.Approve, limitMinor: 5_000_00, riskClass: "high", reviewOn: on);
        var application = await app.Application(await app.Submit(email));
        var reviewOn = await app.InScope(sp => sp.GetRequiredService<CreditDb>().CreditLines.Where(l => l.Level == LimitLevel.Customer && l.SubjectId == application.CustomerId).Select(l => l.ReviewOn).SingleAsync());
        Assert.Equal(on, reviewOn);
    }

    [Fact]
    public async Task A_decline_stores_its_reasons_and_emails_them_with_a_link_to_ask_for_a_human_review()
    {
        var email = Email();
        app.Scripts.Script(email, DecisionOutcome.Decline, reasons: ["Trading for less than two years", "Bureau shows a judgment"]);
        var reference = await app.Submit(email);

        var application = await app.Application(reference);
        Assert.Equal(ApplicationStatus.Declined, application.Status);
        Assert.Null(application.CustomerId);
        Assert.Contains("Trading for less than two years", (await app.Events(reference)).Last().Text, StringComparison.Ordinal);
        var mail = Assert.Single(await app.EmailsTo(email));
        Assert.Equal("application-declined", mail.Tag);
        Assert.Contains("- Bureau shows a judgment", mail.TextBody, StringComparison.Ordinal);
        var token = TokenFrom(mail.TextBody, reference);

        // A wrong token is the same as no application; the right one moves it back to the queue, once.
        Assert.IsType<Credo.Domain.Common.NotFound>((await HumanReview(reference, "wrong", null)).Error);
        var requested = await HumanReview(reference, token, "We have traded since 2019 under another name.");
        Assert.True(requested.IsOk, requested.Error?.Message);
        Assert.Equal(ApplicationStatus.Referred, (await app.Application(reference)).Status);
        var ev = (await app.Events(reference)).Last();
        Assert.Equal((EventKinds.HumanReviewRequested, "applicant"), (ev.Kind, ev.Actor));
        Assert.Contains("since 2019", ev.Text, StringComparison.Ordinal);
        Assert.Equal("human-review-already-requested", (await HumanReview(reference, token, null)).Error!.Code);
    }

    [Fact]
    public async Task A_referral_or_a_four_eyes_approval_goes_to_the_queue_with_the_reason()
    {
        var referred = Email();
        var fourEyes = Email();
        var aboveThreshold = Email();
        app.Scripts.Script(referred, DecisionOutcome.Refer, reasons: ["missing fact: bureauScore"]);
        app.Scripts.Script(fourEyes, DecisionOutcome.Approve, limitMinor: 20_000_00, needsSecond: true);
        app.Scripts.Script(aboveThreshold, DecisionOutcome.Approve, limitMinor: 1_000_000_01);

        foreach (var (email, text) in new[] { (referred, "missing fact: bureauScore"), (fourEyes, "four-eyes"), (aboveThreshold, "four-eyes") })
        {
            var reference = await app.Submit(email);
            var application = await app.Application(reference);
            Assert.Equal(ApplicationStatus.Referred, application.Status);
            Assert.Null(application.CustomerId);
            Assert.Contains(text, (await app.Events(reference)).Last().Text, StringComparison.Ordinal);
            Assert.Empty(await app.EmailsTo(email));
        }
    }

    [Fact]
    public async Task Verification_waits_for_the_email_and_refers_missing_required_documents()
    {
        const string definition = """{"sections":[{"fields":[{"key":"financialStatements","label":"Financial statements","type":"file","required":true},{"key":"photo","type":"file"}]}]}""";
        var waiting = Email();
        app.Scripts.Script(waiting, DecisionOutcome.Approve, limitMinor: 1_000_00);
        var reference = await app.Submit(waiting, definition, emailVerified: false, documents: ["financialStatements"]);
        var application = await app.Application(reference);
        Assert.Equal(ApplicationStatus.Verifying, application.Status);
        Assert.Equal(EventKinds.AwaitingEmail, (await app.Events(reference)).Last().Kind);

        await app.InScope(sp => sp.GetRequiredService<CreditDb>().Applications.Where(a => a.Id == application.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.EmailVerifiedAtUtc, app.Now.UtcDateTime)));
        await app.Resubmitted(application.Id);
        Assert.Equal(ApplicationStatus.Approved, (await app.Application(reference)).Status);

        var missing = Email();
        var missingReference = await app.Submit(missing, definition);
        Assert.Equal(ApplicationStatus.Referred, (await app.Application(missingReference)).Status);
        Assert.Contains("financialStatements", (await app.Events(missingReference)).Last().Text, StringComparison.Ordinal);
        Assert.False(app.Scripts.Decided.ContainsKey(missing));
    }

    [Fact]
    public async Task The_application_page_data_carries_the_assessment_with_fraud_signals_facts_and_history()
    {
        var email = Email();
        app.Scripts.Script(email, DecisionOutcome.Refer, limitMinor: 7_500_00, riskClass: "medium", reasons: ["similar name to an existing customer"]);
        var reference = await app.Submit(email, """{"fields":[{"key":"employees","label":"Number of employees","type":"number"}]}""");
        var viewer = await app.ClientAs("Viewer");

        var details = await (await viewer.GetAsync($"/api/applications/{reference}")).Json();
        Assert.Equal("Referred", details.GetProperty("status").GetString());
        var assessment = details.GetProperty("latestAssessment");
        Assert.Equal(("Refer", "medium", 7500m), (assessment.GetProperty("outcome").GetString(), assessment.GetProperty("riskClass").GetString(), assessment.GetProperty("limit").GetDecimal()));
        Assert.Equal("similar-name", assessment.GetProperty("fraudSignals")[0].GetProperty("code").GetString());
        Assert.Equal("Raised", assessment.GetProperty("fraudSignals")[0].GetProperty("outcome").GetString());
        Assert.Equal(7m, assessment.GetProperty("facts").GetProperty("yearsInBusiness").GetDecimal());
        Assert.Equal(details.GetProperty("latestDecisionId").GetInt64(), assessment.GetProperty("decisionId").GetInt64());
        var answers = details.GetProperty("answers").EnumerateArray().ToList();
        Assert.Contains(answers, a => a.GetProperty("key").GetString() == "employees" && a.GetProperty("label").GetString() == "Number of employees" && a.GetProperty("value").GetString() == "12");
        Assert.Contains(details.GetProperty("events").EnumerateArray(), e => e.GetProperty("kind").GetString() == EventKinds.Assessed);
        Assert.Empty(details.GetProperty("availableActions").EnumerateArray());

        var list = await (await viewer.GetAsync("/api/applications?status=Referred")).Json();
        Assert.Contains(list.GetProperty("items").EnumerateArray(), r => r.GetProperty("reference").GetString() == reference);
        Assert.All(list.GetProperty("items").EnumerateArray(), r => Assert.Equal("Referred", r.GetProperty("status").GetString()));
        Assert.True(list.GetProperty("countsByStatus").GetProperty("Referred").GetInt32() >= 1);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/api/applications/APP-nope")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync($"/api/applications/{reference}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJson($"/api/applications/{reference}/notes", new { text = "hi" })).StatusCode);
    }

    [Fact]
    public async Task Assessments_and_approvals_are_append_only()
    {
        var email = Email();
        app.Scripts.Script(email, DecisionOutcome.Approve, limitMinor: 1_000_00);
        var application = await app.Application(await app.Submit(email));
        await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlAsync($"UPDATE application_assessments SET \"Outcome\" = 'Decline' WHERE \"ApplicationId\" = {application.Id}"));
            await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlAsync($"DELETE FROM application_approvals WHERE \"ApplicationId\" = {application.Id}"));
        });
    }

    private Task<Credo.Domain.Common.Result<CreditApplication>> HumanReview(string reference, string token, string? comment) =>
        app.InScope(sp => sp.GetRequiredService<RequestHumanReview>().Request(reference, token, comment, CancellationToken.None));

    internal static string TokenFrom(string body, string reference)
    {
        var marker = $"/applications/{reference}/human-review?token=";
        var start = body.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(start >= 0, body);
        var rest = body[(start + marker.Length)..];
        return Uri.UnescapeDataString(rest.Split('\n', '\r', ' ')[0]);
    }
}
