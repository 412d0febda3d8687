using Credo.Domain.Common;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.ApplicationForms;

/// <summary>
/// Checks the emailed code and marks the address verified. Every wrong code is an event; after
/// <c>Applications:MaxVerificationAttempts</c> wrong codes the application can no longer be verified by code.
/// </summary>
internal sealed class VerifyApplicantEmail(CreditDb db, ApplicantSecrets secrets, IOptions<ApplicationFormOptions> options)
{
    public const string FailedKind = "email-verify-failed";

    public async Task<Result<CreditApplication>> Verify(CreditApplication application, string? code, CancellationToken ct)
    {
        if (application.EmailVerifiedAtUtc is not null)
        {
            return application;
        }

        var failures = await db.ApplicationEvents.CountAsync(e => e.ApplicationId == application.Id && e.Kind == FailedKind, ct);
        if (failures >= options.Value.MaxVerificationAttempts)
        {
            return new Refusal("verification-locked", "Too many wrong codes. Start a new application to get a new code.", "code");
        }

        var now = db.UtcNow;
        if (!secrets.CodeMatches(application.ResumeTokenHash!, code))
        {
            db.ApplicationEvents.Add(new ApplicationEvent { ApplicationId = application.Id, AtUtc = now, Actor = "applicant", Kind = FailedKind });
            await db.SaveChangesAsync(ct);
            var left = options.Value.MaxVerificationAttempts - failures - 1;
            return new Refusal("wrong-code", $"That is not the code we emailed ({left} attempt(s) left).", "code");
        }

        application.EmailVerifiedAtUtc = now;
        application.UpdatedAtUtc = now;
        application.Version++;
        db.ApplicationEvents.Add(new ApplicationEvent { ApplicationId = application.Id, AtUtc = now, Actor = "applicant", Kind = "email-verified" });
        await db.SaveChangesAsync(ct);
        return application;
    }
}
