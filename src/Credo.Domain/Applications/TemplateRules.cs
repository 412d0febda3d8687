using System.Text.RegularExpressions;
using Credo.Domain.Amounts;

namespace Credo.Domain.Applications;

/// <summary>A problem with a template definition or an answer: the path of the field at fault and why.</summary>
public sealed record FieldError(string Path, string Reason)
{
    public override string ToString() => $"{Path}: {Reason}";
}

/// <summary>
/// Publish-time checks of a template definition: keys well formed and unique in their scope, properties that fit the
/// field's kind, bounds in order, patterns that compile, conditions that point at an existing field of the same
/// scope, typed columns used once and by a field of a fitting kind, terms and consent text present.
/// </summary>
public static partial class TemplateRules
{
    public const int DefaultMaxLength = 500;
    public const int MaxGroupItems = 50;

    public static readonly IReadOnlyList<string> FileTypes = ["pdf", "png", "jpeg"];

    public static IReadOnlyList<FieldError> ValidateDefinition(TemplateDefinition definition)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(definition.Title))
        {
            errors.Add(new("title", "A template needs a title."));
        }

        if (!Currency.TryParse(definition.Currency, out _))
        {
            errors.Add(new("currency", $"'{definition.Currency}' is not a known ISO 4217 currency code."));
        }

        if (string.IsNullOrWhiteSpace(definition.TermsText))
        {
            errors.Add(new("termsText", "The terms the applicant agrees to are required."));
        }

        if (string.IsNullOrWhiteSpace(definition.ConsentText))
        {
            errors.Add(new("consentText", "The consent text the applicant signs is required."));
        }

        if (definition.Sections.Count == 0)
        {
            errors.Add(new("sections", "A template needs at least one section."));
        }

        var sectionKeys = new HashSet<string>(StringComparer.Ordinal);
        for (var s = 0; s < definition.Sections.Count; s++)
        {
            var section = definition.Sections[s];
            var path = $"sections[{s}]";
            if (!KeyShape().IsMatch(section.Key ?? string.Empty))
            {
                errors.Add(new(path + ".key", "A key is a letter then up to 63 letters or digits."));
            }
            else if (!sectionKeys.Add(section.Key!))
            {
                errors.Add(new(path + ".key", $"The section key '{section.Key}' is used twice."));
            }

            if (string.IsNullOrWhiteSpace(section.Title))
            {
                errors.Add(new(path + ".title", "A section needs a title."));
            }

            if (section.Fields is null || section.Fields.Count == 0)
            {
                errors.Add(new(path + ".fields", "A section needs at least one field."));
            }
        }

        var topLevel = definition.Sections.SelectMany((s, si) => (s.Fields ?? []).Select((f, fi) => (Field: f, Path: $"sections[{si}].fields[{fi}]"))).ToList();
        ValidateScope(topLevel, topLevel: true, errors);

        var columns = topLevel.Where(x => x.Field.Column is not null).GroupBy(x => x.Field.Column!.Value);
        foreach (var column in columns.Where(g => g.Count() > 1))
        {
            errors.Add(new(column.Skip(1).First().Path + ".column", $"The column {column.Key} is filled by more than one field."));
        }

        return errors;
    }

    private static void ValidateScope(IReadOnlyList<(FieldDefinition Field, string Path)> fields, bool topLevel, List<FieldError> errors)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (field, path) in fields)
        {
            if (!KeyShape().IsMatch(field.Key ?? string.Empty))
            {
                errors.Add(new(path + ".key", "A key is a letter then up to 63 letters or digits."));
            }
            else if (!keys.Add(field.Key!))
            {
                errors.Add(new(path + ".key", $"The field key '{field.Key}' is used twice."));
            }

            ValidateField(field, path, topLevel, errors);
        }

        foreach (var (field, path) in fields.Where(x => x.Field.VisibleWhen is not null))
        {
            var condition = field.VisibleWhen!;
            var target = fields.FirstOrDefault(x => x.Field.Key == condition.Field).Field;
            if (target is null)
            {
                errors.Add(new(path + ".visibleWhen.field", $"'{condition.Field}' is not a field of the same {(topLevel ? "template level" : "group")}."));
            }
            else if (target == field)
            {
                errors.Add(new(path + ".visibleWhen.field", "A field cannot depend on itself."));
            }
            else if (target.Kind is FieldKind.Group or FieldKind.File or FieldKind.Address)
            {
                errors.Add(new(path + ".visibleWhen.field", $"A condition can only test a single-value field; '{condition.Field}' is a {Name(target.Kind)}."));
            }
            else if (target.Kind == FieldKind.Choice && condition.AnyOf is { } anyOf && anyOf.FirstOrDefault(v => target.Options?.All(o => o.Value != v) ?? true) is { } unknown)
            {
                errors.Add(new(path + ".visibleWhen.anyOf", $"'{unknown}' is not an option of '{condition.Field}'."));
            }
        }
    }

    private static void ValidateField(FieldDefinition field, string path, bool topLevel, List<FieldError> errors)
    {
        ValidateLabelAndBounds(field, path, errors);
        ValidateText(field, path, errors);
        ValidateOptions(field, path, errors);
        ValidateFile(field, path, topLevel, errors);
        ValidateGroup(field, path, topLevel, errors);
        ValidateColumn(field, path, topLevel, errors);
    }

    /// <summary>A label; bounds only on numbers and money (minimum not above maximum); whole numbers only on numbers; "not in future" only on dates.</summary>
    private static void ValidateLabelAndBounds(FieldDefinition field, string path, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(field.Label))
        {
            errors.Add(new(path + ".label", "A field needs a label."));
        }

        var numeric = field.Kind is FieldKind.Number or FieldKind.Money;
        if (!numeric && (field.Min is not null || field.Max is not null))
        {
            errors.Add(new(path + (field.Min is not null ? ".min" : ".max"), $"Bounds apply to number and money fields, not to a {Name(field.Kind)}."));
        }

        if (field.Min is { } min && field.Max is { } max && min > max)
        {
            errors.Add(new(path + ".max", $"The maximum ({max}) is below the minimum ({min})."));
        }

        if (field.Integer && field.Kind != FieldKind.Number)
        {
            errors.Add(new(path + ".integer", "Only a number field can require whole numbers."));
        }

        if (field.NotInFuture && field.Kind != FieldKind.Date)
        {
            errors.Add(new(path + ".notInFuture", "Only a date field can refuse future dates."));
        }
    }

    /// <summary>Length and pattern only on text-like fields; a length of 1 to 10000; a pattern that is a valid regular expression.</summary>
    private static void ValidateText(FieldDefinition field, string path, List<FieldError> errors)
    {
        if (!field.IsTextLike && (field.MaxLength is not null || field.Pattern is not null))
        {
            errors.Add(new(path + (field.Pattern is not null ? ".pattern" : ".maxLength"), $"Length and pattern apply to text, email and phone fields, not to a {Name(field.Kind)}."));
        }

        if (field.MaxLength is < 1 or > 10_000)
        {
            errors.Add(new(path + ".maxLength", "The maximum length must be between 1 and 10000."));
        }

        if (field.Pattern is { } pattern)
        {
            try
            {
                _ = new Regex(pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
            }
            catch (ArgumentException e)
            {
                errors.Add(new(path + ".pattern", "The pattern is not a valid regular expression: " + e.Message));
            }
        }
    }

    /// <summary>A choice has options, each with a value and a label, no value twice; other kinds have none.</summary>
    private static void ValidateOptions(FieldDefinition field, string path, List<FieldError> errors)
    {
        if (field.Kind == FieldKind.Choice)
        {
            if (field.Options is null || field.Options.Count == 0)
            {
                errors.Add(new(path + ".options", "A choice needs at least one option."));
            }
            else if (field.Options.GroupBy(o => o.Value).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                errors.Add(new(path + ".options", $"The option '{twice.Key}' is listed twice."));
            }
            else if (field.Options.Any(o => string.IsNullOrWhiteSpace(o.Value) || string.IsNullOrWhiteSpace(o.Label)))
            {
                errors.Add(new(path + ".options", "Every option needs a value and a label."));
            }
        }
        else if (field.Options is not null)
        {
            errors.Add(new(path + ".options", $"Options apply to a choice, not to a {Name(field.Kind)}."));
        }
    }

    /// <summary>A file field is top-level and accepts known file types only; other kinds accept none.</summary>
    private static void ValidateFile(FieldDefinition field, string path, bool topLevel, List<FieldError> errors)
    {
        if (field.Kind == FieldKind.File)
        {
            if (!topLevel)
            {
                errors.Add(new(path + ".kind", "A file field cannot be inside a group."));
            }

            if (field.Accept?.FirstOrDefault(a => !FileTypes.Contains(a)) is { } unknownType)
            {
                errors.Add(new(path + ".accept", $"'{unknownType}' is not an accepted file type (pdf, png, jpeg)."));
            }
        }
        else if (field.Accept is not null)
        {
            errors.Add(new(path + ".accept", $"Accepted file types apply to a file field, not to a {Name(field.Kind)}."));
        }
    }

    /// <summary>A group is top-level, holds fields (validated in their own scope) and sensible item counts; other kinds have neither.</summary>
    private static void ValidateGroup(FieldDefinition field, string path, bool topLevel, List<FieldError> errors)
    {
        if (field.Kind == FieldKind.Group)
        {
            if (!topLevel)
            {
                errors.Add(new(path + ".kind", "Groups cannot be nested."));
            }

            if (field.Fields is null || field.Fields.Count == 0)
            {
                errors.Add(new(path + ".fields", "A group needs at least one field."));
            }
            else
            {
                ValidateScope([.. field.Fields.Select((f, i) => (f, $"{path}.fields[{i}]"))], topLevel: false, errors);
            }

            if (field.MinItems is < 0 || field.MaxItems is < 1 or > MaxGroupItems)
            {
                errors.Add(new(path + ".maxItems", $"A group holds between 0 and {MaxGroupItems} items, at least 1 at most."));
            }
            else if (field.MinItems is { } least && field.MaxItems is { } most && least > most)
            {
                errors.Add(new(path + ".maxItems", $"The maximum number of items ({most}) is below the minimum ({least})."));
            }
        }
        else if (field.Fields is not null || field.MinItems is not null || field.MaxItems is not null)
        {
            errors.Add(new(path + ".fields", $"Sub-fields and item counts apply to a group, not to a {Name(field.Kind)}."));
        }
    }

    /// <summary>A field filling an application column is top-level, holds no personal data, and is of a kind the column takes.</summary>
    private static void ValidateColumn(FieldDefinition field, string path, bool topLevel, List<FieldError> errors)
    {
        if (field.Column is { } column)
        {
            if (!topLevel)
            {
                errors.Add(new(path + ".column", "Only a top-level field can fill an application column."));
            }
            else if (field.HoldsPersonalData)
            {
                errors.Add(new(path + ".column", "Personal data cannot fill a plain application column."));
            }
            else if (!Fits(column, field.Kind))
            {
                errors.Add(new(path + ".column", $"The column {column} cannot be filled by a {Name(field.Kind)} field."));
            }
        }
    }

    private static bool Fits(ApplicationColumn column, FieldKind kind) => column switch
    {
        ApplicationColumn.LegalName or ApplicationColumn.TradingName or ApplicationColumn.TaxId or ApplicationColumn.Website => kind == FieldKind.Text,
        ApplicationColumn.Phone => kind is FieldKind.Phone or FieldKind.Text,
        ApplicationColumn.Country => kind is FieldKind.Address or FieldKind.Choice,
        ApplicationColumn.RequestedLimit => kind == FieldKind.Money,
        ApplicationColumn.RequestedTerms => kind is FieldKind.Choice or FieldKind.Text,
    };

    internal static string Name(FieldKind kind) => kind.ToString().ToLowerInvariant();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,63}$")]
    private static partial Regex KeyShape();
}
