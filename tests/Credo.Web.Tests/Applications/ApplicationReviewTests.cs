using Credo.Domain.Applications;
using System.Net;
using Credo.Domain.Credit;
using Credo.Web.Data;
using Credo.Web.Features.Applications;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Applications;

/// <summary>People's work on referred cases through the API: assign, notes, information requests, approvals with four-eyes, overrides, declines, withdrawals.</summary>
public sealed class ApplicationReviewTests(WorkflowApp app) : IClassFixture<WorkflowApp>
{
    private static string Email() => Http.Unique("applicant") + "@acme.example";

    private async Task<string> Referred(string email, long? policyLimitMinor = 30_000_00, bool needsSecond = false)
    {
        app.Scripts.Script(email, DecisionOutcome.Refer, limitMinor: policyLimitMinor, riskClass: "medium", needsSecond: needsSecond, reasons: ["thin file"]);
        var reference = await app.Submit(email);
        Assert.Equal(ApplicationStatus.Referred, (await app.Application(reference)).Status);
        return reference;
    }

    [Fact]
    public async Task An_analyst_takes_a_case_notes_it_and_approves_it_within_the_policy_limit()
    {
        var email = Email();
        var reference = await Referred(email);
        var analyst = await app.ClientAs("CreditAnalyst", "ana");

        var assigned = await (await analyst.PostJson($"/api/applications/{reference}/assignment", new { })).Json();
        Assert.Equal("InReview", assigned.GetProperty("status").GetString());
        Assert.StartsWith("apikey:creditanalyst-ana", assigned.GetProperty("assignedTo").GetString(), StringComparison.Ordinal);
        (await analyst.PostJson($"/api/applications/{reference}/notes", new { text = "Spoke to their bank: good standing." })).EnsureSuccessStatusCode();

        var approved = await (await analyst.PostJson($"/api/applications/{reference}/approval", new { limit = 25_000m, terms = "NET60" })).Json();
        Assert.Equal("Approved", approved.GetProperty("status").GetString());
        var customerNumber = approved.GetProperty("customerNumber").GetString()!;
        var line = await (await analyst.GetAsync($"/api/credit-lines/customer/{customerNumber}")).Json();
        Assert.Equal(25_000m, line.GetProperty("limit").GetDecimal());
        Assert.Contains("approved by apikey:creditanalyst-ana", line.GetProperty("history")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        var kinds = (await app.Events(reference)).Select(e => e.Kind).ToList();
        Assert.Contains(EventKinds.Assigned, kinds);
        Assert.Contains(EventKinds.Note, kinds);
        Assert.Equal("application-approved", (await app.EmailsTo(email)).Single().Tag);

        // Decided: nothing more moves it.
        await (await analyst.PostJson($"/api/applications/{reference}/decline", new { reasons = new[] { "changed my mind" } })).AssertProblem(409, "transition-not-allowed");
    }

    [Fact]
    public async Task Approving_above_the_policy_limit_or_against_a_decline_needs_a_manager_override_with_a_reason()
    {
        var reference = await Referred(Email(), policyLimitMinor: 10_000_00);
        var analyst = await app.ClientAs("CreditAnalyst", "ana");
        var manager = await app.ClientAs("CreditManager", "max");

        await (await analyst.PostJson($"/api/applications/{reference}/approval", new { limit = 10_000.01m, terms = "NET30" })).AssertProblem(409, "override-required", "limit");
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostJson($"/api/applications/{reference}/override", new { outcome = "approve", reason = "x", limit = 12_000m })).StatusCode);
        await (await manager.PostJson($"/api/applications/{reference}/override", new { outcome = "approve", limit = 12_000m })).AssertProblem(400, "validation", "reason");

