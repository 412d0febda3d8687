using System.Text.Json;
using Credo.Web.Data;

namespace Credo.Web.Features.Applications;

/// <summary>
/// Reads what the workflow needs from a template's <see cref="ApplicationTemplate.DefinitionJson"/> and an
/// application's answers, tolerantly (the template format belongs to the forms slice): field labels by key, the
/// required documents (fields of type "file" marked required, or a root "requiredDocuments" list) and addresses.
/// </summary>
internal static class TemplateReading
{
    public static IReadOnlyDictionary<string, string> Labels(string? definitionJson)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        Walk(definitionJson, field =>
        {
            if (Key(field) is { } key && Str(field, "label") is { } label)
            {
                labels.TryAdd(key, label);
            }
        });
        return labels;
    }

    public static IReadOnlyList<string> RequiredDocuments(string? definitionJson)
    {
        var keys = new List<string>();
        if (Parse(definitionJson) is { } root && root.ValueKind == JsonValueKind.Object && root.TryGetProperty("requiredDocuments", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            keys.AddRange(list.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() : Key(x)).OfType<string>());
        }

        Walk(definitionJson, field =>
        {
            if (Key(field) is { } key && string.Equals(Str(field, "type"), "file", StringComparison.OrdinalIgnoreCase)
                && field.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.True)
            {
                keys.Add(key);
            }
        });
        return [.. keys.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>The answers as flat key and text pairs, in their order (nested values as compact JSON).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Answers(string? answersJson)
    {
        if (Parse(answersJson) is not { ValueKind: JsonValueKind.Object } root)
        {
            return [];
        }

        return [.. root.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.ValueKind switch
        {
            JsonValueKind.String => p.Value.GetString() ?? string.Empty,
            JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Object or JsonValueKind.Array => p.Value.GetRawText(),
        }))];
    }

    /// <summary>An address answer (an object with line1, line2, city, region or state, postalCode or zip, country).</summary>
    public static Address? Address(string? answersJson, params string[] keys)
    {
        if (Parse(answersJson) is not { ValueKind: JsonValueKind.Object } root)
        {
            return null;
        }

        foreach (var key in keys)
        {
            if (root.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase)).Value is { ValueKind: JsonValueKind.Object } a)
            {
                return new Address
                {
                    Line1 = Any(a, "line1", "street", "address1"),
                    Line2 = Any(a, "line2", "address2"),
                    City = Any(a, "city", "town"),
                    Region = Any(a, "region", "state", "province"),
                    PostalCode = Any(a, "postalCode", "postcode", "zip"),
                    Country = Any(a, "country")?.ToUpperInvariant() is { Length: 2 } c ? c : null,
                };
            }
        }

        return null;
    }

    private static string? Any(JsonElement o, params string[] names) =>
        names.Select(n => o.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, n, StringComparison.OrdinalIgnoreCase)).Value)
            .Where(v => v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()))
            .Select(v => v.GetString()!.Trim()).FirstOrDefault();

    private static void Walk(string? json, Action<JsonElement> onObject)
    {
        if (Parse(json) is { } root)
        {
            Visit(root, onObject, 0);
        }
    }

    private static void Visit(JsonElement e, Action<JsonElement> onObject, int depth)
    {
        if (depth > 32)
        {
            return;
        }

        if (e.ValueKind == JsonValueKind.Object)
        {
            onObject(e);
            foreach (var p in e.EnumerateObject())
            {
                Visit(p.Value, onObject, depth + 1);
            }
        }
        else if (e.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in e.EnumerateArray())
            {
                Visit(item, onObject, depth + 1);
            }
        }
    }

    private static string? Key(JsonElement o) => o.ValueKind == JsonValueKind.Object ? Str(o, "key") ?? Str(o, "name") : null;

    private static string? Str(JsonElement o, string name) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static JsonElement? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
