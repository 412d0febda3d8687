using System.Text.Json;
using System.Text.RegularExpressions;
using Credo.Domain.Applications;
using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.ApplicationForms;

/// <summary>The exchange format of a template version (export gives it; import takes it as a new version).</summary>
internal sealed record TemplateDocument(string Key, string Name, JsonElement Definition, int? Version = null);

/// <summary>
/// Saves a definition as the next version of a template key (unpublished), after checking it as publishing would:
/// a draft that could never go live is refused now, with every problem by path.
/// </summary>
internal sealed partial class ImportTemplate(CreditDb db)
{
    public async Task<Result<ApplicationTemplate>> Import(TemplateDocument document, CancellationToken ct)
    {
        if (!KeyShape().IsMatch(document.Key ?? string.Empty))
        {
            return new ValidationFailed("key", "A template key is 1 to 64 lower-case letters, digits and dashes, starting with a letter (e.g. trade-credit).");
        }

        if (string.IsNullOrWhiteSpace(document.Name) || document.Name.Length > 200)
        {
            return new ValidationFailed("name", "A template needs a name of at most 200 characters.");
        }

        if (document.Definition.ValueKind != JsonValueKind.Object)
        {
            return new ValidationFailed("definition", "The definition must be a JSON object.");
        }

        var read = TemplateJson.Read(document.Definition);
        if (!read.IsOk)
        {
            return read.Error!;
        }

        if (TemplateRules.ValidateDefinition(read.Value!) is { Count: > 0 } errors)
        {
            return new TemplateInvalid(errors);
        }

        return await Save(document.Key!, document.Name.Trim(), read.Value!, db.Actor.Name, ct);
    }

    public async Task<ApplicationTemplate> Save(string key, string name, TemplateDefinition definition, string createdBy, CancellationToken ct, bool publish = false)
    {
        var last = await db.ApplicationTemplates.Where(t => t.Key == key).MaxAsync(t => (int?)t.Version, ct) ?? 0;
        var template = new ApplicationTemplate
        {
            Key = key,
            Version = last + 1,
            Name = name,
            DefinitionJson = TemplateJson.Write(definition),
            CreatedAtUtc = db.UtcNow,
            CreatedBy = createdBy,
            PublishedAtUtc = publish ? db.UtcNow : null,
        };
        db.ApplicationTemplates.Add(template);
        await db.SaveChangesAsync(ct);
        return template;
    }

    public static async Task<IResult> Endpoint(TemplateDocument document, ImportTemplate useCase, CancellationToken ct)
    {
        var imported = await useCase.Import(document, ct);
        return imported.IsOk
            ? TypedResults.Created($"/api/application-templates/{imported.Value!.Key}/{imported.Value.Version}", TemplateSummary.From(imported.Value))
            : imported.Error!.ToTemplateProblem();
    }

    [GeneratedRegex("^[a-z][a-z0-9-]{0,63}$")]
    private static partial Regex KeyShape();
}

/// <summary>A definition with problems: every one, by path (the first also as the problem's field).</summary>
internal sealed record TemplateInvalid(IReadOnlyList<FieldError> Errors)
    : DomainError("template-invalid", $"The template has {Errors.Count} problem(s): {string.Join("; ", Errors.Take(5))}", Errors[0].Path);

internal sealed record TemplateSummary(string Key, int Version, string Name, DateTime CreatedAtUtc, string CreatedBy, DateTime? PublishedAtUtc)
{
    public static TemplateSummary From(ApplicationTemplate t) => new(t.Key, t.Version, t.Name, t.CreatedAtUtc, t.CreatedBy, t.PublishedAtUtc);
}

internal static class TemplateProblems
{
    public static IResult ToTemplateProblem(this DomainError error) => error is TemplateInvalid invalid
        ? Problems.Problem(error.Code, error.Message, StatusCodes.Status400BadRequest, error.Field,
            new Dictionary<string, object?> { ["errors"] = invalid.Errors.Select(e => new { path = e.Path, reason = e.Reason }).ToList() })
        : error.ToProblem();
}
