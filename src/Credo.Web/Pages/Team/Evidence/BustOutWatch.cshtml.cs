using Credo.Web.Features.Evidence;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.Evidence;

/// <summary>The bust-out probation watch: newly approved accounts whose first orders rushed to the limit.</summary>
internal sealed class BustOutWatchModel(WatchBustOut watch) : PageModel
{
    public IReadOnlyList<ProbationAccount> Accounts { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "all")]
    public bool All { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Accounts = await watch.List(!All, ct);
}
