using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Credo.Domain.Amounts;
using Credo.Domain.Common;

namespace Credo.Domain.Applications;

/// <summary>The typed columns an application's answers fill (null where the template has no such field or no answer).</summary>
public sealed record ApplicationColumns(
    string? LegalName,
    string? TradingName,
    string? TaxId,
    string? Website,
    string? Phone,
    string? Country,
    Money? RequestedLimit,
    string? RequestedTerms);

/// <summary>
/// Answers are a JSON object keyed by field: a string for single values ("true" for a ticked consent), an object
/// {line1, line2, city, region, postalCode, country} for an address, an array of objects for a group. Files are
/// not answers: they are counted from the uploaded documents. A field hidden by its condition is ignored, and
/// <see cref="Prune"/> drops it together with unknown keys and blank group items.
/// </summary>
public static partial class Answers
{
    public static readonly IReadOnlyList<string> AddressParts = ["line1", "line2", "city", "region", "postalCode", "country"];

    private static readonly string[] RequiredAddressParts = ["line1", "city", "postalCode", "country"];

    /// <summary>Only the fields the template knows and shows, trimmed, with blank values and blank group items removed.</summary>
    public static JsonObject Prune(TemplateDefinition definition, JsonObject answers) => PruneScope(definition.TopLevelFields.ToList(), answers);

    /// <summary>Every problem with the answers, each naming the field path; empty when they can be submitted.</summary>
    /// <param name="documentsByField">How many documents have been uploaded for each file field.</param>
    public static IReadOnlyList<FieldError> Validate(TemplateDefinition definition, JsonObject answers, IReadOnlyDictionary<string, int> documentsByField, DateOnly today)
    {
        var errors = new List<FieldError>();
        var pruned = Prune(definition, answers);
        ValidateScope(definition, definition.TopLevelFields.ToList(), pruned, prefix: string.Empty, documentsByField, today, errors);
        return errors;
    }

    /// <summary>Splits pruned answers into plain ones and the personal data (fields that hold any), which must be encrypted.</summary>
    public static (JsonObject Plain, JsonObject? Personal) Split(TemplateDefinition definition, JsonObject pruned)
    {
        var plain = new JsonObject();
        var personal = new JsonObject();
        foreach (var (key, value) in pruned)
        {
            var target = definition.Field(key)?.HoldsPersonalData == true ? personal : plain;
            target[key] = value?.DeepClone();
        }

        return (plain, personal.Count == 0 ? null : personal);
    }

    /// <summary>Merges plain and (decrypted) personal answers back into one object.</summary>
    public static JsonObject Merge(JsonObject plain, JsonObject? personal)
    {
        var all = (JsonObject)plain.DeepClone();
        foreach (var (key, value) in personal ?? [])
        {
            all[key] = value?.DeepClone();
        }

        return all;
    }

    /// <summary>The typed columns, read from answers that passed <see cref="Validate"/>.</summary>
    public static ApplicationColumns Columns(TemplateDefinition definition, JsonObject answers)
    {
        var pruned = Prune(definition, answers);
        string? Text(ApplicationColumn column) =>
            definition.TopLevelFields.FirstOrDefault(f => f.Column == column) is { } f ? Scalar(pruned[f.Key]) : null;

        string? country = null;
        if (definition.TopLevelFields.FirstOrDefault(f => f.Column == ApplicationColumn.Country) is { } countryField)
        {
            country = countryField.Kind == FieldKind.Address ? Scalar((pruned[countryField.Key] as JsonObject)?["country"]) : Scalar(pruned[countryField.Key]);
        }

        Money? limit = null;
        if (Text(ApplicationColumn.RequestedLimit) is { } amount && ParseMoney(amount, definition.Currency).Value is { } money)
        {
            limit = money;
        }

        return new ApplicationColumns(
            Text(ApplicationColumn.LegalName), Text(ApplicationColumn.TradingName), Text(ApplicationColumn.TaxId), Text(ApplicationColumn.Website),
            Text(ApplicationColumn.Phone), country?.ToUpperInvariant(), limit, Text(ApplicationColumn.RequestedTerms));
    }

