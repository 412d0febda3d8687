using Credo.Domain.Policy;
using static Credo.Domain.Tests.Policy.PolicyFixtures;

namespace Credo.Domain.Tests.Policy;

public sealed class PolicyValidationTests
{
    private static string Rule(string name, string when, string then = """{ "outcome": "refer", "reason": "look" }""") =>
        $$"""{ "name": "{{name}}", "when": [ {{when}} ], "then": {{then}} }""";

    private const string Approve = """{ "outcome": "approve", "limit": "recommended" }""";
    private const string Decline = """{ "outcome": "decline", "code": "no", "text": "No." }""";

    /// <summary>Each bad policy is refused at the path at fault with a message naming the rule and the condition.</summary>
    [Theory]
    [InlineData("unknown fact", """{ "fact": "scorre", "op": ">", "value": 1 }""", "rules[0].when[0].fact", "Rule 'R', condition 'scorre > 1': 'scorre' is not a known fact")]
    [InlineData("text for a number", """{ "fact": "score", "op": ">", "value": "high" }""", "rules[0].when[0].value", "score is a number, so the value must be a number, not a text")]
    [InlineData("number for a flag", """{ "fact": "bureauBankruptcy", "op": "=", "value": 1 }""", "rules[0].when[0].value", "bureauBankruptcy is a flag")]
    [InlineData("ordering a text", """{ "fact": "country", "op": "<", "value": "US" }""", "rules[0].when[0].op", "a text can only be compared with = or !=")]
    [InlineData("empty list", """{ "fact": "country", "op": "in", "values": [] }""", "rules[0].when[0].values", "the list is empty")]
    [InlineData("mixed list", """{ "fact": "country", "op": "in", "values": ["US", 3] }""", "rules[0].when[0].values[1]", "every value must be a text; 3 is a number")]
    [InlineData("unknown risk class", """{ "fact": "riskClass", "op": "=", "value": "lowest" }""", "rules[0].when[0].value", "'lowest' is not a risk class of the scorecard (high, medium, low)")]
    [InlineData("unknown Altman zone", """{ "fact": "altmanZone", "op": "in", "values": ["safe", "gray"] }""", "rules[0].when[0].values[1]", "'gray' is not an Altman zone")]
    [InlineData("contradictory range", """{ "fact": "score", "op": ">", "value": 80 }, { "fact": "score", "op": "<", "value": 50 }""", "rules[0].when", "Rule 'R' can never fire: no value of score satisfies score > 80; score < 50")]
    [InlineData("empty half-open range", """{ "fact": "yearsInBusiness", "op": ">=", "value": 5 }, { "fact": "yearsInBusiness", "op": "<", "value": 5 }""", "rules[0].when", "can never fire")]
    [InlineData("score beyond its scale", """{ "fact": "score", "op": ">", "value": 100 }""", "rules[0].when", "no value of score satisfies score > 100")]
    [InlineData("two different equalities", """{ "fact": "country", "op": "=", "value": "US" }, { "fact": "country", "op": "=", "value": "CA" }""", "rules[0].when", "no value of country")]
    [InlineData("equal and not equal", """{ "fact": "country", "op": "=", "value": "US" }, { "allOf": [ { "fact": "country", "op": "!=", "value": "US" } ] }""", "rules[0].when", "can never fire")]
    [InlineData("flag neither true nor false", """{ "fact": "fraudVelocity", "op": "!=", "value": true }, { "fact": "fraudVelocity", "op": "!=", "value": false }""", "rules[0].when", "no value of fraudVelocity")]
    [InlineData("list outside the range", """{ "fact": "employees", "op": "in", "values": [1, 2] }, { "fact": "employees", "op": ">", "value": 10 }""", "rules[0].when", "no value of employees")]
    [InlineData("risk class excluded entirely", """{ "fact": "riskClass", "op": "!=", "value": "low" }, { "fact": "riskClass", "op": "!=", "value": "medium" }, { "fact": "riskClass", "op": "!=", "value": "high" }""", "rules[0].when", "no value of riskClass")]
    [InlineData("missing and compared", """{ "fact": "paydex", "op": "missing" }, { "fact": "paydex", "op": ">", "value": 50 }""", "rules[0].when", "'paydex is missing' and 'paydex > 50' cannot both hold")]
    [InlineData("computed fact never missing", """{ "fact": "score", "op": "missing" }""", "rules[0].when[0]", "score is always computed")]
    [InlineData("empty any-of", """{ "anyOf": [] }""", "rules[0].when[0]", "needs at least one condition")]
    [InlineData("unknown operator", """{ "fact": "score", "op": "~", "value": 1 }""", "rules[0].when[0].op", "'~' is not an operator")]
    public void Bad_conditions_are_refused_with_the_rule_and_condition_named(string why, string when, string path, string message)
    {
        var errors = Problems(Json(Rule("R", when)));
        Assert.True(errors.Any(e => e.Field == path && e.Message.Contains(message, StringComparison.Ordinal)), $"{why}: expected {path}: {message}; got {string.Join(" | ", errors.Select(e => $"{e.Field}: {e.Message}"))}");
    }

