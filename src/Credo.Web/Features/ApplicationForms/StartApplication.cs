using Credo.Domain.Applications;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;

namespace Credo.Web.Features.ApplicationForms;

/// <summary>The emailed links are made from the configured public base URL (<see cref="PublicLinks"/>), never a request's Host.</summary>
internal sealed record StartRequest(string TemplateKey, string? Email);

/// <param name="ResumeToken">The secret of the resume link: returned once, to go into the applicant's cookie and email.</param>
internal sealed record Started(CreditApplication Application, string ResumeToken);

/// <summary>
/// Opens a draft application for an email address on a published template. Side effects: one draft row, its
/// "created" event, and one email (resume link and verification code) in the outbox, in one save.
/// </summary>
internal sealed partial class StartApplication(CreditDb db, ApplicantSecrets secrets, PublicLinks links)
{
    public const string StartedEmailTag = "application-started";

    public async Task<Result<Started>> Start(StartRequest request, CancellationToken ct)
    {
        var email = request.Email?.Trim().ToLowerInvariant() ?? string.Empty;
        if (email.Length is 0 or > 254 || !EmailShape().IsMatch(email))
        {
            return new ValidationFailed("email", "Enter the email address we can reach you at.");
        }

        var template = await db.LivePublishedTemplate(request.TemplateKey, ct);
        if (template is null)
        {
            return new NotFound("Application form", request.TemplateKey);
        }

        var definition = template.Definition();
        var (token, hash) = LinkSecrets.New();
        var now = db.UtcNow;
        var application = new CreditApplication
        {
            Reference = NewReference(now),
            Kind = ApplicationKind.New,
            Status = ApplicationStatus.Draft,
            TemplateId = template.Id,
            ApplicantEmail = email,
            Currency = definition.Currency,
            ResumeTokenHash = hash,
            CreatedAtUtc = now,
            UpdatedAtUtc = now,
        };
        await using var transaction = await OwnedTransaction.Begin(db, ct);
        db.Applications.Add(application);
        await db.SaveChangesAsync(ct);

        db.ApplicationEvents.Add(new ApplicationEvent
        {
            ApplicationId = application.Id,
            AtUtc = now,
            Actor = "applicant",
            Kind = "created",
            ToStatus = ApplicationStatus.Draft,
            Text = $"Started on {template.Key} v{template.Version}.",
        });
        var resume = links.To($"/apply/{Uri.EscapeDataString(template.Key)}/resume/{token}");
        var code = secrets.VerificationCode(hash);
        db.QueueEmail(new OutboxEmail(
            email,
            $"Your credit application {application.Reference}",
            $"""
            Thank you for starting a credit application ({application.Reference}).

            Your email verification code is {code}.

            To verify this address and continue on any device, open:
            {resume}?code={code}

            Keep this link private: anyone with it can read and change your application until it is submitted.
            If you did not start an application, ignore this email.
            """,
            StartedEmailTag));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new Started(application, token);
    }

    /// <summary>APP-yyyy- and 8 characters from an unambiguous alphabet (40 bits): unique by index, not guessable in sequence.</summary>
    private static string NewReference(DateTime now) =>
        $"APP-{now.Year}-{RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 8)}";

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();
}
