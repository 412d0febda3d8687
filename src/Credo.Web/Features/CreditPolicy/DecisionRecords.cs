using System.Text.Json;
using Credo.Domain.Amounts;
using Credo.Domain.Policy;
using Credo.Web.Data;

namespace Credo.Web.Features.CreditPolicy;

/// <summary>
/// Turns a policy decision into its stored row and back into what the workflow needs. The JSON columns are written by
/// this one function, so a replay that evaluates again and writes again must produce the same text.
/// </summary>
internal static class DecisionRecords
{
    public const string Automatic = "automatic";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static PolicyDecisionRecord ToRecord(PolicyDecision decision, FactSet evidence, LoadedPolicy policy, string currency, DateOnly asOf, long? applicationId, long? customerId, DateTime atUtc, string by) => new()
    {
        ApplicationId = applicationId,
        CustomerId = customerId,
        PolicyVersionId = policy.Id,
        PolicyVersionNumber = policy.Number,
        AsOf = asOf,
        Currency = currency,
        FactsJson = FactSetJson.Write(evidence),
        ScorecardJson = ScorecardJson(decision),
        RulesJson = RulesJson(decision),
        Outcome = OutcomeWord(decision.Outcome),
        LimitMinor = decision.Limit?.Minor,
        TermsCode = decision.TermsCode,
        ReviewOn = decision.ReviewOn,
        RiskClass = decision.RiskClass,
        Score = decimal.Round(decision.Score, 4),
        ReasonsJson = ReasonsJson(decision.Reasons),
        NeedsSecondApprover = decision.NeedsSecondApprover,
        AtUtc = atUtc,
        By = by,
    };

    /// <summary>The referral stored when there is nothing to evaluate with (no published version, an unknown currency, an evaluation error).</summary>
    public static PolicyDecisionRecord Unevaluated(string code, string text, FactSet evidence, LoadedPolicy? policy, string currency, DateOnly asOf, long? applicationId, long? customerId, DateTime atUtc) => new()
    {
        ApplicationId = applicationId,
        CustomerId = customerId,
        PolicyVersionId = policy?.Id,
        PolicyVersionNumber = policy?.Number ?? 0,
        AsOf = asOf,
        Currency = currency,
        FactsJson = FactSetJson.Write(evidence),
        ScorecardJson = "null",
        RulesJson = "[]",
        Outcome = OutcomeWord(PolicyOutcome.Refer),
        ReasonsJson = ReasonsJson([new DecisionReason(code, text)]),
        AtUtc = atUtc,
        By = Automatic,
    };

    public static string OutcomeWord(PolicyOutcome outcome) => outcome switch
    {
        PolicyOutcome.Approve => "approve",
        PolicyOutcome.Refer => "refer",
        PolicyOutcome.Decline => "decline",
    };

    public static Applications.DecisionOutcome ContractOutcome(string word) => word switch
    {
        "approve" => Applications.DecisionOutcome.Approve,
        "decline" => Applications.DecisionOutcome.Decline,
        _ => Applications.DecisionOutcome.Refer,
    };

    public static string ReasonsJson(IReadOnlyList<DecisionReason> reasons) =>
        JsonSerializer.Serialize(reasons.Select(r => new { code = r.Code, text = r.Text }), Json);

    public static IReadOnlyList<DecisionReason> Reasons(string json) =>
        JsonSerializer.Deserialize<List<DecisionReason>>(json, Json) ?? [];

    public static string RulesJson(PolicyDecision decision) =>
        JsonSerializer.Serialize(decision.RulesThatMatter.Select(t => new { rule = t.Rule, outcome = t.Outcome, effect = t.Effect.ToString(), because = t.Because, missing = t.MissingFacts }), Json);

    public static string ScorecardJson(PolicyDecision decision)
    {
        var card = decision.Scorecard;
        var rec = decision.Recommendation;
        return JsonSerializer.Serialize(
            new
            {
                score = card.Score,
                scoreOfKnown = card.ScoreOfKnown,
                riskClass = card.RiskClass,
                confidence = card.Confidence,
                factors = card.Factors.Select(f => new { factor = f.Factor, fact = f.Fact, points = f.Points, maxPoints = f.MaxPoints }),
                missingFacts = card.MissingFacts,
                reasons = card.Reasons.Select(r => new { factor = r.Factor, pointsLost = r.PointsLost, missing = r.Missing }),
                recommendedLimit = rec.Limit?.Major,
                binding = rec.Binding?.ToString(),
                candidates = rec.Candidates.Select(c => new { candidate = c.Candidate.ToString(), amount = c.Amount.Major }),
                missingCandidates = rec.Missing.Select(m => m.ToString()),
            },
            Json);
    }

    public static Applications.DecisionSummary Summary(PolicyDecisionRecord r) => new(
        r.Id,
        r.PolicyVersionNumber,
        ContractOutcome(r.Outcome),
        r.LimitMinor,
        r.Currency,
        r.TermsCode,
        r.RiskClass,
        r.Score,
        r.ReviewOn,
        [.. Reasons(r.ReasonsJson).Select(x => x.Text)],
        r.NeedsSecondApprover);

    /// <summary>The columns of two records that differ (outcome, limit, terms, review, class, score, reasons, rules, scorecard, four-eyes).</summary>
    public static IReadOnlyList<string> Differences(PolicyDecisionRecord stored, PolicyDecisionRecord replayed)
    {
        var fields = new List<string>();
        void Check(string name, bool same)
        {
            if (!same)
            {
                fields.Add(name);
            }
        }

        Check("outcome", stored.Outcome == replayed.Outcome);
        Check("limit", stored.LimitMinor == replayed.LimitMinor);
        Check("terms", stored.TermsCode == replayed.TermsCode);
        Check("reviewOn", stored.ReviewOn == replayed.ReviewOn);
        Check("riskClass", stored.RiskClass == replayed.RiskClass);
        Check("score", stored.Score == replayed.Score);
        Check("reasons", stored.ReasonsJson == replayed.ReasonsJson);
        Check("rules", stored.RulesJson == replayed.RulesJson);
        Check("scorecard", stored.ScorecardJson == replayed.ScorecardJson);
        Check("needsSecondApprover", stored.NeedsSecondApprover == replayed.NeedsSecondApprover);
        return fields;
    }

    public static bool TryCurrency(string code, out Currency currency)
    {
        if (Currency.TryParse(code, out var parsed))
        {
            currency = parsed.Value;
            return true;
        }

        currency = default;
        return false;
    }
}
