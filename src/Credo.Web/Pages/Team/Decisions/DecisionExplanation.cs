using System.Globalization;
using System.Text.Json;
using Credo.Domain.Policy;
using Credo.Web.Data;
using Credo.Web.Features.CreditPolicy;
using Credo.Web.Pages.Shared;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Pages.Team.Decisions;

/// <summary>A scorecard factor as stored: the fact's value (null: missing), the points earned and the most it could earn.</summary>
internal sealed record FactorLine(string Factor, decimal? Fact, decimal Points, decimal MaxPoints)
{
    public bool Missing => Fact is null;

    /// <summary>0..100, for the bar.</summary>
    public decimal Percent => MaxPoints <= 0 ? 0 : decimal.Round(Points / MaxPoints * 100m, 1);
}

/// <summary>A reason code: a factor that pulled the score down, with the sentence a person reads.</summary>
internal sealed record ReasonLine(string Factor, decimal PointsLost, bool Missing, string Words);

internal sealed record LimitCandidateLine(string Candidate, decimal Amount);

/// <summary>The stored scorecard result (ScorecardJson), read back.</summary>
internal sealed record ScorecardView(
    decimal Score,
    string RiskClass,
    decimal Confidence,
    IReadOnlyList<FactorLine> Factors,
    IReadOnlyList<ReasonLine> Reasons,
    decimal? RecommendedLimit,
    string? Binding,
    IReadOnlyList<LimitCandidateLine> Candidates,
    IReadOnlyList<string> MissingCandidates);

/// <summary>One condition of a rule: its text, whether it held (true, false, undetermined), and what it saw.</summary>
internal sealed record ConditionLine(string Text, string Truth, string Saw);

/// <summary>One rule of the policy version: conditions, what it would do, and its effect on this decision.</summary>
internal sealed record RuleLine(string Name, string Outcome, string Then, RuleEffect Effect, IReadOnlyList<ConditionLine> Conditions, IReadOnlyList<string> Notes, IReadOnlyList<string> MissingFacts);

internal sealed record FactLine(string Name, string Description, string? Value);

internal sealed record FactGroup(string Title, IReadOnlyList<FactLine> Facts);

/// <summary>A stored field next to what evaluating the stored version over the stored facts gives now.</summary>
internal sealed record FieldDifference(string Field, string Stored, string Replayed);

/// <summary>
/// Everything the decision page shows. Outcome, reasons and scorecard are the stored record's. The full rule trace (every
/// rule, including those that did not fire) is not stored, so it comes from evaluating the stored policy version over the
/// stored facts, currency and date again; <see cref="TraceMatchesStored"/> says whether that evaluation gives the same
/// rules, scorecard and outcome as the stored record (when it does not, the stored record is what was decided).
/// </summary>
internal sealed record DecisionExplanation(
    PolicyDecisionRecord Stored,
    PolicyVersion? Version,
    string? ApplicationReference,
    IReadOnlyList<DecisionReason> Reasons,
    ScorecardView? Scorecard,
    IReadOnlyList<RuleLine> Rules,
    bool TraceFromStoredRulesOnly,
    IReadOnlyList<string> Precedence,
    IReadOnlyList<FactGroup> Facts,
    bool TraceMatchesStored,
    string? ReplayProblem,
    PolicyDecisionRecord? Replayed)
{
    public bool Evaluated => Scorecard is not null;

    public string? Limit => Stored.LimitMinor is { } l && DecisionRecords.TryCurrency(Stored.Currency, out var c)
        ? new Credo.Domain.Amounts.Money(l, c).ToDisplayString()
        : null;

    /// <summary>Stored versus replayed, field by field, for the fields <see cref="DecisionRecords.Differences"/> compares.</summary>
    public IReadOnlyList<FieldDifference> Differences(IEnumerable<string> fields)
    {
        var r = Replayed;
        string Pick(Func<PolicyDecisionRecord, string?> f) => r is null ? "-" : f(r) ?? "-";
        return [.. fields.Select(field => field switch
        {
            "outcome" => new FieldDifference(field, Stored.Outcome, Pick(x => x.Outcome)),
            "limit" => new FieldDifference(field, Stored.LimitMinor?.ToString(CultureInfo.InvariantCulture) ?? "-", Pick(x => x.LimitMinor?.ToString(CultureInfo.InvariantCulture))),
            "terms" => new FieldDifference(field, Stored.TermsCode ?? "-", Pick(x => x.TermsCode)),
            "reviewOn" => new FieldDifference(field, Stored.ReviewOn is { } on ? MoneyText.Iso(on) : "-", Pick(x => x.ReviewOn is { } d ? MoneyText.Iso(d) : null)),
            "riskClass" => new FieldDifference(field, Stored.RiskClass ?? "-", Pick(x => x.RiskClass)),
            "score" => new FieldDifference(field, Stored.Score is { } s ? ExplainDecision.Show(s) : "-", Pick(x => x.Score is { } v ? ExplainDecision.Show(v) : null)),
            "reasons" => new FieldDifference(field, Stored.ReasonsJson, Pick(x => x.ReasonsJson)),
            "rules" => new FieldDifference(field, Stored.RulesJson, Pick(x => x.RulesJson)),
            "scorecard" => new FieldDifference(field, Stored.ScorecardJson, Pick(x => x.ScorecardJson)),
            "needsSecondApprover" => new FieldDifference(field, Stored.NeedsSecondApprover ? "yes" : "no", Pick(x => x.NeedsSecondApprover ? "yes" : "no")),
            _ => new FieldDifference(field, "-", ReplayProblem ?? "-"),
        })];
    }
}

