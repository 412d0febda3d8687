using Credo.Domain.Amounts;
using Credo.Domain.Policy;

namespace Credo.Domain.Tests.Policy;

/// <summary>Small policies written as JSON rules over one simple scorecard (years in business), and fact sets.</summary>
internal static class PolicyFixtures
{
    public static readonly DateOnly AsOf = new(2026, 11, 24);

    public static string Json(params string[] rules) => $$"""
    {
      "scorecard": {
        "factors": [ { "name": "yearsInBusiness", "weight": 100, "bands": [
          { "from": null, "to": 2, "points": 0 }, { "from": 2, "to": 5, "points": 50 }, { "from": 5, "to": null, "points": 100 } ] } ],
        "classes": [ { "riskClass": "high", "minScore": 0 }, { "riskClass": "medium", "minScore": 50 }, { "riskClass": "low", "minScore": 80 } ]
      },
      "limit": { "useRequested": true, "revenueShare": 0.1, "useBureauSuggestion": false, "netWorthMultiple": null },
      "reviewMonths": { "high": 3, "medium": 6, "low": 12 },
      "defaultTerms": "NET30",
      "fourEyesAbove": { "USD": 50000 },
      "rules": [ {{string.Join(",\n", rules)}} ]
    }
    """;

    public static PolicyDefinition PolicyOf(params string[] rules)
    {
        var parsed = PolicyJson.Parse(Json(rules));
        Assert.True(parsed.IsOk, parsed.Error?.Message);
        return parsed.Value!;
    }

    public static PolicyDecision Decide(PolicyDefinition policy, FactSet facts, string currency = "USD")
    {
        var result = PolicyEngine.Evaluate(policy, facts, Currency.Of(currency), AsOf);
        Assert.True(result.IsOk, result.Error?.Message);
        return result.Value!;
    }

    /// <summary>Facts from "name=value" pairs: true/false are flags, numbers numbers, anything else text.</summary>
    public static FactSet Facts(params string[] pairs)
    {
        var facts = FactSet.Empty;
        foreach (var pair in pairs)
        {
            var (name, raw) = (pair[..pair.IndexOf('=')], pair[(pair.IndexOf('=') + 1)..]);
            facts = raw switch
            {
                "true" => facts.With(name, (bool?)true),
                "false" => facts.With(name, (bool?)false),
                _ when decimal.TryParse(raw, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var d) => facts.With(name, (decimal?)d),
                _ => facts.With(name, raw),
            };
        }

        return facts;
    }

    public const string DeclineBankrupt = """{ "name": "Bankrupt", "when": [ { "fact": "bureauBankruptcy", "op": "=", "value": true } ], "then": { "outcome": "decline", "code": "insolvency", "text": "Insolvency on record." } }""";
    public const string ReferJudgments = """{ "name": "Judgments", "when": [ { "fact": "bureauJudgments", "op": ">", "value": 0 } ], "then": { "outcome": "refer", "reason": "Open judgments." } }""";
    public const string ApproveGood = """{ "name": "Good", "when": [ { "fact": "riskClass", "op": "in", "values": ["low", "medium"] }, { "fact": "bureauScore", "op": ">=", "value": 60 } ], "then": { "outcome": "approve", "limit": "recommended" } }""";
    public const string ApproveFixed = """{ "name": "Small fixed", "when": [ { "fact": "bureauScore", "op": ">=", "value": 80 } ], "then": { "outcome": "approve", "limit": "fixed", "amount": 1000, "terms": "NET15", "reviewMonths": 1 } }""";
}
