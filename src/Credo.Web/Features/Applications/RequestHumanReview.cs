using Credo.Domain.Applications;
using Credo.Domain.Common;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Applications;

/// <summary>
/// The applicant asks a person to look again at a decline, from the link in the decline email (its secret's hash is
/// the application's resume token). Once per application: the case goes back to the referred queue with an event.
/// </summary>
internal sealed class RequestHumanReview(CreditDb db)
{
    public async Task<Result<CreditApplication>> Request(string reference, string? token, string? comment, CancellationToken ct)
    {
        var application = await db.FindApplication(reference, ct);
        if (application is null || !ApplicationWorkflow.SecretMatches(application, token))
        {
            // The same answer for an unknown reference and a wrong token: the link is the only credential.
            return new NotFound("Application", reference);
        }

        if (await db.ApplicationEvents.AnyAsync(e => e.ApplicationId == application.Id && e.Kind == EventKinds.HumanReviewRequested, ct))
        {
            return new Refusal("human-review-already-requested", "A human review of this application has already been requested.");
        }

        var text = "The applicant asked for a human review of the decline." + (string.IsNullOrWhiteSpace(comment) ? string.Empty : " Their comment: " + comment.Trim());
        if (db.Move(application, FlowAction.RequestHumanReview, WorkflowActor.Applicant, text, EventKinds.HumanReviewRequested) is { } refused)
        {
            return refused;
        }

        application.DecidedAtUtc = null;
        application.AssignedTo = null;
        return await db.SaveGuarded(ct) is { } changed ? changed : application;
    }
}