    [Theory]
    [InlineData("range with a gap between bounds", """{ "fact": "score", "op": ">=", "value": 50 }, { "fact": "score", "op": "<=", "value": 50 }""")]
    [InlineData("not-equal inside a range", """{ "fact": "yearsInBusiness", "op": ">", "value": 1 }, { "fact": "yearsInBusiness", "op": "!=", "value": 3 }""")]
    [InlineData("list meeting the range", """{ "fact": "employees", "op": "in", "values": [1, 20] }, { "fact": "employees", "op": ">", "value": 10 }""")]
    [InlineData("any-of is not analysed as a contradiction", """{ "anyOf": [ { "fact": "score", "op": ">", "value": 80 }, { "fact": "score", "op": "<", "value": 50 } ] }""")]
    [InlineData("present and compared", """{ "fact": "paydex", "op": "present" }, { "fact": "paydex", "op": ">", "value": 50 }""")]
    public void Satisfiable_conditions_are_accepted(string why, string when)
    {
        var errors = Problems(Json(Rule("R", when)));
        Assert.True(errors.Count == 0, $"{why}: {string.Join(" | ", errors.Select(e => $"{e.Field}: {e.Message}"))}");
    }

    [Fact]
    public void An_unconditional_decline_shadows_every_weaker_rule()
    {
        var errors = Problems(Json(
            Rule("Everyone out", string.Empty, Decline),
            Rule("Look", """{ "fact": "score", "op": "<", "value": 40 }"""),
            Rule("Good", """{ "fact": "score", "op": ">=", "value": 40 }""", Approve)));
        Assert.Contains(errors, e => e.Field == "rules[1]" && e.Message == "Rule 'Look' can never change the outcome: rule 'Everyone out' always declines, which takes precedence over refer.");
        Assert.Contains(errors, e => e.Field == "rules[2]" && e.Message.StartsWith("Rule 'Good' can never change the outcome", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Field == "rules[0]");
    }

    [Fact]
    public void A_stronger_rule_with_a_subset_of_the_conditions_shadows_the_weaker_one()
    {
        var errors = Problems(Json(
            Rule("Young", """{ "fact": "yearsInBusiness", "op": "<", "value": 2 }"""),
            Rule("Young and big", """{ "fact": "yearsInBusiness", "op": "<", "value": 2 }, { "fact": "requestedLimit", "op": ">", "value": 1000 }""", Approve),
            Rule("Young decline", """{ "fact": "yearsInBusiness", "op": "<", "value": 2 }, { "fact": "country", "op": "=", "value": "US" }""", Decline)));
        var shadowed = Assert.Single(errors);
        Assert.Equal("rules[1]", shadowed.Field);
        Assert.Contains("rule 'Young' (yearsInBusiness < 2) fires too and refers", shadowed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_rest_of_the_version_is_checked_too()
    {
        var json = Json(Rule("R", string.Empty, """{ "outcome": "approve", "limit": "fixed", "terms": "NET-SOMETIME" }"""), Rule("R", string.Empty, """{ "outcome": "decline", "code": "", "text": "" }"""))
            .Replace("\"yearsInBusiness\", \"weight\": 100", "\"riskClass\", \"weight\": 90", StringComparison.Ordinal)
            .Replace("\"low\": 12", "\"lowest\": 12", StringComparison.Ordinal)
            .Replace("\"NET30\"", "\"SOON\"", StringComparison.Ordinal)
            .Replace("\"USD\": 50000", "\"USD\": -1", StringComparison.Ordinal);
        var fields = Problems(json).Select(e => e.Field).ToList();
        Assert.Contains("scorecard.factors", fields); // weights sum to 90
        Assert.Contains("scorecard.factors[0].name", fields); // riskClass is text and computed
        Assert.Contains("reviewMonths", fields); // low has no interval
        Assert.Contains("reviewMonths.lowest", fields);
        Assert.Contains("defaultTerms", fields);
        Assert.Contains("fourEyesAbove.USD", fields);
        Assert.Contains("rules[0].then.amount", fields);
        Assert.Contains("rules[0].then.terms", fields);
        Assert.Contains("rules[1].name", fields);
        Assert.Contains("rules[1].then.code", fields);
        Assert.Contains("rules[1].then.text", fields);
    }

    [Fact]
    public void An_empty_policy_is_refused()
    {
        var errors = Problems(Json());
        Assert.Contains(errors, e => e.Field == "rules" && e.Message.Contains("at least one rule", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("{", "definition")]
    [InlineData("[]", "definition")]
    [InlineData("""{ "scorecard": 3 }""", "scorecard")]
    public void Malformed_json_is_refused_by_path(string json, string field)
    {
        Assert.Contains(PolicyJson.Problems(json), e => e.Field == field);
    }

    [Fact]
    public void Writing_and_reading_a_policy_gives_the_same_text()
    {
        var text = PolicyJson.Write(DefaultPolicy.Definition);
        var again = PolicyJson.Parse(text);
        Assert.True(again.IsOk);
        Assert.Equal(text, PolicyJson.Write(again.Value!));
    }

    private static IReadOnlyList<Credo.Domain.Common.ValidationFailed> Problems(string json)
    {
        var structural = PolicyJson.Problems(json);
        return structural.Count > 0 ? structural : PolicyValidation.Validate(PolicyJson.Parse(json).Value!);
    }
}

public sealed class FactSetJsonTests
{
    [Fact]
    public void A_snapshot_is_a_flat_object_in_name_order_and_reads_back_equal()
    {
        var facts = FactSet.Empty.With("score", (decimal?)72.50m).With("country", "US").With("bureauBankruptcy", (bool?)false);
        var json = FactSetJson.Write(facts);
        Assert.Equal("""{"bureauBankruptcy":false,"country":"US","score":72.50}""", json);
        Assert.Equal(json, FactSetJson.Write(FactSetJson.Read(json).Value!));
    }

    [Theory]
    [InlineData("""{"a":{"b":1}}""")]
    [InlineData("""{"a":null}""")]
    [InlineData("""[1]""")]
    [InlineData("""{"a":""")]
    public void Anything_but_flat_values_is_refused(string json) => Assert.False(FactSetJson.Read(json).IsOk);
}
