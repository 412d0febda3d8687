using System.Security.Claims;
using Credo.Domain.Applications;
using Credo.Domain.Common;
using Credo.Web.Data;

namespace Credo.Web.Features.Applications;

/// <summary>A manager decides against the policy: approve (with limit and terms) or decline (with reasons); the reason is mandatory.</summary>
internal sealed record OverrideRequest(string? Outcome, string? Reason, decimal? Limit, string? Terms, DateOnly? ReviewOn, IReadOnlyList<string>? Reasons, int? Version);

/// <summary>Overrides, recorded as an override event with the reason (four-eyes still applies to an approved limit above the threshold).</summary>
internal sealed class OverrideDecision(CreditDb db, ApproveApplication approve, DeclineApplication decline)
{
    public async Task<Result<CreditApplication>> Override(string reference, OverrideRequest r, WorkflowActor actor, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(r.Reason))
        {
            return new ValidationFailed("reason", "An override needs a reason.");
        }

        if (string.Equals(r.Outcome, "approve", StringComparison.OrdinalIgnoreCase))
        {
            return await approve.Approve(reference, new ApproveRequest(r.Limit, r.Terms, r.ReviewOn, r.Reason, r.Version), actor, isOverride: true, ct);
        }

        if (!string.Equals(r.Outcome, "decline", StringComparison.OrdinalIgnoreCase))
        {
            return new ValidationFailed("outcome", "An override approves or declines.");
        }

        var application = await db.FindApplication(reference, ct);
        if (application is null)
        {
            return new NotFound("Application", reference);
        }

        if (ApplicationWorkflow.CheckVersion(application, r.Version) is { } stale)
        {
            return stale;
        }

        var reasons = DeclineApplication.Clean(r.Reasons);
        if (reasons.Count == 0)
        {
            return new ValidationFailed("reasons", "A decline needs at least one reason; the applicant reads them.");
        }

        return await decline.DeclineAsync(application, FlowAction.OverrideDecline, actor, reasons, r.Reason, ct);
    }

    public static Task<IResult> Endpoint(string reference, OverrideRequest request, OverrideDecision decision, CreditDb db, ClaimsPrincipal user, CancellationToken ct) =>
        ApproveApplication.Respond(decision.Override(reference, request, WorkflowActor.From(user, db.Actor.Name)!, ct), db, ct);
}
