using Credo.Web.Data;
using Credo.Web.Features.Imports;
using Credo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Pages.Team.Imports;

/// <summary>Upload a file, choose or paste a mapping, preview the first rows, run the import.</summary>
[Authorize(Policy = AccessPolicies.Imports)]
[RequestSizeLimit(ImportsFeature.MaxUploadBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = ImportsFeature.MaxUploadBytes)]
internal sealed class IndexModel(CreditDb db, Mappings mappings, PreviewImport preview, BackgroundImports background, ICurrentActor actor) : PageModel
{
    [BindProperty]
    public string Kind { get; set; } = "invoices";

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string? MappingName { get; set; } = ColumnMapping.NativeName;

    [BindProperty]
    public string? MappingJson { get; set; }

    [BindProperty]
    public bool PartialOnly { get; set; }

    public IReadOnlyList<ImportMapping> Saved { get; private set; } = [];

    public IReadOnlyList<ImportReport> Recent { get; private set; } = [];

    public string? Problem { get; private set; }

    public ImportPreview? Preview { get; private set; }

    public static IReadOnlyList<string> Kinds { get; } = [.. ColumnMapping.Importable.Select(ColumnMapping.KindSlug)];

    public async Task OnGetAsync(CancellationToken ct) => await Load(ct);

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        var mapping = await Mapping(ct);
        if (mapping is null || Upload is null)
        {
            Problem ??= "Choose a file.";
            return Partial("_Preview", this);
        }

        await using var stream = Upload.OpenReadStream();
        Preview = await preview.Handle(stream, mapping.Value.Mapping, ct);
        return Partial("_Preview", this);
    }

    public async Task<IActionResult> OnPostRunAsync(CancellationToken ct)
    {
        var mapping = await Mapping(ct);
        if (mapping is null || Upload is null)
        {
            Problem ??= "Choose a file.";
            await Load(ct);
            return Page();
        }

        var path = Path.Combine(Path.GetTempPath(), "credo-upload-" + Guid.NewGuid().ToString("N") + ".csv");
        await using (var file = System.IO.File.Create(path))
        {
            await Upload.CopyToAsync(file, ct);
        }

        var id = await background.Start(ColumnMapping.KindFrom(Kind)!.Value, path, Upload.FileName, mapping.Value.Mapping, mapping.Value.Name, PartialOnly, actor.Name);
        return Redirect($"/team/imports/{id}");
    }

    private async Task<(ColumnMapping Mapping, string? Name)?> Mapping(CancellationToken ct)
    {
        if (ColumnMapping.KindFrom(Kind) is not { } kind)
        {
            Problem = "Choose what to import.";
            return null;
        }

        var resolved = await mappings.Resolve(kind, MappingJson, string.IsNullOrWhiteSpace(MappingJson) ? MappingName : null, ct);
        if (!resolved.IsOk)
        {
            Problem = $"{resolved.Error!.Field}: {resolved.Error.Message}";
            return null;
        }

        return resolved.Value;
    }

    private async Task Load(CancellationToken ct)
    {
        Saved = await db.ImportMappings.AsNoTracking().OrderBy(m => m.Name).ToListAsync(ct);
        Recent = [.. (await db.ImportBatches.AsNoTracking().OrderByDescending(b => b.Id).Take(20).ToListAsync(ct)).Select(b => ImportReport.From(b))];
    }
}
