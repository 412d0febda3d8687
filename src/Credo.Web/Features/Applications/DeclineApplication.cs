using System.Security.Claims;
using Credo.Domain.Applications;
using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;

namespace Credo.Web.Features.Applications;

internal sealed record DeclineRequest(IReadOnlyList<string>? Reasons, int? Version);

/// <summary>
/// Declines with reasons (people, or the policy), and emails the applicant the reasons with a link to ask for a
/// human review (<see cref="RequestHumanReview"/>): the link carries a new secret whose hash replaces the resume token.
/// An existing customer's limit increase or review is not an applicant's: see <see cref="DeclineCustomerRequest"/>.
/// </summary>
internal sealed class DeclineApplication(CreditDb db, PublicLinks links, DeclineCustomerRequest customerRequest)
{
    public async Task<Result<CreditApplication>> Decline(string reference, DeclineRequest r, WorkflowActor actor, CancellationToken ct)
    {
        var application = await db.FindApplication(reference, ct);
        if (application is null)
        {
            return new NotFound("Application", reference);
        }

        if (ApplicationWorkflow.CheckVersion(application, r.Version) is { } stale)
        {
            return stale;
        }

        var reasons = Clean(r.Reasons);
        if (reasons.Count == 0)
        {
            return new ValidationFailed("reasons", "A decline needs at least one reason; the applicant reads them.");
        }

        return await DeclineAsync(application, FlowAction.Decline, actor, reasons, null, ct);
    }

    /// <summary>Moves to declined and queues the email in the same save; used by people, overrides and the automatic path.</summary>
    public async Task<Result<CreditApplication>> DeclineAsync(CreditApplication application, FlowAction action, WorkflowActor actor, IReadOnlyList<string> reasons, string? overrideReason, CancellationToken ct)
    {
        if (application.Kind != ApplicationKind.New && application.CustomerId is { } customerId)
        {
            // Issue 12 §4: the customer keeps its limit; no rejection email as if to an applicant.
            return await customerRequest.DeclineAsync(application, customerId, action, actor, reasons, overrideReason, ct);
        }

        if (db.Move(application, action, actor, "Declined: " + string.Join("; ", reasons)) is { } refused)
        {
            return refused;
        }

        if (overrideReason is not null)
        {
            db.Record(application, actor, EventKinds.Override, overrideReason.Trim());
        }

        application.DecidedAtUtc = db.UtcNow;
        var secret = ApplicationWorkflow.NewLinkSecret(application);
        var link = links.To($"/applications/{Uri.EscapeDataString(application.Reference)}/human-review?token={Uri.EscapeDataString(secret)}");
        db.QueueEmail(new OutboxEmail(
            application.ApplicantEmail,
            $"Your credit application {application.Reference}",
            $"""
            We are sorry: we cannot offer credit terms on application {application.Reference} at this time.

            The reasons:
            {string.Join(Environment.NewLine, reasons.Select(x => "- " + x))}

            You may ask for a person to review this decision (once), here:
            {link}
            """,
            "application-declined"));
        return await db.SaveGuarded(ct) is { } changed ? changed : application;
    }

    public static IReadOnlyList<string> Clean(IReadOnlyList<string>? reasons) =>
        [.. (reasons ?? []).Where(x => !string.IsNullOrWhiteSpace(x)).Select(x => x.Trim()).Distinct(StringComparer.Ordinal)];

    public static Task<IResult> Endpoint(string reference, DeclineRequest request, DeclineApplication decline, CreditDb db, ClaimsPrincipal user, CancellationToken ct) =>
        ApproveApplication.Respond(decline.Decline(reference, request, WorkflowActor.From(user, db.Actor.Name)!, ct), db, ct);
}
