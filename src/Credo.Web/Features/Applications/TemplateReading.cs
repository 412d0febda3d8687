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

    /// <summary>
    /// The answers as flat key and text pairs, in their order. A nested answer (an address, a list of references) is
    /// one pair per part, keyed "billingAddress.city" or "references.1.name", never compact JSON (issue 12 §4: answers
    /// were shown as raw JSON and cut off); a list of plain values is one comma-separated text; yes/no for booleans.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Answers(string? answersJson)
    {
        if (Parse(answersJson) is not { ValueKind: JsonValueKind.Object } root)
        {
            return [];
        }

        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var p in root.EnumerateObject())
        {
            Flatten(p.Name, p.Value, pairs, 0);
        }

        return pairs;
    }

    private static void Flatten(string key, JsonElement value, List<KeyValuePair<string, string>> pairs, int depth)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object when depth < 8:
                foreach (var p in value.EnumerateObject())
                {
                    Flatten(key + "." + p.Name, p.Value, pairs, depth + 1);
                }

                break;
            case JsonValueKind.Array when depth < 8 && value.EnumerateArray().Any(i => i.ValueKind is JsonValueKind.Object or JsonValueKind.Array):
                var n = 0;
                foreach (var item in value.EnumerateArray())
                {
                    Flatten(key + "." + (++n).ToString(System.Globalization.CultureInfo.InvariantCulture), item, pairs, depth + 1);
                }

                break;
            case JsonValueKind.Array:
                pairs.Add(new(key, string.Join(", ", value.EnumerateArray().Select(Scalar).Where(t => t.Length > 0))));
                break;
            case JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null or JsonValueKind.Undefined or JsonValueKind.Object:
                pairs.Add(new(key, Scalar(value)));
                break;
        }
    }

    private static string Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString() ?? string.Empty,
        JsonValueKind.True => "Yes",
        JsonValueKind.False => "No",
        JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.Object or JsonValueKind.Array => string.Empty,
    };

    /// <summary>
    /// The label a person reads for a flattened answer key: each part by the template's label, or in words
    /// ("postalCode" → "Postal code"), numbered items as "#1": "Billing address: Postal code".
    /// </summary>
    public static string Label(string key, IReadOnlyDictionary<string, string> labels) =>
        string.Join(": ", key.Split('.').Select(part =>
            labels.TryGetValue(part, out var label) ? label
            : part.Length > 0 && part.All(char.IsAsciiDigit) ? "#" + part
            : InWords(part)));

    private static string InWords(string part)
    {
        var words = new System.Text.StringBuilder(part.Length + 4);
        for (var i = 0; i < part.Length; i++)
        {
            var c = part[i] is '_' or '-' ? ' ' : part[i];
            if (i > 0 && char.IsUpper(c) && char.IsLower(part[i - 1]))
            {
                words.Append(' ');
            }

            words.Append(words.Length == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
        }

        return words.ToString();
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
