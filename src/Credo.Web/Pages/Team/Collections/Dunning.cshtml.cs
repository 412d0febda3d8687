using Credo.Web.Features.Collections;
using Credo.Web.Pages.Shared;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.Collections;

/// <summary>The dunning preview (who gets what and why, who is left out and why) and, for managers, the run.</summary>
internal sealed class DunningModel(PreviewDunning preview, RunDunning run, IAuthorizationService authorization) : PageModel
{
    public DunningPreviewDto Plan { get; private set; } = null!;

    [BindProperty(SupportsGet = true, Name = "asOf")]
    public string? AsOf { get; set; }

    public bool CanRun { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanRun = (await authorization.AuthorizeAsync(User, CollectionsFeature.ManagePolicy)).Succeeded;
        Plan = await preview.Handle(Shared.MoneyText.ParseDate(AsOf), ct);
    }

    public async Task<IActionResult> OnPostRunAsync(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, CollectionsFeature.ManagePolicy)).Succeeded)
        {
            return Forbid();
        }

        var result = await run.Handle(null, RunDunning.OnDemand, ct);
        Message = $"Dunning run: {Words.Count(result.Sent, "message")} sent, {result.AlreadySent:N0} already sent earlier today, {Words.Count(result.LeftOut, "customer")} left out.";
        return RedirectToPage();
    }
}
