using Credo.Web.Data;
using Credo.Web.Features.Imports;
using Credo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Pages.Team.Imports;

/// <summary>Saved column mappings: list, edit, create.</summary>
[Authorize(Policy = AccessPolicies.Imports)]
internal sealed class MappingsModel(CreditDb db, Mappings mappings) : PageModel
{
    public IReadOnlyList<ImportMapping> Saved { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Name { get; set; }

    [BindProperty]
    public string Json { get; set; } = string.Empty;

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await Load(ct);
        var existing = Saved.FirstOrDefault(m => m.Name == Name);
        Json = existing?.Json ?? ColumnMapping.Native(ImportKind.Invoices).ToJson();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await mappings.Save(Name?.Trim() ?? string.Empty, Json, ct);
        if (!result.IsOk)
        {
            Problem = $"{result.Error!.Field}: {result.Error.Message}";
            await Load(ct);
            return Page();
        }

        return Redirect($"/team/imports/mappings/{Uri.EscapeDataString(result.Value!.Name)}");
    }

    private async Task Load(CancellationToken ct) => Saved = await db.ImportMappings.AsNoTracking().OrderBy(m => m.Name).ToListAsync(ct);
}
