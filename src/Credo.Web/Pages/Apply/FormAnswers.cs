using System.Text.Json.Nodes;
using Credo.Domain.Applications;

namespace Credo.Web.Pages.Apply;

/// <summary>
/// Form field names ↔ answers. A field's input is named <c>a.</c> + its answer path: <c>a.legalName</c>,
/// <c>a.billingAddress.city</c>, <c>a.owners[1].dateOfBirth</c>, <c>a.owners[1].homeAddress.line1</c>. Only the
/// template's fields are read; anything else posted is ignored.
/// </summary>
internal static class FormAnswers
{
    public const string Prefix = "a.";

    public static JsonObject Read(TemplateDefinition definition, IFormCollection form) => ReadScope(definition.TopLevelFields, form, Prefix);

    public static string Id(string path) => "f-" + path.Replace('[', '-').Replace("]", string.Empty, StringComparison.Ordinal).Replace('.', '-');

    /// <summary>How many item rows to show for a group: the items given plus one empty row, at least the minimum, at most the maximum.</summary>
    public static int Rows(FieldDefinition group, JsonNode? value)
    {
        var given = (value as JsonArray)?.Count ?? 0;
        var most = group.MaxItems ?? TemplateRules.MaxGroupItems;
        return Math.Clamp(Math.Max(given + 1, group.MinItems ?? 1), 1, most);
    }

    private static JsonObject ReadScope(IEnumerable<FieldDefinition> fields, IFormCollection form, string prefix)
    {
        var answers = new JsonObject();
        foreach (var field in fields)
        {
            var name = prefix + field.Key;
            switch (field.Kind)
            {
                case FieldKind.Text or FieldKind.Number or FieldKind.Money or FieldKind.Date or FieldKind.Choice
                    or FieldKind.Email or FieldKind.Phone:
                    if (form[name].FirstOrDefault() is { } text)
                    {
                        answers[field.Key] = text;
                    }

                    break;
                case FieldKind.Consent:
                    if (form[name].Contains("true"))
                    {
                        answers[field.Key] = "true";
                    }

                    break;
                case FieldKind.Address:
                    var address = new JsonObject();
                    foreach (var part in Answers.AddressParts)
                    {
                        if (form[name + "." + part].FirstOrDefault() is { } partText)
                        {
                            address[part] = partText;
                        }
                    }

                    answers[field.Key] = address;
                    break;
                case FieldKind.Group:
                    var items = new JsonArray();
                    for (var i = 0; i < (field.MaxItems ?? TemplateRules.MaxGroupItems); i++)
                    {
                        items.Add(ReadScope(field.Fields ?? [], form, $"{name}[{i}]."));
                    }

                    answers[field.Key] = items;
                    break;
                case FieldKind.File:
                    break;
            }
        }

        return answers;
    }
}
