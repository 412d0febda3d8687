using Credo.Web.Data;
using Credo.Web.Features.Applications;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.Applications;

/// <summary>Customers whose credit line review is due or overdue; a review is started from here and goes through the application path.</summary>
internal sealed class ReviewsDueModel(ReviewsDue reviews, OpenCustomerApplication open, CreditDb db, IAuthorizationService authorization) : PageModel
{
    public IReadOnlyList<ReviewDue> Due { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "within")]
    public int Within { get; set; }

    public bool CanStart { get; private set; }

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public bool Failed { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanStart = (await authorization.AuthorizeAsync(User, ApplicationsFeature.ReviewPolicy)).Succeeded;
        Due = await reviews.List(Within, ct);
    }

    public async Task<IActionResult> OnPostStartAsync(string customerNumber, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, ApplicationsFeature.ReviewPolicy)).Succeeded || WorkflowActor.From(User, db.Actor.Name) is not { } actor)
        {
            return Forbid();
        }

        var result = await open.Open(new CustomerApplicationRequest(customerNumber, ApplicationKind.Review, null, null, null, "Started from the reviews-due queue."), actor, ct);
        if (result.IsOk)
        {
            return Redirect($"/team/applications/{Uri.EscapeDataString(result.Value!.Reference)}");
        }

        Failed = true;
        Message = $"Customer {customerNumber}: {result.Error!.Message}";
        return RedirectToPage(new { within = Within == 0 ? (int?)null : Within });
    }
}
