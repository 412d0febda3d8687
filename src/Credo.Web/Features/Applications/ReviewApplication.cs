using System.Security.Claims;
using Credo.Domain.Applications;
using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Applications;

internal sealed record AssignRequest(string? Assignee, int? Version);

internal sealed record TextRequest(string? Text, int? Version);

/// <summary>
/// The analyst's work on a referred case: take or assign it, add notes, ask the applicant for more (an email with a
/// fresh resume link; the case waits in review until the answer comes), record an answer that arrived another way,
/// put it back in the queue, re-assess it, or withdraw it for the applicant.
/// </summary>
internal sealed class ReviewApplication(CreditDb db, AssessApplication assess, IOptions<ApplicationOptions> options, PublicLinks links)
{
    public Task<Result<CreditApplication>> Assign(string reference, AssignRequest r, WorkflowActor actor, CancellationToken ct) =>
        Act(reference, r.Version, async application =>
        {
            var assignee = string.IsNullOrWhiteSpace(r.Assignee) ? actor.Name : r.Assignee.Trim();
            if (assignee.Length > 200)
            {
                return new ValidationFailed("assignee", "An assignee name is at most 200 characters.");
            }

            // The history names the person, not the actor key ("user:ana@x.example" → "ana@x.example"; issue 12 §4).
            var who = assignee.StartsWith("user:", StringComparison.Ordinal) ? assignee[5..] : assignee;
            if (application.Status == ApplicationStatus.Referred)
            {
                if (db.Move(application, FlowAction.TakeForReview, actor, $"Taken for review by {who}.") is { } refused)
                {
                    return refused;
                }
            }
            else if (application.Status != ApplicationStatus.InReview)
            {
                return new Refusal("transition-not-allowed", $"Only a referred or in-review application is assigned; this one is {ApplicationFlow.Describe(application.Status)}.", "status");
            }
            else
            {
                db.Touch(application);
            }

            application.AssignedTo = assignee;
            db.Record(application, actor, EventKinds.Assigned, $"Assigned to {who}.");
            return await db.SaveGuarded(ct);
        }, ct);

    public Task<Result<CreditApplication>> Note(string reference, TextRequest r, WorkflowActor actor, CancellationToken ct) =>
        Act(reference, null, async application =>
        {
            if (string.IsNullOrWhiteSpace(r.Text))
            {
                return new ValidationFailed("text", "A note needs text.");
            }

            db.Record(application, actor, EventKinds.Note, r.Text.Trim());
            return await db.SaveGuarded(ct);
        }, ct);

    public Task<Result<CreditApplication>> RequestInformation(string reference, TextRequest r, WorkflowActor actor, CancellationToken ct) =>
        Act(reference, r.Version, async application =>
        {
            if (string.IsNullOrWhiteSpace(r.Text))
            {
                return new ValidationFailed("text", "Say what the applicant should provide; they read it in the email.");
            }

            if (db.Move(application, FlowAction.RequestInformation, actor, r.Text.Trim(), EventKinds.InfoRequested) is { } refused)
            {
                return refused;
            }

            application.AssignedTo ??= actor.Name;
            var secret = ApplicationWorkflow.NewLinkSecret(application);
            var templateKey = await db.ApplicationTemplates.Where(t => t.Id == application.TemplateId).Select(t => t.Key).SingleAsync(ct);
            var link = links.To(options.Value.ResumeLinkTemplate
                .Replace("{templateKey}", Uri.EscapeDataString(templateKey), StringComparison.Ordinal)
                .Replace("{token}", Uri.EscapeDataString(secret), StringComparison.Ordinal));
            db.QueueEmail(new OutboxEmail(
                application.ApplicantEmail,
                $"More information needed for your credit application {application.Reference}",
                $"""
                To finish assessing your credit application {application.Reference}, we need:

                {r.Text.Trim()}

                Open your application to add it, then submit it again:
                {link}
                """,
                "application-info-requested"));
            return await db.SaveGuarded(ct);
        }, ct);

    /// <summary>The applicant's answer arrived outside the form (email, phone): record it and assess again.</summary>
    public async Task<Result<CreditApplication>> InformationReceived(string reference, TextRequest r, WorkflowActor actor, CancellationToken ct)
    {
        var moved = await Act(reference, r.Version, async application =>
        {
            if (!await db.AwaitingApplicant(application.Id, ct))
            {
                return new Refusal("no-information-requested", "No request for information is waiting for an answer.");
            }

            var text = string.IsNullOrWhiteSpace(r.Text) ? "Information received." : r.Text.Trim();
            return db.Move(application, FlowAction.ProvideInformation, actor, text, EventKinds.InfoProvided) ?? await db.SaveGuarded(ct);
        }, ct);
        return moved.IsOk ? await assess.Run(moved.Value!.Id, ct) : moved;
    }

