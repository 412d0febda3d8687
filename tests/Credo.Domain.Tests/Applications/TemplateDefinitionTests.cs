using Credo.Domain.Applications;

namespace Credo.Domain.Tests.Applications;

public sealed class TemplateDefinitionTests
{
    private static TemplateDefinition One(params FieldDefinition[] fields) => new()
    {
        Title = "T",
        Currency = "EUR",
        TermsText = "Terms.",
        ConsentText = "I agree.",
        Sections = [new("main", "Main", fields)],
    };

    private static FieldDefinition Text(string key) => new() { Key = key, Label = key, Kind = FieldKind.Text };

    [Fact]
    public void The_default_template_is_valid_and_has_everything_the_issue_lists()
    {
        var definition = TradeCreditTemplate.Definition();
        Assert.Empty(TemplateRules.ValidateDefinition(definition));
        var keys = definition.TopLevelFields.Select(f => f.Key).ToHashSet();
        foreach (var key in new[]
        {
            "legalName", "tradingName", "taxId", "incorporationDate", "incorporationPlace", "yearsInBusiness", "annualRevenue", "employees", "website",
            "billingAddress", "shippingAddress", "bankName", "tradeReferences", "owners", "requestedLimit", "requestedTerms", "financialStatements",
        })
        {
            Assert.Contains(key, keys);
        }

        Assert.Equal(3, definition.Field("tradeReferences")!.MinItems);
        Assert.True(definition.Field("owners")!.HoldsPersonalData);
        Assert.Equal(["financialStatements"], definition.RequiredDocuments.Select(f => f.Key));
    }

    [Fact]
    public void Json_round_trip_keeps_the_definition()
    {
        var json = TemplateJson.Write(TradeCreditTemplate.Definition());
        var read = TemplateJson.Read(json);
        Assert.True(read.IsOk, read.Error?.Message);
        Assert.Equal(json, TemplateJson.Write(read.Value!));
        Assert.Contains("\"kind\": \"group\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"title\":\"T\"}", "definition", "missing")]
    [InlineData("{not json", "definition", "not valid JSON")]
    [InlineData("{\"title\":\"T\",\"currency\":\"EUR\",\"termsText\":\"t\",\"consentText\":\"c\",\"sections\":[],\"colour\":\"red\"}", "definition", "colour")]
    [InlineData("{\"title\":\"T\",\"currency\":\"EUR\",\"termsText\":\"t\",\"consentText\":\"c\",\"sections\":[{\"key\":\"s\",\"title\":\"S\",\"fields\":[{\"key\":\"a\",\"label\":\"A\",\"kind\":\"colour\"}]}]}", "definition", "kind")]
    public void Malformed_json_is_refused_with_a_reason(string json, string field, string reasonPart)
    {
        var read = TemplateJson.Read(json);
        Assert.False(read.IsOk);
        Assert.StartsWith(field, read.Error!.Field, StringComparison.Ordinal);
        Assert.Contains(reasonPart, read.Error.Message + read.Error.Field, StringComparison.OrdinalIgnoreCase);
    }

