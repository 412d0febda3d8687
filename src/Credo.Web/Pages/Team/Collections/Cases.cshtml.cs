using Credo.Web.Features.Collections;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.Collections;

/// <summary>Dispute and deduction cases: open ones first by service-level date; all, resolved, or the signed-in collector's own.</summary>
internal sealed class CasesModel(ListCases cases) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Mine { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Customer { get; set; }

    public IReadOnlyList<CaseDto> List { get; private set; } = [];

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var owner = Mine ? Worklist.Me(User) ?? "-" : null;
        var result = await cases.Handle(Status, Customer, owner, ct);
        List = result.Value ?? [];
        Problem = result.Error?.Message;
    }
}
