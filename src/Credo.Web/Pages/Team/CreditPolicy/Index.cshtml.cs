using Credo.Web.Features.CreditPolicy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.CreditPolicy;

/// <summary>Policy versions, newest first; managers start a new draft from the published version here.</summary>
internal sealed class IndexModel(ListPolicies list, SaveDraft drafts, IAuthorizationService authorization) : PageModel
{
    public IReadOnlyList<PolicySummaryDto> Versions { get; private set; } = [];

    public bool CanWrite { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanWrite = (await authorization.AuthorizeAsync(User, CreditPolicyFeature.WritePolicy)).Succeeded;
        Versions = await list.All(ct);
    }

    public async Task<IActionResult> OnPostNewAsync(string? name, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, CreditPolicyFeature.WritePolicy)).Succeeded)
        {
            return Forbid();
        }

        var created = await drafts.Create(new PolicyDraftRequest(name, null), ct);
        if (!created.IsOk)
        {
            Message = created.Error!.Message;
            return RedirectToPage();
        }

        return Redirect($"/team/policies/{created.Value!.Number}");
    }
}
