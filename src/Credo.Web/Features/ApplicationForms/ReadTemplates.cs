using System.Text.Json;
using Credo.Domain.Applications;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.ApplicationForms;

/// <summary>Template versions for the team: the list, one version with its definition, and the export document.</summary>
internal static class ReadTemplates
{
    public static Task<List<ApplicationTemplate>> All(CreditDb db, CancellationToken ct) =>
        db.ApplicationTemplates.AsNoTracking().OrderBy(t => t.Key).ThenByDescending(t => t.Version).ToListAsync(ct);

    public static Task<ApplicationTemplate?> One(CreditDb db, string key, int version, CancellationToken ct) =>
        db.ApplicationTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Key == key && t.Version == version, ct);

    public static TemplateDocument Export(ApplicationTemplate template) =>
        new(template.Key, template.Name, JsonSerializer.SerializeToElement(template.Definition(), TemplateJson.Options), template.Version);

    public static async Task<IResult> ListEndpoint(CreditDb db, CancellationToken ct) =>
        TypedResults.Ok((await All(db, ct)).Select(TemplateSummary.From).ToList());

    public static async Task<IResult> GetEndpoint(string key, int version, CreditDb db, CancellationToken ct) =>
        await One(db, key, version, ct) is { } t
            ? TypedResults.Ok(new { summary = TemplateSummary.From(t), definition = Export(t).Definition })
            : Problems.NotFound("Template", $"{key} v{version}");

    public static async Task<IResult> ExportEndpoint(string key, int version, CreditDb db, CancellationToken ct) =>
        await One(db, key, version, ct) is { } t
            ? TypedResults.File(JsonSerializer.SerializeToUtf8Bytes(Export(t), TemplateJson.Options), "application/json", $"{t.Key}-v{t.Version}.json")
            : Problems.NotFound("Template", $"{key} v{version}");
}