/// <summary>
/// Reads one stored decision and explains it: the stored outcome and scorecard, the full rule trace of its stored policy
/// version over its stored facts (the engine is pure, so this is the replay's evaluation), the precedence that made the
/// outcome, and the facts grouped as <see cref="FactCatalog"/> lists them. Reads only; stores nothing.
/// </summary>
internal sealed class ExplainDecision(CreditDb db, PolicyCache cache)
{
    /// <summary>Where each group of <see cref="FactCatalog.All"/> starts (the catalog lists facts group by group).</summary>
    private static readonly (string FirstFact, string Title)[] Groups =
    [
        ("isExistingCustomer", "Application"),
        ("paydex", "Payment history"),
        ("bureauScore", "Bureau"),
        ("altmanZ", "Financial statements"),
        ("tradeReferencesAnswered", "References"),
        ("fraudSharedIdentifier", "Fraud checks"),
        ("score", "Computed by the policy"),
    ];

    public async Task<DecisionExplanation?> Handle(long id, CancellationToken ct)
    {
        var stored = await db.PolicyDecisions.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct);
        if (stored is null)
        {
            return null;
        }

        var version = stored.PolicyVersionId is { } vid ? await db.PolicyVersions.AsNoTracking().SingleOrDefaultAsync(v => v.Id == vid, ct) : null;
        var reference = stored.ApplicationId is { } aid ? await db.Applications.AsNoTracking().Where(a => a.Id == aid).Select(a => a.Reference).SingleOrDefaultAsync(ct) : null;
        var reasons = DecisionRecords.Reasons(stored.ReasonsJson);
        var scorecard = ReadScorecard(stored.ScorecardJson);
        var storedRules = ReadRules(stored.RulesJson);
        var evidence = FactSetJson.Read(stored.FactsJson);

        PolicyDecision? evaluated = null;
        PolicyDecisionRecord? replayed = null;
        string? problem = null;
        LoadedPolicy? policy = null;
        if (stored.PolicyVersionId is not { } versionId || scorecard is null)
        {
            problem = "No policy version was evaluated for this decision, so there is nothing to replay.";
        }
        else if ((policy = await cache.ByIdAsync(db, versionId, ct)) is null)
        {
            problem = $"Policy version {stored.PolicyVersionNumber} no longer reads as a policy.";
        }
        else if (!evidence.IsOk || !DecisionRecords.TryCurrency(stored.Currency, out var currency))
        {
            problem = "The stored facts snapshot or currency no longer reads.";
        }
        else
        {
            var result = PolicyEngine.Evaluate(policy.Definition, evidence.Value!, currency, stored.AsOf);
            if (result.IsOk)
            {
                evaluated = result.Value!;
                replayed = DecisionRecords.ToRecord(evaluated, evidence.Value!, policy, currency.Code, stored.AsOf, stored.ApplicationId, stored.CustomerId, stored.AtUtc, stored.By);
            }
            else
            {
                problem = "The stored version cannot evaluate the stored facts: " + result.Error!.Message;
            }
        }

