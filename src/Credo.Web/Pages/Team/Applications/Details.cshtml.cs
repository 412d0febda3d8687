using Credo.Domain.Applications;
using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Features.Applications;
using Credo.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Pages.Team.Applications;

/// <summary>
/// One application: answers with the template's labels, documents, the latest assessment (outcome, score, risk class,
/// reasons, fraud signals, facts) with links to the stored decision and evidence, approvals and the history; and the
/// decision form. Every action calls the same use case as the API.
/// </summary>
internal sealed class DetailsModel(
    FindApplications find,
    ReviewApplication review,
    ApproveApplication approve,
    DeclineApplication decline,
    OverrideDecision overrides,
    CreditDb db,
    IAuthorizationService authorization) : PageModel
{
    public ApplicationDetails Application { get; private set; } = null!;

    public bool CanReview { get; private set; }

    public bool CanOverride { get; private set; }

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public bool Failed { get; set; }

    public bool Can(FlowAction action) => Application.AvailableActions.Contains(action);

    public async Task<IActionResult> OnGetAsync(string reference, CancellationToken ct)
    {
        CanReview = (await authorization.AuthorizeAsync(User, ApplicationsFeature.ReviewPolicy)).Succeeded;
        CanOverride = (await authorization.AuthorizeAsync(User, ApplicationsFeature.OverridePolicy)).Succeeded;
        var details = await find.Get(reference, CanReview ? WorkflowActor.From(User, db.Actor.Name)?.Role : null, ct);
        if (details is null)
        {
            return NotFound();
        }

        Application = details;
        return Page();
    }

    public Task<IActionResult> OnPostAssignAsync(string reference, string? assignee, int? version, CancellationToken ct) =>
        Act(reference, actor => review.Assign(reference, new AssignRequest(assignee, version), actor, ct), "assigned");

    public Task<IActionResult> OnPostNoteAsync(string reference, string? text, CancellationToken ct) =>
        Act(reference, actor => review.Note(reference, new TextRequest(text, null), actor, ct), "note added");

    public Task<IActionResult> OnPostRequestInfoAsync(string reference, string? text, int? version, CancellationToken ct) =>
        Act(reference, actor => review.RequestInformation(reference, new TextRequest(text, version), actor, ct), "information requested from the applicant");

    public Task<IActionResult> OnPostInfoReceivedAsync(string reference, string? text, int? version, CancellationToken ct) =>
        Act(reference, actor => review.InformationReceived(reference, new TextRequest(text, version), actor, ct), "information recorded and re-assessed");

    public Task<IActionResult> OnPostReferAsync(string reference, string? text, int? version, CancellationToken ct) =>
        Act(reference, actor => review.Refer(reference, new TextRequest(text, version), actor, ct), "put back in the queue");

    public Task<IActionResult> OnPostReassessAsync(string reference, int? version, CancellationToken ct) =>
        Act(reference, actor => review.Reassess(reference, new TextRequest(null, version), actor, ct), "re-assessed");

    public Task<IActionResult> OnPostApproveAsync(string reference, string? limit, string? terms, string? reviewOn, string? reason, int? version, CancellationToken ct) =>
        Act(reference, actor => MoneyText.Parse(limit) is { } amount
            ? approve.Approve(reference, new ApproveRequest(amount, Blank(terms), MoneyText.ParseDate(reviewOn), Blank(reason), version), actor, isOverride: false, ct)
            : Task.FromResult<Result<CreditApplication>>(new ValidationFailed("limit", "Give the limit as a number.")), "approval recorded");

    public Task<IActionResult> OnPostDeclineAsync(string reference, string? reasons, int? version, CancellationToken ct) =>
        Act(reference, actor => decline.Decline(reference, new DeclineRequest(Lines(reasons), version), actor, ct), "declined");

    public Task<IActionResult> OnPostOverrideAsync(string reference, string? outcome, string? reason, string? limit, string? terms, string? reviewOn, string? reasons, int? version, CancellationToken ct) =>
        Act(reference, actor => overrides.Override(reference, new OverrideRequest(outcome, Blank(reason), MoneyText.Parse(limit), Blank(terms), MoneyText.ParseDate(reviewOn), Lines(reasons), version), actor, ct), "override recorded", ApplicationsFeature.OverridePolicy);

    public Task<IActionResult> OnPostWithdrawAsync(string reference, string? text, int? version, CancellationToken ct) =>
        Act(reference, actor => review.Withdraw(reference, new TextRequest(text, version), actor, ct), "withdrawn");

    private async Task<IActionResult> Act(string reference, Func<WorkflowActor, Task<Result<CreditApplication>>> action, string done, string policy = ApplicationsFeature.ReviewPolicy)
    {
        if (!(await authorization.AuthorizeAsync(User, policy)).Succeeded || WorkflowActor.From(User, db.Actor.Name) is not { } actor)
        {
            return Forbid();
        }

        var result = await action(actor);
        Failed = !result.IsOk;
        Message = result.IsOk ? $"Application {reference}: {done}." : $"Application {reference}: {result.Error!.Message}";
        return Redirect($"/team/applications/{Uri.EscapeDataString(reference)}");
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static List<string> Lines(string? text) => [.. (text ?? string.Empty).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];
}
