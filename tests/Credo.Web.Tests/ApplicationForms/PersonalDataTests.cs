using System.Net;
using Credo.Web.Data;
using Credo.Web.Features.ApplicationForms;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Credo.Web.Tests.ApplicationForms;

/// <summary>Owners' and guarantors' personal data: encrypted at rest, never logged, readable by the credit team with an audit row.</summary>
public sealed class PersonalDataTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task A_submission_never_logs_the_guarantor_and_the_database_holds_it_only_encrypted()
    {
        var logs = new CapturedLogs();
        await using var logged = app.WithWebHostBuilder(b =>
        {
            b.UseSetting("Logging:LogLevel:Default", "Trace");
            b.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore", "Trace");
            b.ConfigureLogging(l => l.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        });
        var applicant = await Applicant.Open(logged).Verified();
        Assert.Equal(HttpStatusCode.OK, (await applicant.Save(ApplicantAnswers.Complete())).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await applicant.Upload("a.pdf", ApplicantAnswers.Pdf())).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await applicant.Submit(ApplicantAnswers.Complete(), "Aidan Roe", consent: true)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await applicant.Client.GetAsync(applicant.FormUrl)).StatusCode);

        Assert.True(logs.Messages.Count > 50, $"only {logs.Messages.Count} log messages captured: the capture is not working");
        Assert.Contains(logs.Messages, m => m.Contains("UPDATE", StringComparison.OrdinalIgnoreCase) && m.Contains("credit_applications", StringComparison.Ordinal));
        foreach (var secret in new[] { ApplicantAnswers.GuarantorName, ApplicantAnswers.GuarantorBirthDate, "PPS-7731554Q", "4 Elm Rd" })
        {
            Assert.DoesNotContain(logs.Messages, m => m.Contains(secret, StringComparison.Ordinal));
        }

        // In the database: not in any column of the application, the audit trail or the outbox.
        var application = await applicant.Application();
        var everything = await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            var audit = await db.Audit.AsNoTracking().Select(a => a.BeforeJson + a.AfterJson).ToListAsync();
            var outbox = await db.Outbox.AsNoTracking().Select(m => m.PayloadJson).ToListAsync();
            var events = await db.ApplicationEvents.AsNoTracking().Select(e => e.Text).ToListAsync();
            return string.Join('\n', audit.Concat(outbox).Concat(events));
        });
        var row = System.Text.Json.JsonSerializer.Serialize(application);
        foreach (var secret in new[] { ApplicantAnswers.GuarantorName, ApplicantAnswers.GuarantorBirthDate, "PPS-7731554Q", "4 Elm Rd" })
        {
            Assert.DoesNotContain(secret, row, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }

        Assert.StartsWith("v1:", application.ProtectedAnswers, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_credit_team_reads_the_guarantor_and_each_read_is_audited()
    {
        var applicant = await Applicant.Open(app).Verified();
        await applicant.Upload("a.pdf", ApplicantAnswers.Pdf());
        Assert.Equal(HttpStatusCode.Redirect, (await applicant.Submit(ApplicantAnswers.Complete(), "Aidan Roe", consent: true)).StatusCode);
        var reference = (await applicant.Application()).Reference;

        var analyst = await app.ClientAs("CreditAnalyst");
        var data = await (await analyst.GetAsync($"/api/applications/{reference}/personal-data")).Json();
        var owner = data.GetProperty("owners")[0];
        Assert.Equal(ApplicantAnswers.GuarantorName, owner.GetProperty("name").GetString());
        Assert.Equal(ApplicantAnswers.GuarantorBirthDate, owner.GetProperty("dateOfBirth").GetString());
        Assert.Equal("Cork", owner.GetProperty("homeAddress").GetProperty("city").GetString());

        var reads = await app.InScope(sp => sp.GetRequiredService<CreditDb>().Audit.AsNoTracking()
            .Where(a => a.Action == ReadPersonalData.AuditAction && a.AfterJson!.Contains(reference)).ToListAsync());
        var read = Assert.Single(reads);
        Assert.StartsWith("apikey:test-creditanalyst", read.Actor, StringComparison.Ordinal);

        foreach (var role in new[] { "Viewer", "Collector" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientAs(role)).GetAsync($"/api/applications/{reference}/personal-data")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync($"/api/applications/{reference}/personal-data")).StatusCode);
        await (await analyst.GetAsync("/api/applications/APP-0000-NOPE/personal-data")).AssertProblem(404, "not-found");
    }

    [Fact]
    public async Task A_ciphertext_moved_to_another_application_does_not_decrypt()
    {
        var secrets = app.Services.GetRequiredService<ApplicantSecrets>();
        var sealedText = secrets.Protect("{\"owners\":[]}", "APP-2026-AAAAAAAA");
        Assert.Equal("{\"owners\":[]}", secrets.Unprotect(sealedText, "APP-2026-AAAAAAAA"));
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => secrets.Unprotect(sealedText, "APP-2026-BBBBBBBB"));
        await Task.CompletedTask;
    }
}
