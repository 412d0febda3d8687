using System.Security.Claims;
using Credo.Domain.Applications;
using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Applications;

/// <summary>Settings under <c>Applications</c>.</summary>
internal sealed class ApplicationOptions
{
    /// <summary>Four-eyes: an approved limit above this many minor units (application currency) needs two approvers. Null: only when the policy says so.</summary>
    public long? FourEyesAboveMinor { get; set; }

    /// <summary>Months to the next review by risk class, when the policy sets no date. An unknown class gets the shortest.</summary>
    public Dictionary<string, int> ReviewMonthsByRiskClass { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Prefix for links in emails to applicants (e.g. https://credit.example.com); empty gives site-relative links.</summary>
    public string PublicBaseUrl { get; set; } = string.Empty;

    /// <summary>Where an applicant resumes the form to answer a request for information; {templateKey} and {token} (the resume secret) are filled in.</summary>
    public string ResumeLinkTemplate { get; set; } = "/apply/{templateKey}/resume/{token}";

    public IReadOnlyDictionary<string, int> ReviewMonths() =>
        ReviewMonthsByRiskClass.Count > 0
            ? ReviewMonthsByRiskClass
            : new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { ["high"] = 3, ["medium"] = 6, ["low"] = 12 };

    public string Link(string path) => PublicBaseUrl.TrimEnd('/') + path;
}

/// <summary>Who is acting on an application: their role in the workflow and the name recorded in its history.</summary>
internal sealed record WorkflowActor(FlowActor Role, string Name)
{
    public static WorkflowActor System { get; } = new(FlowActor.System, "system");

    public static WorkflowActor Applicant { get; } = new(FlowActor.Applicant, "applicant");

    /// <summary>The team member's workflow role: managers (and admins) above analysts; null for anyone else.</summary>
    public static WorkflowActor? From(ClaimsPrincipal user, string name) =>
        user.IsInRole(Roles.Admin) || user.IsInRole(Roles.CreditManager) ? new(FlowActor.Manager, name)
        : user.IsInRole(Roles.CreditAnalyst) ? new(FlowActor.Analyst, name)
        : null;
}

/// <summary>Event kinds written to <see cref="ApplicationEvent.Kind"/> by the workflow.</summary>
internal static class EventKinds
{
    public const string StatusChanged = "status-changed";
    public const string Note = "note";
    public const string Assigned = "assigned";
    public const string InfoRequested = "info-requested";
    public const string InfoProvided = "info-provided";
    public const string Override = "override";
    public const string Assessed = "assessed";
    public const string FirstApproval = "first-approval";
    public const string HumanReviewRequested = "human-review-requested";
    public const string AwaitingEmail = "awaiting-email";
    public const string Opened = "opened";
}

/// <summary>
/// The mechanics every workflow use case shares: move an application through <see cref="ApplicationFlow"/> (status,
/// version, event), record events, and save with the version as the guard against double transitions.
/// </summary>
internal static class ApplicationWorkflow
{
    /// <summary>Applies the pure transition rules; on success the status, version and an event are staged (not saved).</summary>
    public static DomainError? Move(this CreditDb db, CreditApplication application, FlowAction action, WorkflowActor actor, string? text, string kind = EventKinds.StatusChanged)
    {
        var next = ApplicationFlow.Next(application.Status, action, actor.Role);
        if (!next.IsOk)
        {
            return next.Error;
        }

        var from = application.Status;
        application.Status = next.Value;
        db.Touch(application);
        db.ApplicationEvents.Add(new ApplicationEvent
        {
            ApplicationId = application.Id,
            AtUtc = db.UtcNow,
            Actor = actor.Name,
            Kind = kind,
            FromStatus = from,
            ToStatus = application.Status,
            Text = Cut(text),
        });
        return null;
    }

    /// <summary>Records an event that changes no status (note, assignment, request for information...).</summary>
    public static void Record(this CreditDb db, CreditApplication application, WorkflowActor actor, string kind, string? text) =>
        db.ApplicationEvents.Add(new ApplicationEvent
        {
            ApplicationId = application.Id,
            AtUtc = db.UtcNow,
            Actor = actor.Name,
            Kind = kind,
            Text = Cut(text),
        });

    /// <summary>Bumps the concurrency token: whoever saved the same version first wins.</summary>
    public static void Touch(this CreditDb db, CreditApplication application)
    {
        application.Version++;
        application.UpdatedAtUtc = db.UtcNow;
    }

    /// <summary>Saves; a concurrent change to the same application (its version moved) is a refusal, not an exception.</summary>
    public static async Task<DomainError?> SaveGuarded(this CreditDb db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            return Changed;
        }
    }

    public static Refusal Changed { get; } = new("application-changed", "The application was changed by someone else at the same time. Reload and retry.", "version");

    /// <summary>The version the caller saw, if it sent one, must still be current.</summary>
    public static DomainError? CheckVersion(CreditApplication application, int? seen) =>
        seen is { } v && v != application.Version
            ? new Refusal("stale-version", $"The application changed since you loaded it (version {application.Version}, yours {v}). Reload and retry.", "version")
            : null;

    public static Task<CreditApplication?> FindApplication(this CreditDb db, string reference, CancellationToken ct) =>
        db.Applications.SingleOrDefaultAsync(a => a.Reference == reference, ct);

    /// <summary>A new applicant secret (for a resume or human-review link); only its SHA-256 is stored.</summary>
    public static string NewLinkSecret(CreditApplication application)
    {
        var (secret, hash) = LinkSecrets.New();
        application.ResumeTokenHash = hash;
        return secret;
    }

    public static bool SecretMatches(CreditApplication application, string? secret) =>
        !string.IsNullOrEmpty(secret) && application.ResumeTokenHash is { } stored && LinkSecrets.Matches(secret, stored);

    /// <summary>True while the latest request for information has not been answered.</summary>
    public static async Task<bool> AwaitingApplicant(this CreditDb db, long applicationId, CancellationToken ct)
    {
        var last = await db.ApplicationEvents.Where(e => e.ApplicationId == applicationId && (e.Kind == EventKinds.InfoRequested || e.Kind == EventKinds.InfoProvided))
            .OrderByDescending(e => e.Id).Select(e => e.Kind).FirstOrDefaultAsync(ct);
        return last == EventKinds.InfoRequested;
    }

    private static string? Cut(string? text) => text is null ? null : text.Length <= 4000 ? text : text[..4000];
}
