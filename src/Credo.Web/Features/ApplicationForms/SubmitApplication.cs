using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Credo.Domain.Applications;
using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Features.Applications;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.ApplicationForms;

/// <param name="SignedName">The e-signature: the applicant types their name.</param>
/// <param name="Consented">The consent checkbox under the terms and consent text.</param>
/// <param name="DeviceId">The first-party device cookie id.</param>
internal sealed record SubmitRequest(JsonObject Answers, string? SignedName, bool Consented, string? Ip, string? DeviceId);

/// <summary>Answers that cannot be submitted yet: every problem by field path.</summary>
internal sealed record AnswersIncomplete(IReadOnlyList<FieldError> Errors)
    : DomainError("answers-incomplete", $"{Errors.Count} answer(s) need attention.", Errors[0].Path);

/// <summary>
/// Submits a draft: the email must be verified, every answer valid against the template version, the applicant
/// signs (typed name, consent, time, IP, SHA-256 of the terms and consent text). Fills the typed columns, sets
/// Submitted, records the event and queues the acknowledgement email in one save; then, once committed, hands the
/// application to the workflow (<see cref="IApplicationSubmitted"/>, when one is registered).
/// </summary>
internal sealed class SubmitApplication(CreditDb db, ApplicantSecrets secrets, IServiceProvider services, ILogger<SubmitApplication> log)
{
    public async Task<Result<CreditApplication>> Submit(ApplicantView view, SubmitRequest request, CancellationToken ct)
    {
        var application = view.Application;
        if (CanSubmit(view) is { } refused)
        {
            return refused;
        }

        var now = db.UtcNow;
        var definition = view.Definition;
        var signedName = request.SignedName?.Trim();
        var errors = Problems(view, request, signedName, now);

        // Whatever the outcome, keep what was typed.
        ApplicantDrafts.WriteAnswers(application, definition, request.Answers, secrets);
        if (errors.Count > 0)
        {
            application.UpdatedAtUtc = now;
            application.Version++;
            await db.SaveChangesAsync(ct);
            return new AnswersIncomplete(errors);
        }

        Sign(application, definition, request, signedName, now);
        var answeringRequest = application.Status == ApplicationStatus.InReview;
        application.UpdatedAtUtc = now;
        application.Version++;

        // An answer to an analyst's request for information (in review already): the workflow records it and re-assesses.
        if (!answeringRequest && MarkSubmitted(application, now) is { } notSubmittable)
        {
            return notSubmittable;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Refusal("stale-version", "The application was changed in another window. Reload it and try again.");
        }

        await HandOver(application.Id, ct);
        return application;
    }

    /// <summary>Refused when the application was submitted already or its email is not verified yet.</summary>
    private static Refusal? CanSubmit(ApplicantView view)
    {
        if (!view.Editable)
        {
            return new Refusal("application-submitted", $"Application {view.Application.Reference} has already been submitted.");
        }

        if (view.Application.EmailVerifiedAtUtc is null)
        {
            return new Refusal("email-not-verified", "Verify your email address with the code we sent before submitting.", "code");
        }

        return null;
    }

    /// <summary>Every problem with the answers (against the template version) and the signature, by field path.</summary>
    private static List<FieldError> Problems(ApplicantView view, SubmitRequest request, string? signedName, DateTime now)
    {
        var errors = Answers.Validate(view.Definition, request.Answers, ApplicantDrafts.DocumentCounts(view.Documents), DateOnly.FromDateTime(now)).ToList();
        if (string.IsNullOrEmpty(signedName) || signedName.Length > 200)
        {
            errors.Add(new FieldError("signature.name", "Type your full name to sign."));
        }

        if (!request.Consented)
        {
            errors.Add(new FieldError("signature.consent", "Tick the box to agree to the terms and give your consent."));
        }

        return errors;
    }

    /// <summary>Fills the typed columns from the answers and records the signature (name, time, IP, hash of what was agreed to).</summary>
    private static void Sign(CreditApplication application, TemplateDefinition definition, SubmitRequest request, string? signedName, DateTime now)
    {
        var columns = Answers.Columns(definition, request.Answers);
        application.LegalName = columns.LegalName;
        application.TradingName = columns.TradingName;
        application.TaxId = columns.TaxId;
        application.Website = columns.Website;
        application.Phone = columns.Phone;
        application.Country = columns.Country;
        application.RequestedLimitMinor = columns.RequestedLimit?.Minor;
        application.Currency = columns.RequestedLimit?.Currency.Code ?? definition.Currency;
        application.RequestedTermsCode = columns.RequestedTerms;
        application.SignedName = signedName;
        application.SignedAtUtc = now;
        application.SignedIp = request.Ip;
        application.ConsentSha256 = ConsentHash(definition);
        application.SubmitterIp = request.Ip;
        application.DeviceId = request.DeviceId;
    }

    /// <summary>The submit transition (through <see cref="ApplicationFlow"/>), its event and the acknowledgement email; null when done.</summary>
    private DomainError? MarkSubmitted(CreditApplication application, DateTime now)
    {
        var from = application.Status;
        var submitted = ApplicationFlow.Next(from, FlowAction.Submit, FlowActor.Applicant);
        if (!submitted.IsOk)
        {
            return submitted.Error!;
        }

        application.Status = submitted.Value;
        application.SubmittedAtUtc = now;
        db.ApplicationEvents.Add(new ApplicationEvent
        {
            ApplicationId = application.Id,
            AtUtc = now,
            Actor = "applicant",
            Kind = "status-changed",
            FromStatus = from,
            ToStatus = submitted.Value,
            Text = $"Submitted and signed; terms and consent SHA-256 {application.ConsentSha256}.",
        });
        db.QueueEmail(new OutboxEmail(
            application.ApplicantEmail,
            $"We received your credit application {application.Reference}",
            $"""
            Thank you. We received your credit application {application.Reference} on {now:yyyy-MM-dd HH:mm} UTC.

            We will email you when a decision has been made. Quote the reference if you contact us.
            """,
            "application-submitted"));
        return null;
    }

    /// <summary>The SHA-256 of exactly what the applicant agreed to: the terms, a blank line, the consent text.</summary>
    public static string ConsentHash(TemplateDefinition definition) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(definition.TermsText + "\n\n" + definition.ConsentText)));

    private async Task HandOver(long applicationId, CancellationToken ct)
    {
        if (services.GetService<IApplicationSubmitted>() is not { } workflow)
        {
            return;
        }

        try
        {
            await workflow.OnSubmittedAsync(applicationId, CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The submission is committed and stays Submitted; the workflow's queue picks it up from there.
            log.LogError(e, "The workflow failed to take submitted application {ApplicationId}", applicationId);
        }
    }
}