        var approved = await (await manager.PostJson($"/api/applications/{reference}/override", new { outcome = "approve", reason = "Parent company guarantee received", limit = 12_000m, terms = "NET30" })).Json();
        Assert.Equal("Approved", approved.GetProperty("status").GetString());
        var approval = approved.GetProperty("approvals")[0];
        Assert.True(approval.GetProperty("override").GetBoolean());
        Assert.Equal(("Parent company guarantee received", 12_000m), (approval.GetProperty("reason").GetString(), approval.GetProperty("limit").GetDecimal()));
        var overrideEvent = (await app.Events(reference)).Single(e => e.Kind == EventKinds.Override);
        Assert.Equal("Parent company guarantee received", overrideEvent.Text);

        // A policy decline, reopened by the applicant, is approved only by override.
        var declinedEmail = Email();
        app.Scripts.Script(declinedEmail, DecisionOutcome.Decline, reasons: ["judgment on file"]);
        var declined = await app.Submit(declinedEmail);
        await (await analyst.PostJson($"/api/applications/{declined}/approval", new { limit = 1_000m })).AssertProblem(409, "transition-not-allowed");
        var token = ApplicationWorkflowTests.TokenFrom((await app.EmailsTo(declinedEmail)).Single().TextBody, declined);
        Assert.True((await app.InScope(sp => sp.GetRequiredService<RequestHumanReview>().Request(declined, token, null, CancellationToken.None))).IsOk);
        await (await analyst.PostJson($"/api/applications/{declined}/approval", new { limit = 1_000m })).AssertProblem(409, "override-required");
        (await manager.PostJson($"/api/applications/{declined}/override", new { outcome = "approve", reason = "Judgment was settled; proof seen", limit = 1_000m })).EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task Four_eyes_two_different_people_approve_the_same_terms_and_the_second_is_a_manager()
    {
        var reference = await Referred(Email(), policyLimitMinor: 80_000_00, needsSecond: true);
        var ana = await app.ClientAs("CreditAnalyst", "ana");
        var ben = await app.ClientAs("CreditAnalyst", "ben");
        var max = await app.ClientAs("CreditManager", "max");
        var mia = await app.ClientAs("CreditManager", "mia");

        var first = await (await ana.PostJson($"/api/applications/{reference}/approval", new { limit = 80_000m, terms = "NET30" })).Json();
        Assert.Equal("Referred", first.GetProperty("status").GetString());
        Assert.False(first.GetProperty("pendingApproval").GetProperty("final").GetBoolean());
        Assert.Equal(EventKinds.FirstApproval, (await app.Events(reference)).Last().Kind);

        await (await ana.PostJson($"/api/applications/{reference}/approval", new { limit = 80_000m, terms = "NET30" })).AssertProblem(409, "second-approver-required");
        await (await ben.PostJson($"/api/applications/{reference}/approval", new { limit = 80_000m, terms = "NET30" })).AssertProblem(409, "second-approver-must-be-manager");
        await (await max.PostJson($"/api/applications/{reference}/approval", new { limit = 70_000m, terms = "NET30" })).AssertProblem(409, "approval-differs", "limit");
        Assert.Null((await app.Application(reference)).CustomerId);

        var second = await (await max.PostJson($"/api/applications/{reference}/approval", new { limit = 80_000m, terms = "NET30" })).Json();
        Assert.Equal("Approved", second.GetProperty("status").GetString());
        Assert.Equal(2, second.GetProperty("approvals").GetArrayLength());

        // The configured threshold (Applications:FourEyesAboveMinor = 1,000,000.00) applies even when the policy does not flag it;
        // and a manager who gave the first approval cannot give the second.
        var big = await Referred(Email(), policyLimitMinor: 2_000_000_00);
        var firstBig = await (await max.PostJson($"/api/applications/{big}/approval", new { limit = 1_500_000m, terms = "NET30" })).Json();
        Assert.Equal("Referred", firstBig.GetProperty("status").GetString());
        await (await max.PostJson($"/api/applications/{big}/approval", new { limit = 1_500_000m, terms = "NET30" })).AssertProblem(409, "second-approver-required");
        var done = await (await mia.PostJson($"/api/applications/{big}/approval", new { limit = 1_500_000m, terms = "NET30" })).Json();
        Assert.Equal("Approved", done.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_request_for_information_emails_a_resume_link_and_the_applicants_resubmission_assesses_again()
    {
        var email = Email();
        var reference = await Referred(email);
        var before = await app.Application(reference);
        var analyst = await app.ClientAs("CreditAnalyst", "ana");

        await (await analyst.PostJson($"/api/applications/{reference}/information-request", new { text = " " })).AssertProblem(400, "validation", "text");
        var waiting = await (await analyst.PostJson($"/api/applications/{reference}/information-request", new { text = "Your 2025 financial statements, please." })).Json();
        Assert.Equal("InReview", waiting.GetProperty("status").GetString());
        Assert.True(waiting.GetProperty("awaitingApplicant").GetBoolean());
        var mail = (await app.EmailsTo(email)).Single();
        Assert.Equal("application-info-requested", mail.Tag);
        Assert.Contains("Your 2025 financial statements, please.", mail.TextBody, StringComparison.Ordinal);
        var token = mail.TextBody.Split("/resume/")[1].Split('\n')[0].Trim();
        var after = await app.Application(reference);
        Assert.Equal(Credo.Web.Infrastructure.LinkSecrets.Hash(Uri.UnescapeDataString(token)), after.ResumeTokenHash);
        Assert.NotEqual(before.ResumeTokenHash, after.ResumeTokenHash);

        // The applicant re-submits through the form; the policy now approves.
        app.Scripts.Script(email, DecisionOutcome.Approve, limitMinor: 15_000_00);
        await app.Resubmitted(after.Id);
        Assert.Equal(ApplicationStatus.Approved, (await app.Application(reference)).Status);
        var statuses = (await app.Events(reference)).Where(e => e.ToStatus != null).Select(e => (e.Kind, e.ToStatus)).ToList();
        Assert.Contains((EventKinds.InfoRequested, ApplicationStatus.InReview), statuses);
        Assert.Contains((EventKinds.InfoProvided, ApplicationStatus.Assessing), statuses);
        Assert.Equal(2, app.Scripts.Decided[email]);
    }

    [Fact]
    public async Task An_answer_received_by_email_is_recorded_by_the_analyst_and_reassessed()
    {
        var email = Email();
        var reference = await Referred(email);
        var analyst = await app.ClientAs("CreditAnalyst", "ana");
        await (await analyst.PostJson($"/api/applications/{reference}/information-received", new { text = "x" })).AssertProblem(409, "no-information-requested");
        (await analyst.PostJson($"/api/applications/{reference}/information-request", new { text = "Bank reference" })).EnsureSuccessStatusCode();
        app.Scripts.Script(email, DecisionOutcome.Decline, reasons: ["bank reference negative"]);
        var declined = await (await analyst.PostJson($"/api/applications/{reference}/information-received", new { text = "Bank reference arrived by email" })).Json();
        Assert.Equal("Declined", declined.GetProperty("status").GetString());
        Assert.Equal("bank reference negative", declined.GetProperty("latestAssessment").GetProperty("reasons")[0].GetString());
    }

    [Fact]
    public async Task Reassess_refer_back_decline_and_withdraw()
    {
        var email = Email();
        var reference = await Referred(email);
        var analyst = await app.ClientAs("CreditAnalyst", "ana");
        var firstDecision = (await app.Application(reference)).LatestDecisionId;

        var reassessed = await (await analyst.PostJson($"/api/applications/{reference}/reassessment", new { })).Json();
        Assert.Equal("Referred", reassessed.GetProperty("status").GetString());
        Assert.NotEqual(firstDecision, reassessed.GetProperty("latestDecisionId").GetInt64());

        (await analyst.PostJson($"/api/applications/{reference}/assignment", new { assignee = "someone.else" })).EnsureSuccessStatusCode();
        var back = await (await analyst.PostJson($"/api/applications/{reference}/referral", new { text = "Needs a sector specialist" })).Json();
        Assert.Equal("Referred", back.GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, back.GetProperty("assignedTo").ValueKind);

        await (await analyst.PostJson($"/api/applications/{reference}/decline", new { reasons = Array.Empty<string>() })).AssertProblem(400, "validation", "reasons");
        var declined = await (await analyst.PostJson($"/api/applications/{reference}/decline", new { reasons = new[] { "Outside our sector appetite" } })).Json();
        Assert.Equal("Declined", declined.GetProperty("status").GetString());
        Assert.Contains("Outside our sector appetite", (await app.EmailsTo(email)).Single().TextBody, StringComparison.Ordinal);
        await (await analyst.PostJson($"/api/applications/{reference}/withdrawal", new { text = "asked by phone" })).AssertProblem(409, "transition-not-allowed");

        var other = await Referred(Email());
        await (await analyst.PostJson($"/api/applications/{other}/withdrawal", new { })).AssertProblem(400, "validation", "text");
        var withdrawn = await (await analyst.PostJson($"/api/applications/{other}/withdrawal", new { text = "The applicant called to withdraw." })).Json();
        Assert.Equal("Withdrawn", withdrawn.GetProperty("status").GetString());
        await (await analyst.PostJson($"/api/applications/{other}/approval", new { limit = 1m })).AssertProblem(409, "transition-not-allowed");
        await (await analyst.PostJson($"/api/applications/APP-none/approval", new { limit = 1m })).AssertProblem(404, "not-found");
    }

    [Fact]
    public async Task A_stale_version_is_refused()
    {
        var reference = await Referred(Email());
        var analyst = await app.ClientAs("CreditAnalyst", "ana");
        var version = (await app.Application(reference)).Version;
        (await analyst.PostJson($"/api/applications/{reference}/assignment", new { version })).EnsureSuccessStatusCode();
        await (await analyst.PostJson($"/api/applications/{reference}/decline", new { reasons = new[] { "x" }, version })).AssertProblem(409, "stale-version", "version");
    }

    [Fact]
    public async Task Two_concurrent_decisions_on_one_application_exactly_one_wins()
    {
        var analyst = await app.ClientAs("CreditAnalyst", "ana");
        var manager = await app.ClientAs("CreditManager", "max");
        for (var trial = 0; trial < 8; trial++)
        {
            var email = Email();
            var reference = await Referred(email);
            using var gate = new SemaphoreSlim(0);
            async Task<HttpResponseMessage> After(Func<Task<HttpResponseMessage>> send)
            {
                await gate.WaitAsync();
                return await send();
            }

            var approve = After(() => analyst.PostJson($"/api/applications/{reference}/approval", new { limit = 20_000m, terms = "NET30" }));
            var decline = After(() => manager.PostJson($"/api/applications/{reference}/decline", new { reasons = new[] { "no" } }));
            gate.Release(2);
            var responses = await Task.WhenAll(approve, decline);

            Assert.Equal(1, responses.Count(r => r.IsSuccessStatusCode));
            var loser = responses.Single(r => !r.IsSuccessStatusCode);
            var body = await loser.Content.ReadAsStringAsync();
            await loser.AssertProblem(409, body.Contains("application-changed", StringComparison.Ordinal) ? "application-changed" : "transition-not-allowed");
            var application = await app.Application(reference);
            var (customers, lines, approvals) = await app.InScope(async sp =>
            {
                var db = sp.GetRequiredService<CreditDb>();
                var ids = await db.Customers.Where(c => c.Email == email).Select(c => c.Id).ToListAsync();
                return (ids.Count, await db.CreditLines.CountAsync(l => l.Level == LimitLevel.Customer && ids.Contains(l.SubjectId)), await db.ApplicationApprovals.CountAsync(a => a.ApplicationId == application.Id));
            });
            var finals = (await app.Events(reference)).Count(e => e.ToStatus is ApplicationStatus.Approved or ApplicationStatus.Declined);
            Assert.Equal(1, finals);
            if (application.Status == ApplicationStatus.Approved)
            {
                Assert.Equal((1, 1, 1), (customers, lines, approvals));
            }
            else
            {
                Assert.Equal(ApplicationStatus.Declined, application.Status);
                Assert.Equal((0, 0, 0), (customers, lines, approvals));
            }

            Assert.Single(await app.EmailsTo(email));
        }
    }
}