        var matches = replayed is not null && DecisionRecords.Differences(stored, replayed).Count == 0;
        var rules = evaluated is not null && policy is not null ? FullTrace(policy.Definition, evaluated) : storedRules;
        return new DecisionExplanation(
            stored,
            version,
            reference,
            reasons,
            scorecard,
            rules,
            evaluated is null,
            Precedence(stored, reasons, storedRules),
            FactGroups(evidence.IsOk ? evidence.Value! : FactSet.Empty, scorecard, evaluated?.Facts),
            matches,
            problem,
            replayed);
    }

    /// <summary>Stored JSON to the scorecard view; null for a decision stored without an evaluation.</summary>
    public static ScorecardView? ReadScorecard(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var factors = root.GetProperty("factors").EnumerateArray()
            .Select(f => new FactorLine(f.GetProperty("factor").GetString()!, Number(f.GetProperty("fact")), f.GetProperty("points").GetDecimal(), f.GetProperty("maxPoints").GetDecimal()))
            .ToList();
        var reasons = root.GetProperty("reasons").EnumerateArray().Select(r =>
        {
            var factor = r.GetProperty("factor").GetString()!;
            var lost = r.GetProperty("pointsLost").GetDecimal();
            var missing = r.GetProperty("missing").GetBoolean();
            return new ReasonLine(factor, lost, missing, ReasonWords(factors.FirstOrDefault(f => f.Factor == factor), factor, lost, missing));
        }).ToList();
        return new ScorecardView(
            root.GetProperty("score").GetDecimal(),
            root.GetProperty("riskClass").GetString() ?? "-",
            root.GetProperty("confidence").GetDecimal(),
            factors,
            reasons,
            root.TryGetProperty("recommendedLimit", out var rec) ? Number(rec) : null,
            root.TryGetProperty("binding", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString() : null,
            root.TryGetProperty("candidates", out var cs) ? [.. cs.EnumerateArray().Select(c => new LimitCandidateLine(c.GetProperty("candidate").GetString()!, c.GetProperty("amount").GetDecimal()))] : [],
            root.TryGetProperty("missingCandidates", out var mc) ? [.. mc.EnumerateArray().Select(m => m.GetString()!)] : []);
    }

    /// <summary>The stored rules that fired or were undetermined (RulesJson), as rule lines without the policy's conditions.</summary>
    public static IReadOnlyList<RuleLine> ReadRules(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.EnumerateArray().Select(r => new RuleLine(
            r.GetProperty("rule").GetString()!,
            r.GetProperty("outcome").GetString()!,
            string.Empty,
            Enum.TryParse<RuleEffect>(r.GetProperty("effect").GetString(), out var effect) ? effect : RuleEffect.Undetermined,
            [],
            [.. r.GetProperty("because").EnumerateArray().Select(x => x.GetString()!)],
            [.. r.GetProperty("missing").EnumerateArray().Select(x => x.GetString()!)]))];
    }

    /// <summary>The sentence for a reason code, e.g. "Bureau score was missing, so it earned none of its 25 points."</summary>
    public static string ReasonWords(FactorLine? line, string factor, decimal lost, bool missing)
    {
        var label = Label(factor);
        var max = Show(line?.MaxPoints ?? lost);
        if (missing)
        {
            return $"{label} was missing, so it earned none of its {max} points.";
        }

        var value = line?.Fact is { } v ? Show(v) : "its value";
        return $"{label} of {value} earned {Show(line?.Points ?? 0)} of {max} points ({Show(lost)} lost).";
    }

    /// <summary>"bureauScore" to "Bureau score".</summary>
    public static string Label(string fact)
    {
        var words = new System.Text.StringBuilder();
        foreach (var ch in fact)
        {
            if (char.IsUpper(ch) && words.Length > 0)
            {
                words.Append(' ').Append(char.ToLowerInvariant(ch));
            }
            else
            {
                words.Append(words.Length == 0 ? char.ToUpperInvariant(ch) : ch);
            }
        }

        return words.ToString();
    }

    public static string Show(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    public static string Show(FactValue? value) => value switch
    {
        null => "missing",
        FactValue.Number n => Show(n.Value),
        FactValue.Flag f => f.Value ? "yes" : "no",
        FactValue.Text t => t.Value,
        _ => value.ToString(),
    };

    /// <summary>
    /// Every rule of the version with its conditions. The engine writes one "because" line per top-level condition, in
    /// order, starting with the condition's text (an all-of/any-of with "all of: "/"any of: ") and then its truth; lines
    /// past the conditions are notes (e.g. an approval whose limit needs a missing recommended limit).
    /// </summary>
    private static List<RuleLine> FullTrace(PolicyDefinition policy, PolicyDecision decision)
    {
        var lines = new List<RuleLine>();
        foreach (var (rule, trace) in policy.Rules.Zip(decision.Trace))
        {
            var conditions = new List<ConditionLine>();
            for (var i = 0; i < rule.When.Count; i++)
            {
                var because = i < trace.Because.Count ? trace.Because[i] : string.Empty;
                conditions.Add(ConditionOf(rule.When[i], because, decision.Facts));
            }

            var notes = trace.Because.Skip(rule.When.Count).ToList();
            lines.Add(new RuleLine(rule.Name, rule.Then.Kind, Then(rule.Then), trace.Effect, conditions, notes, trace.MissingFacts));
        }

        return lines;
    }

    private static ConditionLine ConditionOf(Condition condition, string because, FactSet facts)
    {
        var (prefix, fact) = condition switch
        {
            Condition.Compare c => (condition + ": ", c.Fact),
            Condition.In i => (condition + ": ", i.Fact),
            Condition.Missing m => (condition + ": ", m.Fact),
            Condition.Present p => (condition + ": ", p.Fact),
            Condition.AllOf => ("all of: ", (string?)null),
            Condition.AnyOf => ("any of: ", (string?)null),
            _ => (string.Empty, (string?)null),
        };
        var rest = because.StartsWith(prefix, StringComparison.Ordinal) ? because[prefix.Length..] : because;
        var truth = rest.StartsWith("true", StringComparison.Ordinal) ? "true"
            : rest.StartsWith("false", StringComparison.Ordinal) ? "false"
            : rest.StartsWith("undetermined", StringComparison.Ordinal) ? "undetermined"
            : "?";
        var saw = fact is not null
            ? $"{fact} = {Show(facts[fact])}"
            : rest.IndexOf('[', StringComparison.Ordinal) is var open and >= 0 ? rest[open..] : rest;
        return new ConditionLine(condition.ToString(), truth, saw);
    }

    private static string Then(RuleOutcome outcome) => outcome switch
    {
        RuleOutcome.Approve a => "approve " + (a.Limit switch
        {
            LimitBasis.Recommended => "the recommended limit",
            LimitBasis.Fixed => $"a fixed limit of {Show(a.FixedAmount ?? 0)}",
            LimitBasis.LeastOf => $"the lesser of the recommended limit and {Show(a.FixedAmount ?? 0)}",
        }) + (a.TermsCode is { } t ? $" on {t}" : " on the default terms") + (a.ReviewMonths is { } m ? $", review in {m} months" : ", review by risk class"),
        RuleOutcome.Decline d => $"decline: {d.Text}",
        RuleOutcome.Refer r => "refer: " + r.Reason,
        _ => outcome.Kind,
    };

    /// <summary>
    /// Why the stored outcome is what it is, in the engine's precedence (decline over refer over approve, a missing fact
    /// refers), read from the stored rules that mattered and the stored reasons.
    /// </summary>
    public static IReadOnlyList<string> Precedence(PolicyDecisionRecord stored, IReadOnlyList<DecisionReason> reasons, IReadOnlyList<RuleLine> mattered)
    {
        static string Names(IEnumerable<RuleLine> rules) => string.Join(", ", rules.Select(r => $"'{r.Name}'"));
        var fired = mattered.Where(r => r.Effect == RuleEffect.Fired).ToList();
        var declines = fired.Where(r => r.Outcome == "decline").ToList();
        var refers = fired.Where(r => r.Outcome == "refer").ToList();
        var approves = fired.Where(r => r.Outcome == "approve").ToList();
        var undetermined = mattered.Where(r => r.Effect == RuleEffect.Undetermined).ToList();
        var lines = new List<string>();
        if (stored.ScorecardJson == "null")
        {
            lines.Add("No policy was evaluated, so the case was referred to a person: " + string.Join("; ", reasons.Select(r => r.Text)));
            return lines;
        }

        lines.Add("Precedence: a decline wins over a referral, a referral over an approval; a rule that cannot be decided because a fact is missing refers (the policy fails closed).");
        switch (stored.Outcome)
        {
            case "decline":
                lines.Add($"Declined because {Names(declines)} fired with a decline outcome.");
                if (refers.Count + undetermined.Count + approves.Count > 0)
                {
                    lines.Add($"The decline overrides {refers.Count} referring, {undetermined.Count} undetermined and {approves.Count} approving rule(s).");
                }

                break;
            case "refer":
                lines.Add("No decline rule fired.");
                if (refers.Count > 0)
                {
                    lines.Add($"Referred because {Names(refers)} fired with a refer outcome.");
                }

                if (undetermined.Count > 0)
                {
                    var missing = undetermined.SelectMany(r => r.MissingFacts).Distinct().Order(StringComparer.Ordinal);
                    lines.Add($"{Names(undetermined)} could not be decided: {string.Join(", ", missing)} missing, so a person must look at it.");
                }

                if (refers.Count == 0 && undetermined.Count == 0)
                {
                    lines.Add("Referred: " + string.Join("; ", reasons.Select(r => r.Text)));
                }

                if (approves.Count > 0)
                {
                    lines.Add($"The referral overrides the approval of {Names(approves)}.");
                }

                break;
            case "approve":
                lines.Add($"Approved: no decline or refer rule fired and every rule could be decided; {Names(approves)} fired with an approval, and the least limit among the approving rules is granted.");
                if (stored.NeedsSecondApprover)
                {
                    lines.Add("The limit is above the version's four-eyes threshold, so a second approver must confirm it.");
                }

                break;
            default:
                lines.Add($"Outcome '{stored.Outcome}'.");
                break;
        }

        return lines;
    }

    private static List<FactGroup> FactGroups(FactSet evidence, ScorecardView? scorecard, FactSet? evaluated)
    {
        var computed = evaluated ?? FactSet.Empty
            .With("score", scorecard?.Score)
            .With("scoreConfidence", scorecard?.Confidence)
            .With("riskClass", scorecard?.RiskClass)
            .With("recommendedLimit", scorecard?.RecommendedLimit);
        var groups = new List<FactGroup>();
        List<FactLine>? current = null;
        foreach (var definition in FactCatalog.All)
        {
            var start = Groups.FirstOrDefault(g => g.FirstFact == definition.Name);
            if (start.Title is not null || current is null)
            {
                current = [];
                groups.Add(new FactGroup(start.Title ?? "Facts", current));
            }

            var isComputed = PolicyDefinition.ComputedFacts.Contains(definition.Name);
            var value = isComputed ? computed[definition.Name] : evidence[definition.Name];
            current.Add(new FactLine(definition.Name, definition.Description, value is null ? null : Show(value)));
        }

        var other = evidence.Values.Where(kv => FactCatalog.Find(kv.Key) is null).OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => new FactLine(kv.Key, "Not in the fact catalog.", Show(kv.Value))).ToList();
        if (other.Count > 0)
        {
            groups.Add(new FactGroup("Other", other));
        }

        return groups;
    }

    private static decimal? Number(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDecimal() : null;
}
