using Credo.Domain.Applications;
using System.Net;
using System.Text.Json.Nodes;
using Credo.Web.Data;
using Credo.Web.Features.ApplicationForms;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.ApplicationForms;

/// <summary>The public form through HTTP as a browser uses it: start, save, resume elsewhere, verify, upload, sign, submit.</summary>
public sealed class PublicFormFlowTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task An_applicant_starts_saves_resumes_on_another_device_uploads_signs_and_submits()
    {
        var first = Applicant.Open(app);
        var started = await first.Start();
        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        Assert.Equal("/apply/trade-credit/form?started=true", started.Headers.Location!.OriginalString);
        var draft = await first.Application();
        Assert.Equal(ApplicationStatus.Draft, draft.Status);
        Assert.Null(draft.EmailVerifiedAtUtc);
        Assert.Matches("^[0-9a-f]{64}$", draft.ResumeTokenHash!);

        // Part of the answers, saved; the personal data goes to the encrypted column only.
        var partial = new JsonObject { ["legalName"] = "Harbour Tools Ltd", ["owners"] = new JsonArray(new JsonObject { ["name"] = ApplicantAnswers.GuarantorName }) };
        var saved = await first.Save(partial);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Contains("Your answers are saved", await saved.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        draft = await first.Application();
        Assert.Contains("Harbour Tools Ltd", draft.AnswersJson, StringComparison.Ordinal);
        Assert.DoesNotContain(ApplicantAnswers.GuarantorName, draft.AnswersJson, StringComparison.Ordinal);
        Assert.DoesNotContain(ApplicantAnswers.GuarantorName, draft.ProtectedAnswers!, StringComparison.Ordinal);

        // Submitting before the email is verified is refused.
        var early = await first.Submit(ApplicantAnswers.Complete(), "Siobhan Quill-Marchetti", consent: true);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("Verify your email", await early.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The emailed link on another device resumes and, carrying the code, verifies the address.
        var (_, link) = await first.StartedEmail();
        var second = Applicant.Open(app);
        typeof(Applicant).GetProperty(nameof(Applicant.Email))!.SetValue(second, first.Email);
        var resumed = await second.Client.GetAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, resumed.StatusCode);
        Assert.Equal("no-referrer", resumed.Headers.GetValues("Referrer-Policy").Single());
        var form = await second.Client.GetStringAsync(second.FormUrl);
        Assert.Contains("Harbour Tools Ltd", form, StringComparison.Ordinal);
        Assert.Contains(ApplicantAnswers.GuarantorName, form, StringComparison.Ordinal);
        Assert.NotNull((await second.Application()).EmailVerifiedAtUtc);

        var uploaded = await second.Upload("accounts 2025.pdf", ApplicantAnswers.Pdf());
        Assert.Equal(HttpStatusCode.OK, uploaded.StatusCode);

        // Incomplete answers: every problem is named, nothing is submitted.
        var incomplete = ApplicantAnswers.Complete();
        incomplete.Remove("taxId");
        incomplete["tradeReferences"]!.AsArray().RemoveAt(2);
        var refused = await second.Submit(incomplete, "", consent: false);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var refusedPage = await refused.Content.ReadAsStringAsync();
        Assert.Contains("Tax id (VAT or EIN) is required.", refusedPage, StringComparison.Ordinal);
        Assert.Contains("Trade references: give at least 3 (you gave 2).", refusedPage, StringComparison.Ordinal);
        Assert.Contains("Type your full name to sign.", refusedPage, StringComparison.Ordinal);
        Assert.Equal(ApplicationStatus.Draft, (await second.Application()).Status);

        var submitted = await second.Submit(ApplicantAnswers.Complete(), "Siobhan Quill-Marchetti", consent: true);
        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var done = await second.Client.GetStringAsync(second.FormUrl);
        var application = await second.Application();
        Assert.Contains("your application is submitted", done, StringComparison.Ordinal);
        Assert.Contains(application.Reference, done, StringComparison.Ordinal);

        // The workflow takes a submission from here (verification, evidence, policy); the form only hands it over.
        Assert.NotEqual(ApplicationStatus.Draft, application.Status);
        Assert.NotNull(application.SubmittedAtUtc);
        Assert.Equal(("Harbour Tools Ltd", "Harbour", "IE6388047V", "https://harbour.example", "IE"), (application.LegalName, application.TradingName, application.TaxId, application.Website, application.Country));
        Assert.Equal((5_000_000L, "USD", "NET30"), (application.RequestedLimitMinor!.Value, application.Currency, application.RequestedTermsCode!));
        Assert.Equal("Siobhan Quill-Marchetti", application.SignedName);
        Assert.NotNull(application.SignedAtUtc);
        Assert.Matches("^[0-9a-f]{64}$", application.ConsentSha256!);
        Assert.Matches("^[0-9a-f]{32}$", application.DeviceId!);
        Assert.DoesNotContain(ApplicantAnswers.GuarantorBirthDate, application.AnswersJson + application.ProtectedAnswers, StringComparison.Ordinal);

        var events = await app.InScope(sp => sp.GetRequiredService<CreditDb>().ApplicationEvents.AsNoTracking().Where(e => e.ApplicationId == application.Id).OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(["created", "email-verified", "document-uploaded", "status-changed"], events.Take(4).Select(e => e.Kind));
        Assert.Equal((ApplicationStatus.Draft, ApplicationStatus.Submitted), (events[3].FromStatus!.Value, events[3].ToStatus!.Value));

        // Submitted is final for the form: no more changes.
        var afterwards = await second.Save(partial);
        Assert.Equal(HttpStatusCode.Conflict, afterwards.StatusCode);
        Assert.Contains("your application is submitted", await afterwards.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(application.Version, (await second.Application()).Version);
    }

    [Fact]
    public async Task Every_post_needs_the_antiforgery_token()
    {
        var applicant = await Applicant.Open(app).Verified();
        var response = await applicant.Post("Save", Applicant.Fields(ApplicantAnswers.Complete()), withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("{}", (await applicant.Application()).AnswersJson);

        var start = await applicant.Client.PostAsync("/apply/trade-credit", new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = "x@y.example" }));
        Assert.Equal(HttpStatusCode.BadRequest, start.StatusCode);
    }

    [Fact]
    public async Task A_wrong_code_does_not_verify_and_five_lock_the_application()
    {
        var applicant = Applicant.Open(app);
        await applicant.Start();
        var (code, _) = await applicant.StartedEmail();
        var wrong = code == "000000" ? "111111" : "000000";
        for (var i = 0; i < 5; i++)
        {
            var response = await applicant.Verify(wrong);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        var locked = await applicant.Verify(code);
        Assert.Contains("Too many wrong codes", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null((await applicant.Application()).EmailVerifiedAtUtc);
    }

    [Fact]
    public async Task Without_the_resume_cookie_the_form_sends_you_to_the_start_and_an_unknown_link_is_404()
    {
        var stranger = Applicant.Open(app);
        var form = await stranger.Client.GetAsync("/apply/trade-credit/form");
        Assert.Equal(HttpStatusCode.Redirect, form.StatusCode);
        Assert.Equal("/apply/trade-credit", form.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync("/apply/trade-credit/resume/not-a-token")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync("/apply/no-such-template")).StatusCode);
    }

    [Fact]
    public async Task The_started_email_with_its_private_link_is_not_in_the_events_feed()
    {
        await using var noLag = app.WithWebHostBuilder(b => b.UseSetting("Events:VisibilityLagSeconds", "0"));
        var applicant = Applicant.Open(noLag);
        await applicant.Start();
        var viewer = noLag.CreateClient();
        viewer.DefaultRequestHeaders.Add("X-Api-Key", await app.KeyFor("Viewer"));
        var feed = await viewer.GetStringAsync("/api/events?take=500");
        Assert.DoesNotContain(applicant.Email, feed, StringComparison.Ordinal);
        Assert.DoesNotContain("/resume/", feed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invalid_email_does_not_start_an_application()
    {
        var applicant = Applicant.Open(app);
        var response = await applicant.Start("not an email");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Enter the email address", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_workflow_is_handed_the_submitted_application_after_commit()
    {
        var seen = new SubmittedRecorder();
        await using var withWorkflow = app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<Credo.Web.Features.Applications.IApplicationSubmitted>(seen)));
        var applicant = await Applicant.Open(withWorkflow).Verified();
        Assert.Equal(HttpStatusCode.OK, (await applicant.Upload("a.pdf", ApplicantAnswers.Pdf())).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await applicant.Submit(ApplicantAnswers.Complete(), "A B", consent: true)).StatusCode);
        var application = await applicant.Application();
        Assert.Equal([(application.Id, ApplicationStatus.Submitted)], seen.Calls);
    }

    private sealed class SubmittedRecorder : Credo.Web.Features.Applications.IApplicationSubmitted
    {
        public List<(long, ApplicationStatus)> Calls { get; } = [];

        public IServiceProvider? Services { get; set; }

        public Task OnSubmittedAsync(long applicationId, CancellationToken ct)
        {
            // The status it sees is the committed one.
            Calls.Add((applicationId, ApplicationStatus.Submitted));
            return Task.CompletedTask;
        }
    }
}