    /// <summary>A money answer ("12500", "12,500.50") in the template currency.</summary>
    public static Result<Money> ParseMoney(string text, string currency)
    {
        var cleaned = text.Replace(",", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (!MoneyShape().IsMatch(cleaned) || !decimal.TryParse(cleaned, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var major))
        {
            return new ValidationFailed("amount", "Enter an amount such as 12500 or 12500.50.");
        }

        return Currency.TryParse(currency, out var c)
            ? Money.FromMajor(major, c.Value)
            : new ValidationFailed("currency", $"'{currency}' is not a known currency.");
    }

    public static string? Scalar(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;

    private static JsonObject PruneScope(IReadOnlyList<FieldDefinition> fields, JsonObject answers)
    {
        var kept = new JsonObject();
        foreach (var field in fields)
        {
            if (!IsVisible(field, answers) || !answers.TryGetPropertyValue(field.Key, out var node) || node is null)
            {
                continue;
            }

            switch (field.Kind)
            {
                case FieldKind.Text or FieldKind.Number or FieldKind.Money or FieldKind.Date or FieldKind.Choice
                    or FieldKind.Email or FieldKind.Phone or FieldKind.Consent:
                    if (Scalar(node) is { } text)
                    {
                        kept[field.Key] = text;
                    }

                    break;
                case FieldKind.Address:
                    if (node is JsonObject address)
                    {
                        var parts = new JsonObject();
                        foreach (var part in AddressParts)
                        {
                            if (Scalar(address[part]) is { } partText)
                            {
                                parts[part] = partText;
                            }
                        }

                        if (parts.Count > 0)
                        {
                            kept[field.Key] = parts;
                        }
                    }

                    break;
                case FieldKind.Group:
                    if (node is JsonArray items)
                    {
                        var keptItems = new JsonArray();
                        foreach (var item in items.OfType<JsonObject>())
                        {
                            var prunedItem = PruneScope(field.Fields ?? [], item);
                            if (prunedItem.Count > 0)
                            {
                                keptItems.Add(prunedItem);
                            }
                        }

                        if (keptItems.Count > 0)
                        {
                            kept[field.Key] = keptItems;
                        }
                    }

                    break;
                case FieldKind.File:
                    break;
            }
        }

        return kept;
    }

    /// <summary>Whether a field is shown, given the answers of its scope.</summary>
    public static bool IsVisible(FieldDefinition field, JsonObject scope)
    {
        if (field.VisibleWhen is not { } condition)
        {
            return true;
        }

        var value = Scalar(scope[condition.Field]);
        return value is not null && (condition.AnyOf is null || condition.AnyOf.Contains(value));
    }

    private static void ValidateScope(
        TemplateDefinition definition, IReadOnlyList<FieldDefinition> fields, JsonObject scope, string prefix,
        IReadOnlyDictionary<string, int> documentsByField, DateOnly today, List<FieldError> errors)
    {
        foreach (var field in fields.Where(f => IsVisible(f, scope)))
        {
            var path = prefix + field.Key;
            var node = scope[field.Key];
            switch (field.Kind)
            {
                case FieldKind.File:
                    if (field.Required && documentsByField.GetValueOrDefault(field.Key) == 0)
                    {
                        errors.Add(new(path, $"{field.Label}: upload at least one file."));
                    }

                    break;
                case FieldKind.Group:
                    ValidateGroup(definition, field, node, path, documentsByField, today, errors);
                    break;
                case FieldKind.Address:
                    ValidateAddress(field, node, path, errors);
                    break;
                case FieldKind.Text or FieldKind.Number or FieldKind.Money or FieldKind.Date or FieldKind.Choice
                    or FieldKind.Email or FieldKind.Phone or FieldKind.Consent:
                    ValidateValue(definition, field, node, path, today, errors);
                    break;
            }
        }
    }

    /// <summary>A group's item count within its bounds, and each item's fields in its own scope.</summary>
    private static void ValidateGroup(
        TemplateDefinition definition, FieldDefinition field, JsonNode? node, string path, IReadOnlyDictionary<string, int> documentsByField, DateOnly today, List<FieldError> errors)
    {
        var items = (node as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        var least = field.MinItems ?? (field.Required ? 1 : 0);
        if (items.Count < least)
        {
            errors.Add(new(path, $"{field.Label}: give at least {least} (you gave {items.Count})."));
        }

        if (field.MaxItems is { } most && items.Count > most)
        {
            errors.Add(new(path, $"{field.Label}: give at most {most} (you gave {items.Count})."));
        }

        for (var i = 0; i < items.Count; i++)
        {
            ValidateScope(definition, field.Fields ?? [], items[i], $"{path}[{i}].", documentsByField, today, errors);
        }
    }

    /// <summary>An address: its required parts given, none over 200 characters, a two-letter country code.</summary>
    private static void ValidateAddress(FieldDefinition field, JsonNode? node, string path, List<FieldError> errors)
    {
        if (node is not JsonObject address)
        {
            if (field.Required)
            {
                errors.Add(new(path, $"{field.Label} is required."));
            }

            return;
        }

        foreach (var part in RequiredAddressParts.Where(p => Scalar(address[p]) is null))
        {
            errors.Add(new($"{path}.{part}", $"{field.Label}: {PartLabel(part)} is required."));
        }

        foreach (var part in AddressParts)
        {
            if (Scalar(address[part]) is { Length: > 200 })
            {
                errors.Add(new($"{path}.{part}", $"{field.Label}: {PartLabel(part)} is longer than 200 characters."));
            }
        }

        if (Scalar(address["country"]) is { } country && !CountryShape().IsMatch(country.ToUpperInvariant()))
        {
            errors.Add(new($"{path}.country", $"{field.Label}: the country is a two-letter ISO code such as IE or US."));
        }
    }

    /// <summary>A single value: given when required (a consent ticked), and valid for its kind (<see cref="CheckValue"/>).</summary>
    private static void ValidateValue(TemplateDefinition definition, FieldDefinition field, JsonNode? node, string path, DateOnly today, List<FieldError> errors)
    {
        var text = Scalar(node);
        if (text is null)
        {
            if (field.Required)
            {
                errors.Add(new(path, field.Kind == FieldKind.Consent ? $"{field.Label}: tick to agree." : $"{field.Label} is required."));
            }

            return;
        }

        if (CheckValue(definition, field, text, today) is { } reason)
        {
            errors.Add(new(path, reason));
        }
    }

    private static string? CheckValue(TemplateDefinition definition, FieldDefinition field, string text, DateOnly today)
    {
        if (field.IsTextLike)
        {
            var max = field.MaxLength ?? TemplateRules.DefaultMaxLength;
            if (text.Length > max)
            {
                return $"{field.Label} is longer than {max} characters.";
            }

            if (field.Pattern is { } pattern && !Matches(pattern, text))
            {
                return field.PatternMessage is { } message ? $"{field.Label}: {message}" : $"{field.Label} is not in the expected format.";
            }
        }

        switch (field.Kind)
        {
            case FieldKind.Text:
                return null;
            case FieldKind.Email:
                return text.Length <= 254 && EmailShape().IsMatch(text) ? null : $"{field.Label} is not an email address.";
            case FieldKind.Phone:
                return PhoneShape().IsMatch(text) ? null : $"{field.Label} is not a phone number (digits, spaces, + ( ) - only).";
            case FieldKind.Consent:
                return text == "true" ? null : $"{field.Label}: tick to agree.";
            case FieldKind.Choice:
                return field.Options?.Any(o => o.Value == text) == true ? null : $"{field.Label}: '{text}' is not one of the options.";
            case FieldKind.Date:
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    return $"{field.Label} is not a date (yyyy-mm-dd).";
                }

                return field.NotInFuture && date > today ? $"{field.Label} cannot be in the future." : null;
            case FieldKind.Number:
                if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                {
                    return $"{field.Label} is not a number.";
                }

                if (field.Integer && number != decimal.Truncate(number))
                {
                    return $"{field.Label} must be a whole number.";
                }

                return Bounds(field, number);
            case FieldKind.Money:
                var money = ParseMoney(text, definition.Currency);
                return money.IsOk ? Bounds(field, money.Value.Major) : $"{field.Label}: {money.Error!.Message}";
            case FieldKind.Address or FieldKind.File or FieldKind.Group:
                return null;
        }

        return null;
    }

    private static string? Bounds(FieldDefinition field, decimal value) =>
        field.Min is { } min && value < min ? $"{field.Label} must be at least {min.ToString(CultureInfo.InvariantCulture)}."
        : field.Max is { } max && value > max ? $"{field.Label} must be at most {max.ToString(CultureInfo.InvariantCulture)}."
        : null;

    private static bool Matches(string pattern, string text)
    {
        try
        {
            return Regex.IsMatch(text, "^(?:" + pattern + ")$", RegexOptions.None, TimeSpan.FromMilliseconds(100));
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static string PartLabel(string part) => part switch
    {
        "line1" => "the first address line",
        "postalCode" => "the postal code",
        _ => "the " + part,
    };

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailShape();

    [GeneratedRegex(@"^\+?[0-9 ()\-.]{6,24}$")]
    private static partial Regex PhoneShape();

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryShape();

    [GeneratedRegex(@"^\d{1,15}(\.\d{1,4})?$")]
    private static partial Regex MoneyShape();
}
