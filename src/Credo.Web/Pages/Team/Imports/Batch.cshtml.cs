using Credo.Web.Data;
using Credo.Web.Features.Imports;
using Credo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Pages.Team.Imports;

/// <summary>One import: progress while it runs (polled by htmx), then the result and its report.</summary>
[Authorize(Policy = AccessPolicies.Imports)]
internal sealed class BatchModel(CreditDb db, ImportProgress progress) : PageModel
{
    public ImportReport? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        Report = await Find(id, ct);
        return Report is null ? NotFound() : Page();
    }

    public async Task<IActionResult> OnGetStatusAsync(long id, CancellationToken ct)
    {
        Report = await Find(id, ct);
        return Report is null ? NotFound() : Partial("_Status", Report);
    }

    private async Task<ImportReport?> Find(long id, CancellationToken ct)
    {
        var batch = await db.ImportBatches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, ct);
        return batch is null ? null : ImportReport.From(batch, progress.Find(id));
    }
}
