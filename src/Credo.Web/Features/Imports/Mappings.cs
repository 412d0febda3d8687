using System.Text.RegularExpressions;
using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Imports;

internal sealed record MappingSummary(string Name, string Kind, DateTime UpdatedAtUtc);

/// <summary>Saved column mappings (import_mappings), and the one way to turn "JSON or a name" into a mapping.</summary>
internal sealed partial class Mappings(CreditDb db)
{
    /// <summary>
    /// The mapping for an import: the JSON given, else the saved mapping of that name (a file path is the CLI's
    /// business), else Credo's own layout ("credo").
    /// </summary>
    public async Task<Result<(ColumnMapping Mapping, string? Name)>> Resolve(ImportKind kind, string? json, string? name, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(json))
        {
            var parsed = ColumnMapping.Parse(json, kind);
            return parsed.IsOk ? (parsed.Value!, name) : parsed.Error!;
        }

        if (string.IsNullOrWhiteSpace(name) || name == ColumnMapping.NativeName)
        {
            return (ColumnMapping.Native(kind), ColumnMapping.NativeName);
        }

        var saved = await db.ImportMappings.AsNoTracking().SingleOrDefaultAsync(m => m.Name == name, ct);
        if (saved is null)
        {
            return new ValidationFailed("mappingName", $"No saved mapping '{name}'.");
        }

        var mapping = ColumnMapping.Parse(saved.Json, kind);
        return mapping.IsOk ? (mapping.Value!, name) : mapping.Error!;
    }

    public async Task<Result<ImportMapping>> Save(string name, string json, CancellationToken ct)
    {
        if (!NamePattern().IsMatch(name))
        {
            return new ValidationFailed("name", "A mapping name is 1 to 100 letters, digits, '-', '_' or '.'.");
        }

        if (name == ColumnMapping.NativeName)
        {
            return new ValidationFailed("name", "'credo' is the built-in mapping of Credo's own layout.");
        }

        var parsed = ColumnMapping.Parse(json);
        if (!parsed.IsOk)
        {
            return parsed.Error!;
        }

        var mapping = await db.ImportMappings.SingleOrDefaultAsync(m => m.Name == name, ct);
        if (mapping is null)
        {
            mapping = new ImportMapping { Name = name, Json = string.Empty };
            db.ImportMappings.Add(mapping);
        }

        mapping.Kind = parsed.Value!.Kind;
        mapping.Json = parsed.Value.ToJson();
        mapping.UpdatedAtUtc = db.UtcNow;
        await db.SaveChangesAsync(ct);
        return mapping;
    }

    public static async Task<IResult> ListEndpoint(CreditDb db, CancellationToken ct)
    {
        var rows = await db.ImportMappings.AsNoTracking().OrderBy(m => m.Name).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(m => new MappingSummary(m.Name, ColumnMapping.KindSlug(m.Kind), m.UpdatedAtUtc)));
    }

    public static async Task<IResult> GetEndpoint(string name, CreditDb db, CancellationToken ct)
    {
        if (name == ColumnMapping.NativeName)
        {
            return Problems.Validation("name", "'credo' is built in: it maps each field from a column of the same name.");
        }

        var mapping = await db.ImportMappings.AsNoTracking().SingleOrDefaultAsync(m => m.Name == name, ct);
        return mapping is null ? Problems.NotFound("Import mapping", name) : TypedResults.Text(mapping.Json, "application/json");
    }

    public static async Task<IResult> PutEndpoint(string name, HttpRequest request, Mappings mappings, CancellationToken ct)
    {
        using var reader = new StreamReader(request.Body);
        var json = await reader.ReadToEndAsync(ct);
        var saved = await mappings.Save(name, json, ct);
        return saved.IsOk ? TypedResults.Text(saved.Value!.Json, "application/json") : saved.Error!.ToProblem();
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._\-]{0,99}$")]
    private static partial Regex NamePattern();
}