    public static TheoryData<string, TemplateDefinition, string, string> BrokenDefinitions() => new()
    {
        { "unknown currency", One(Text("a")) with { Currency = "XXY" }, "currency", "not a known" },
        { "no consent text", One(Text("a")) with { ConsentText = " " }, "consentText", "required" },
        { "no terms", One(Text("a")) with { TermsText = "" }, "termsText", "required" },
        { "no sections", One(Text("a")) with { Sections = [] }, "sections", "at least one section" },
        { "duplicate key", One(Text("a"), Text("a")), "sections[0].fields[1].key", "used twice" },
        { "bad key", One(Text("1a")), "sections[0].fields[0].key", "letter" },
        { "min above max", One(new FieldDefinition { Key = "n", Label = "N", Kind = FieldKind.Number, Min = 5, Max = 1 }), "sections[0].fields[0].max", "below the minimum" },
        { "bounds on text", One(Text("a") with { Min = 1 }), "sections[0].fields[0].min", "number and money" },
        { "pattern on date", One(new FieldDefinition { Key = "d", Label = "D", Kind = FieldKind.Date, Pattern = "x" }), "sections[0].fields[0].pattern", "text, email and phone" },
        { "bad pattern", One(Text("a") with { Pattern = "(" }), "sections[0].fields[0].pattern", "not a valid regular expression" },
        { "choice without options", One(new FieldDefinition { Key = "c", Label = "C", Kind = FieldKind.Choice }), "sections[0].fields[0].options", "at least one option" },
        { "option twice", One(new FieldDefinition { Key = "c", Label = "C", Kind = FieldKind.Choice, Options = [new("x", "X"), new("x", "Y")] }), "sections[0].fields[0].options", "listed twice" },
        { "condition on unknown field", One(Text("a") with { VisibleWhen = new("zz") }), "sections[0].fields[0].visibleWhen.field", "not a field" },
        { "condition on itself", One(Text("a") with { VisibleWhen = new("a") }), "sections[0].fields[0].visibleWhen.field", "itself" },
        {
            "condition on unknown option",
            One(new FieldDefinition { Key = "c", Label = "C", Kind = FieldKind.Choice, Options = [new("x", "X")] }, Text("a") with { VisibleWhen = new("c", ["y"]) }),
            "sections[0].fields[1].visibleWhen.anyOf", "not an option"
        },
        { "empty group", One(new FieldDefinition { Key = "g", Label = "G", Kind = FieldKind.Group, Fields = [] }), "sections[0].fields[0].fields", "at least one field" },
        {
            "nested group",
            One(new FieldDefinition { Key = "g", Label = "G", Kind = FieldKind.Group, Fields = [new FieldDefinition { Key = "h", Label = "H", Kind = FieldKind.Group, Fields = [Text("x")] }] }),
            "sections[0].fields[0].fields[0].kind", "cannot be nested"
        },
        {
            "file in group",
            One(new FieldDefinition { Key = "g", Label = "G", Kind = FieldKind.Group, Fields = [new FieldDefinition { Key = "f", Label = "F", Kind = FieldKind.File }] }),
            "sections[0].fields[0].fields[0].kind", "inside a group"
        },
        { "min items above max", One(new FieldDefinition { Key = "g", Label = "G", Kind = FieldKind.Group, Fields = [Text("x")], MinItems = 4, MaxItems = 2 }), "sections[0].fields[0].maxItems", "below the minimum" },
        { "unknown file type", One(new FieldDefinition { Key = "f", Label = "F", Kind = FieldKind.File, Accept = ["svg"] }), "sections[0].fields[0].accept", "'svg'" },
        { "column of wrong kind", One(new FieldDefinition { Key = "d", Label = "D", Kind = FieldKind.Date, Column = ApplicationColumn.LegalName }), "sections[0].fields[0].column", "cannot be filled by a date" },
        { "column twice", One(Text("a") with { Column = ApplicationColumn.TaxId }, Text("b") with { Column = ApplicationColumn.TaxId }), "sections[0].fields[1].column", "more than one field" },
        { "personal data in a column", One(Text("a") with { Column = ApplicationColumn.LegalName, Sensitive = true }), "sections[0].fields[0].column", "Personal data" },
        { "section without title", One(Text("a")) with { Sections = [new("s", "", [Text("a")])] }, "sections[0].title", "title" },
    };

    [Theory]
    [MemberData(nameof(BrokenDefinitions))]
    public void A_broken_definition_is_refused_naming_the_path(string why, TemplateDefinition definition, string path, string reasonPart)
    {
        var errors = TemplateRules.ValidateDefinition(definition);
        Assert.True(errors.Any(e => e.Path == path && e.Reason.Contains(reasonPart, StringComparison.OrdinalIgnoreCase)), $"{why}: got {string.Join("; ", errors)}");
    }
}
