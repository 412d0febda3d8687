using Credo.Domain.Applications;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.ApplicationForms;

internal static class TemplateQueries
{
    /// <summary>The version the public link serves: the newest published version of the key.</summary>
    public static Task<ApplicationTemplate?> LivePublishedTemplate(this CreditDb db, string key, CancellationToken ct) =>
        db.ApplicationTemplates.AsNoTracking()
            .Where(t => t.Key == key && t.PublishedAtUtc != null)
            .OrderByDescending(t => t.Version)
            .FirstOrDefaultAsync(ct);

    /// <summary>A stored definition; it was validated when it was saved, so failing to read it is a bug.</summary>
    public static TemplateDefinition Definition(this ApplicationTemplate template) =>
        TemplateJson.Read(template.DefinitionJson) is { IsOk: true } read
            ? read.Value!
            : throw new InvalidOperationException($"Stored template {template.Key} v{template.Version} does not read as a definition.");
}
