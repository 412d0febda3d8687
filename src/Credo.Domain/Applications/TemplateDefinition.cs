using System.Text.Json;
using System.Text.Json.Serialization;
using Credo.Domain.Common;

namespace Credo.Domain.Applications;

/// <summary>What a field asks for; decides its input, its validation and how its answer is stored.</summary>
public enum FieldKind
{
    Text,
    Number,
    Money,
    Date,
    Choice,
    Email,
    Phone,
    Address,
    File,

    /// <summary>A repeatable group of sub-fields (trade references, owners): its answer is a list of items.</summary>
    Group,

    /// <summary>A checkbox the applicant must tick when required (e.g. consent to a bureau check).</summary>
    Consent,
}

/// <summary>The typed application columns a field may fill on submission (queried by the workflow and fraud checks).</summary>
public enum ApplicationColumn
{
    LegalName,
    TradingName,
    TaxId,
    Website,
    Phone,

    /// <summary>The country of an address field (the registered or billing address).</summary>
    Country,

    /// <summary>A money field, stored as minor units in the template currency.</summary>
    RequestedLimit,

    /// <summary>A payment terms code (choice or text).</summary>
    RequestedTerms,
}

public sealed record ChoiceOption(string Value, string Label);

/// <summary>
/// The field is shown (and validated, and kept) only when <see cref="Field"/> — a field in the same scope (the top
/// level, or the same group item) — has a value, or one of <see cref="AnyOf"/> when given.
/// </summary>
public sealed record Condition(string Field, IReadOnlyList<string>? AnyOf = null);

/// <summary>
/// One question. Which properties apply depends on <see cref="Kind"/>; <see cref="TemplateRules.ValidateDefinition"/>
/// refuses properties that make no sense for the kind. <see cref="Sensitive"/> marks personal data of owners and
/// guarantors (names, dates of birth, home addresses, national ids): such answers are encrypted at rest and never logged.
/// </summary>
public sealed record FieldDefinition
{
    public required string Key { get; init; }

    public required string Label { get; init; }

    public required FieldKind Kind { get; init; }

    public bool Required { get; init; }

    public string? Help { get; init; }

    /// <summary>Number and money: inclusive bounds (money in major units of the template currency).</summary>
    public decimal? Min { get; init; }

    public decimal? Max { get; init; }

    /// <summary>Number: whole numbers only.</summary>
    public bool Integer { get; init; }

    /// <summary>Date: not after the day of validation.</summary>
    public bool NotInFuture { get; init; }

    /// <summary>Text-like fields (text, email, phone): maximum characters; 500 when not given.</summary>
    public int? MaxLength { get; init; }

    /// <summary>Text-like fields: a regular expression the whole value must match.</summary>
    public string? Pattern { get; init; }

    /// <summary>Shown when the value does not match <see cref="Pattern"/>.</summary>
    public string? PatternMessage { get; init; }

    public IReadOnlyList<ChoiceOption>? Options { get; init; }

    public Condition? VisibleWhen { get; init; }

    public bool Sensitive { get; init; }

    /// <summary>Group: its sub-fields (no nested groups or files).</summary>
    public IReadOnlyList<FieldDefinition>? Fields { get; init; }

    public int? MinItems { get; init; }

    public int? MaxItems { get; init; }

    public ApplicationColumn? Column { get; init; }

    /// <summary>File: accepted content types among pdf, png and jpeg (all three when not given).</summary>
    public IReadOnlyList<string>? Accept { get; init; }

    public bool IsTextLike => Kind is FieldKind.Text or FieldKind.Email or FieldKind.Phone;

    /// <summary>True when the field or any of its sub-fields holds personal data.</summary>
    public bool HoldsPersonalData => Sensitive || (Fields?.Any(f => f.HoldsPersonalData) ?? false);
}

public sealed record SectionDefinition(string Key, string Title, IReadOnlyList<FieldDefinition> Fields, string? Description = null);

/// <summary>
/// An application template version's content: sections of fields, the currency of its money fields, and the terms
/// and consent text the applicant signs. Required documents are its required file fields.
/// </summary>
public sealed record TemplateDefinition
{
    public required string Title { get; init; }

    public string? Introduction { get; init; }

    public required string Currency { get; init; }

    public required IReadOnlyList<SectionDefinition> Sections { get; init; }

    public required string TermsText { get; init; }

    public required string ConsentText { get; init; }

    public IEnumerable<FieldDefinition> TopLevelFields => Sections.SelectMany(s => s.Fields);

    public IEnumerable<FieldDefinition> RequiredDocuments => TopLevelFields.Where(f => f.Kind == FieldKind.File && f.Required);

    public FieldDefinition? Field(string key) => TopLevelFields.FirstOrDefault(f => f.Key == key);
}

/// <summary>The JSON form of a definition (import, export, storage): camelCase, enums as camelCase names, nulls left out.</summary>
public static class TemplateJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static string Write(TemplateDefinition definition) => JsonSerializer.Serialize(definition, Options);

    public static Result<TemplateDefinition> Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<TemplateDefinition>(json, Options) is { } definition
                ? definition
                : new ValidationFailed("definition", "The template definition is empty.");
        }
        catch (JsonException e)
        {
            return new ValidationFailed("definition" + (e.Path is { Length: > 1 } p ? p.TrimStart('$') : string.Empty), "The template definition is not valid JSON for a template: " + FirstLine(e.Message));
        }
    }

    public static Result<TemplateDefinition> Read(JsonElement element) => Read(element.GetRawText());

    private static string FirstLine(string message) => message.Split('\n')[0].Split(" Path:")[0];
}