    public Task<Result<CreditApplication>> Refer(string reference, TextRequest r, WorkflowActor actor, CancellationToken ct) =>
        Act(reference, r.Version, async application =>
        {
            var text = string.IsNullOrWhiteSpace(r.Text) ? "Put back in the queue." : r.Text.Trim();
            if (db.Move(application, FlowAction.Refer, actor, text) is { } refused)
            {
                return refused;
            }

            application.AssignedTo = null;
            return await db.SaveGuarded(ct);
        }, ct);

    public async Task<Result<CreditApplication>> Reassess(string reference, TextRequest r, WorkflowActor actor, CancellationToken ct)
    {
        var moved = await Act(reference, r.Version, async application =>
        {
            var text = string.IsNullOrWhiteSpace(r.Text) ? "Re-assessment requested." : r.Text.Trim();
            return db.Move(application, FlowAction.Reassess, actor, text) ?? await db.SaveGuarded(ct);
        }, ct);
        return moved.IsOk ? await assess.Run(moved.Value!.Id, ct) : moved;
    }

    public Task<Result<CreditApplication>> Withdraw(string reference, TextRequest r, WorkflowActor actor, CancellationToken ct) =>
        Act(reference, r.Version, async application =>
        {
            if (string.IsNullOrWhiteSpace(r.Text))
            {
                return new ValidationFailed("text", "Say why the application is withdrawn.");
            }

            if (db.Move(application, FlowAction.Withdraw, actor, r.Text.Trim()) is { } refused)
            {
                return refused;
            }

            application.DecidedAtUtc = db.UtcNow;
            return await db.SaveGuarded(ct);
        }, ct);

    private async Task<Result<CreditApplication>> Act(string reference, int? version, Func<CreditApplication, Task<DomainError?>> work, CancellationToken ct)
    {
        var application = await db.FindApplication(reference, ct);
        if (application is null)
        {
            return new NotFound("Application", reference);
        }

        if (ApplicationWorkflow.CheckVersion(application, version) is { } stale)
        {
            return stale;
        }

        return await work(application) is { } error ? error : application;
    }

    private static WorkflowActor Me(ClaimsPrincipal user, CreditDb db) => WorkflowActor.From(user, db.Actor.Name)!;

    public static Task<IResult> AssignEndpoint(string reference, AssignRequest request, ReviewApplication review, CreditDb db, ClaimsPrincipal user, CancellationToken ct) =>
        ApproveApplication.Respond(review.Assign(reference, request, Me(user, db), ct), db, ct);

    public static Task<IResult> NoteEndpoint(string reference, TextRequest request, ReviewApplication review, CreditDb db, ClaimsPrincipal user, CancellationToken ct) =>
        ApproveApplication.Respond(review.Note(reference, request, Me(user, db), ct), db, ct);

    public static Task<IResult> RequestInformationEndpoint(string reference, TextRequest request, ReviewApplication review, CreditDb db, ClaimsPrincipal user, CancellationToken ct) =>
        ApproveApplication.Respond(review.RequestInformation(reference, request, Me(user, db), ct), db, ct);

    public static Task<IResult> InformationReceivedEndpoint(string reference, TextRequest request, ReviewApplication review, CreditDb db, ClaimsPrincipal user, CancellationToken ct) =>
        ApproveApplication.Respond(review.InformationReceived(reference, request, Me(user, db), ct), db, ct);

    public static Task<IResult> ReferEndpoint(string reference, TextRequest request, ReviewApplication review, CreditDb db, ClaimsPrincipal user, CancellationToken ct) =>
        ApproveApplication.Respond(review.Refer(reference, request, Me(user, db), ct), db, ct);

    public static Task<IResult> ReassessEndpoint(string reference, TextRequest request, ReviewApplication review, CreditDb db, ClaimsPrincipal user, CancellationToken ct) =>
        ApproveApplication.Respond(review.Reassess(reference, request, Me(user, db), ct), db, ct);

    public static Task<IResult> WithdrawEndpoint(string reference, TextRequest request, ReviewApplication review, CreditDb db, ClaimsPrincipal user, CancellationToken ct) =>
        ApproveApplication.Respond(review.Withdraw(reference, request, Me(user, db), ct), db, ct);
}
