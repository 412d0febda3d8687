using System.Text.Json;
using Credo.Domain.Applications;
using Credo.Web.Data;
using Credo.Web.Features.ApplicationForms;
using Credo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.Templates;

/// <summary>Application templates: every version, its public link, export as JSON, import a new version, publish.</summary>
[Authorize(Roles = $"{Roles.Admin},{Roles.CreditManager}")]
internal sealed class IndexModel(CreditDb db, ImportTemplate import, PublishTemplate publish) : PageModel
{
    public IReadOnlyList<ApplicationTemplate> Versions { get; private set; } = [];

    [BindProperty]
    public string Json { get; set; } = string.Empty;

    public List<string> Problems { get; } = [];

    public string? Done { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Versions = await ReadTemplates.All(db, ct);

    public async Task<IActionResult> OnPostImportAsync(CancellationToken ct)
    {
        TemplateDocument? document = null;
        try
        {
            document = JsonSerializer.Deserialize<TemplateDocument>(Json, TemplateJson.Options);
        }
        catch (JsonException e)
        {
            Problems.Add("The file is not a template export: " + e.Message.Split('\n')[0]);
        }

        if (document is not null)
        {
            var imported = await import.Import(document, ct);
            if (imported.IsOk)
            {
                Done = $"Imported {imported.Value!.Key} as version {imported.Value.Version} (not published yet).";
                Json = string.Empty;
            }
            else if (imported.Error is TemplateInvalid invalid)
            {
                Problems.AddRange(invalid.Errors.Select(e => e.ToString()));
            }
            else
            {
                Problems.Add($"{imported.Error!.Field}: {imported.Error.Message}");
            }
        }

        Versions = await ReadTemplates.All(db, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostPublishAsync(string key, int version, CancellationToken ct)
    {
        var published = await publish.Publish(key, version, ct);
        if (published.IsOk)
        {
            Done = $"{key} version {version} is live at /apply/{key}.";
        }
        else
        {
            Problems.Add(published.Error!.Message);
        }

        Versions = await ReadTemplates.All(db, ct);
        return Page();
    }
}
