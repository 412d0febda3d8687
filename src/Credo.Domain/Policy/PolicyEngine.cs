using System.Globalization;
using Credo.Domain.Common;
using Credo.Domain.Amounts;
using Credo.Domain.Scoring;

namespace Credo.Domain.Policy;

public enum PolicyOutcome
{
    Approve,
    Refer,
    Decline,
}

/// <summary>What a rule's conditions came to: true (fired), false, or undetermined because a fact it needs is missing.</summary>
public enum RuleEffect
{
    Fired,
    NotFired,
    Undetermined,
}

/// <summary>One rule's evaluation: its effect, each condition with the value it saw, and the missing facts it needed.</summary>
public sealed record RuleTrace(string Rule, string Outcome, RuleEffect Effect, IReadOnlyList<string> Because, IReadOnlyList<string> MissingFacts);

/// <param name="Code">Stable: a decline rule's code, "referred", "missing-fact", "no-rule-fired" or "zero-limit".</param>
public sealed record DecisionReason(string Code, string Text);

/// <summary>The policy's answer and everything that led to it.</summary>
/// <param name="Limit">The limit to grant; set only on approval.</param>
/// <param name="Facts">The evidence plus the computed facts (score, scoreConfidence, riskClass, recommendedLimit).</param>
/// <param name="Trace">Every rule, in definition order, with its effect and why.</param>
public sealed record PolicyDecision(
    PolicyOutcome Outcome,
    Money? Limit,
    string? TermsCode,
    DateOnly? ReviewOn,
    string RiskClass,
    decimal Score,
    decimal ScoreConfidence,
    IReadOnlyList<DecisionReason> Reasons,
    bool NeedsSecondApprover,
    IReadOnlyList<RuleTrace> Trace,
    FactSet Facts,
    ScorecardResult Scorecard,
    LimitRecommendation Recommendation)
{
    /// <summary>The rules that fired or could not be decided (the ones that shaped the outcome).</summary>
    public IEnumerable<RuleTrace> RulesThatMatter => Trace.Where(t => t.Effect != RuleEffect.NotFired);
}

/// <summary>
/// Evaluates a policy version over a set of facts. Pure: the date (for the review date) and the application's currency
/// are arguments.
/// <list type="number">
/// <item>The scorecard and the limit formula run first; their results are added to the facts as <c>score</c>,
/// <c>scoreConfidence</c>, <c>riskClass</c> and <c>recommendedLimit</c> (missing when no candidate was known). Evidence
/// that carries those names is overwritten.</item>
/// <item>Every rule is evaluated in three-valued (Kleene) logic: a comparison on a missing fact is undetermined; all-of
/// is false if any part is false, else undetermined if any part is, else true; any-of is true if any part is true, else
/// undetermined if any part is, else false. <c>is missing</c> and <c>is present</c> are never undetermined. An approve
/// rule whose limit needs a missing <c>recommendedLimit</c> is undetermined too.</item>
/// <item>Precedence: any decline rule that fired declines (with every fired decline's reason). Otherwise a refer rule that
/// fired, or any undetermined rule, refers (fail closed: a missing fact that could change the outcome goes to a person,
/// with the missing names as reasons). Otherwise an approve rule that fired approves, with the least limit of the fired
/// approve rules (ties: the rule whose name sorts first, so that order never matters), its terms and review date. Nothing fired: refer.</item>
/// <item>An approval whose limit is zero or less refers instead. Four-eyes: an approved limit above the version's
/// threshold for its currency, or in a currency without a threshold, needs a second approver.</item>
/// </list>
/// Rule order never changes the outcome.
/// </summary>
public static class PolicyEngine
{
    private enum Truth
    {
        False,
        True,
        Unknown,
    }

    public static Result<PolicyDecision> Evaluate(PolicyDefinition policy, FactSet evidence, Currency currency, DateOnly asOf)
    {
        var scored = Scorecard.Evaluate(policy.Scorecard, evidence.Numbers());
        if (!scored.IsOk)
        {
            return scored.Error!;
        }

        var recommended = RecommendedLimit.Recommend(policy.Limit, new LimitFacts(
            MoneyOf(evidence.Number("requestedLimit"), currency),
            MoneyOf(evidence.Number("annualRevenue"), currency),
            MoneyOf(evidence.Number("bureauSuggestedLimit"), currency),
            MoneyOf(evidence.Number("netWorth"), currency)));
        if (!recommended.IsOk)
        {
            return recommended.Error!;
        }

        var card = scored.Value!;
        var recommendation = recommended.Value!;
        var facts = evidence
            .With("score", (decimal?)card.Score)
            .With("scoreConfidence", (decimal?)card.Confidence)
            .With("riskClass", card.RiskClass)
            .With("recommendedLimit", recommendation.Limit?.Major);
        var (trace, approvals) = RunRules(policy, facts, recommendation.Limit, currency);
        var (outcome, reasons, chosen) = Decide(policy, trace, approvals);
        var granted = outcome == PolicyOutcome.Approve && chosen is { } c ? Granted(policy, c, card.RiskClass, currency, asOf) : default;
        if (granted.Error is { } refused)
        {
            return refused;
        }

        var (limit, terms, reviewOn, needsSecond) = granted.Value;
        return new PolicyDecision(outcome, limit, terms, reviewOn, card.RiskClass, card.Score, card.Confidence, reasons, needsSecond, trace, facts, card, recommendation);
    }

    /// <summary>Every rule evaluated over the facts, in definition order, and the approve rules that fired with their limits.</summary>
    private static (List<RuleTrace> Trace, List<(PolicyRule Rule, Money Limit)> Approvals) RunRules(PolicyDefinition policy, FactSet facts, Money? recommended, Currency currency)
    {
        var trace = new List<RuleTrace>(policy.Rules.Count);
        var approvals = new List<(PolicyRule Rule, Money Limit)>();
        foreach (var rule in policy.Rules)
        {
            var (ruleTrace, limit) = Run(rule, facts, recommended, currency);
            trace.Add(ruleTrace);
            if (ruleTrace.Effect == RuleEffect.Fired && limit is { } granted)
            {
                approvals.Add((rule, granted));
            }
        }

        return (trace, approvals);
    }

    /// <summary>One rule: its conditions in three-valued logic; an approve rule that fires also needs its limit to be known.</summary>
    private static (RuleTrace Trace, Money? Limit) Run(PolicyRule rule, FactSet facts, Money? recommended, Currency currency)
    {
        var because = new List<string>();
        var missing = new SortedSet<string>(StringComparer.Ordinal);
        var truth = All(rule.When, facts, because, missing);
        Money? limit = null;
        if (truth == Truth.True && rule.Then is RuleOutcome.Approve approve)
        {
            limit = LimitFor(approve, recommended, currency);
            if (limit is null)
            {
                truth = Truth.Unknown;
                missing.Add("recommendedLimit");
                because.Add("recommendedLimit is missing (no limit candidate was known)");
            }
        }

        var effect = truth switch
        {
            Truth.True => RuleEffect.Fired,
            Truth.False => RuleEffect.NotFired,
            Truth.Unknown => RuleEffect.Undetermined,
        };
        return (new RuleTrace(rule.Name, rule.Then.Kind, effect, because, [.. missing]), limit);
    }

    /// <summary>
    /// What the chosen approve rule grants: its limit, its terms (or the policy's), the review date for the risk class
    /// (or the rule's own interval), and whether a second approver is needed (above the currency's threshold, or no threshold).
    /// </summary>
    private static Result<(Money? Limit, string? Terms, DateOnly? ReviewOn, bool NeedsSecond)> Granted(
        PolicyDefinition policy, (PolicyRule Rule, Money Limit) chosen, string riskClass, Currency currency, DateOnly asOf)
    {
        var approve = (RuleOutcome.Approve)chosen.Rule.Then;
        if (!policy.ReviewMonths.TryGetValue(riskClass, out var byClass) && approve.ReviewMonths is null)
        {
            return new Refusal("policy-invalid", $"The policy has no review interval for risk class '{riskClass}'.", "reviewMonths");
        }

        var terms = approve.TermsCode ?? policy.DefaultTermsCode;
        var reviewOn = asOf.AddMonths(approve.ReviewMonths ?? byClass);
        var threshold = policy.FourEyesAbove.Where(t => t.Currency == currency).Select(t => (Money?)t).FirstOrDefault();
        var needsSecond = threshold is not { } t || chosen.Limit.Minor > t.Minor;
        return (chosen.Limit, terms, reviewOn, needsSecond);
    }

    private static (PolicyOutcome Outcome, IReadOnlyList<DecisionReason> Reasons, (PolicyRule Rule, Money Limit)? Chosen) Decide(
        PolicyDefinition policy,
        List<RuleTrace> trace,
        List<(PolicyRule Rule, Money Limit)> approvals)
    {
        var fired = policy.Rules.Zip(trace).Where(x => x.Second.Effect == RuleEffect.Fired).Select(x => x.First).ToList();
        var declines = fired.Select(r => r.Then).OfType<RuleOutcome.Decline>().ToList();
        if (declines.Count > 0)
        {
            return (PolicyOutcome.Decline, [.. declines.Select(d => new DecisionReason(d.Code, d.Text)).Distinct()], null);
        }

        var reasons = new List<DecisionReason>();
        foreach (var rule in fired.Where(r => r.Then is RuleOutcome.Refer))
        {
            reasons.Add(new DecisionReason("referred", $"{((RuleOutcome.Refer)rule.Then).Reason} (rule '{rule.Name}')"));
        }

        var missing = trace.Where(t => t.Effect == RuleEffect.Undetermined).SelectMany(t => t.MissingFacts).Distinct().Order(StringComparer.Ordinal);
        foreach (var name in missing)
        {
            var rules = trace.Where(t => t.Effect == RuleEffect.Undetermined && t.MissingFacts.Contains(name)).Select(t => $"'{t.Rule}'").Order(StringComparer.Ordinal);
            reasons.Add(new DecisionReason("missing-fact", $"Missing fact {name}, needed by rule {string.Join(", ", rules)}"));
        }

        if (reasons.Count > 0)
        {
            return (PolicyOutcome.Refer, reasons, null);
        }

        if (approvals.Count == 0)
        {
            return (PolicyOutcome.Refer, [new DecisionReason("no-rule-fired", "No rule decided this case.")], null);
        }

        var least = approvals.OrderBy(a => a.Limit.Minor).ThenBy(a => a.Rule.Name, StringComparer.Ordinal).First();
        if (least.Limit.Minor <= 0)
        {
            return (PolicyOutcome.Refer, [new DecisionReason("zero-limit", $"Rule '{least.Rule.Name}' would approve a limit of {least.Limit}.")], null);
        }

        return (PolicyOutcome.Approve, [], least);
    }

    private static Money? LimitFor(RuleOutcome.Approve approve, Money? recommended, Currency currency)
    {
        var fixedAmount = MoneyOf(approve.FixedAmount, currency);
        return approve.Limit switch
        {
            LimitBasis.Recommended => recommended,
            LimitBasis.Fixed => fixedAmount,
            LimitBasis.LeastOf => recommended is { } r && fixedAmount is { } f ? Money.Min(r, f) : null,
        };
    }

    /// <summary>Major units (as facts carry money) to money, rounded down to the minor unit.</summary>
    public static Money? MoneyOf(decimal? major, Currency currency)
    {
        if (major is not { } m)
        {
            return null;
        }

        var scaled = decimal.Floor(m * Pow10(currency.Scale));
        return scaled > long.MaxValue || scaled < long.MinValue ? null : new Money((long)scaled, currency);
    }

    private static decimal Pow10(int scale)
    {
        var p = 1m;
        for (var i = 0; i < scale; i++)
        {
            p *= 10m;
        }

        return p;
    }

    private static Truth All(IReadOnlyList<Condition> conditions, FactSet facts, List<string> because, SortedSet<string> missing)
    {
        var result = Truth.True;
        foreach (var condition in conditions)
        {
            var truth = Eval(condition, facts, because, missing);
            if (truth == Truth.False)
            {
                result = Truth.False;
            }
            else if (truth == Truth.Unknown && result == Truth.True)
            {
                result = Truth.Unknown;
            }
        }

        if (conditions.Count == 0)
        {
            because.Add("no conditions: always");
        }

        return result;
    }

    private static Truth Eval(Condition condition, FactSet facts, List<string> because, SortedSet<string> missing)
    {
        switch (condition)
        {
            case Condition.Missing m:
                var absent = !facts.Has(m.Fact);
                because.Add($"{m}: {(absent ? "true" : "false")}");
                return absent ? Truth.True : Truth.False;
            case Condition.Present p:
                var known = facts.Has(p.Fact);
                because.Add($"{p}: {(known ? "true" : "false")}");
                return known ? Truth.True : Truth.False;
            case Condition.Compare c:
                return Leaf(c, c.Fact, facts, because, missing, v => Compare(v, c.Op, c.Value));
            case Condition.In i:
                return Leaf(i, i.Fact, facts, because, missing, v => i.Values.Any(x => Compare(v, Comparison.EqualTo, x)));
            case Condition.AllOf all:
                var inner = new List<string>();
                var allTruth = All(all.Conditions, facts, inner, missing);
                because.Add($"all of: {Word(allTruth)} [{string.Join("; ", inner)}]");
                return allTruth;
            case Condition.AnyOf any:
                var parts = new List<string>();
                var anyTruth = Truth.False;
                foreach (var part in any.Conditions)
                {
                    var t = Eval(part, facts, parts, missing);
                    if (t == Truth.True)
                    {
                        anyTruth = Truth.True;
                    }
                    else if (t == Truth.Unknown && anyTruth == Truth.False)
                    {
                        anyTruth = Truth.Unknown;
                    }
                }

                because.Add($"any of: {Word(anyTruth)} [{string.Join("; ", parts)}]");
                return anyTruth;
            default:
                throw new ArgumentOutOfRangeException(nameof(condition));
        }
    }

    private static Truth Leaf(Condition condition, string fact, FactSet facts, List<string> because, SortedSet<string> missing, Func<FactValue, bool> test)
    {
        if (facts[fact] is not { } value)
        {
            missing.Add(fact);
            because.Add($"{condition}: undetermined ({fact} is missing)");
            return Truth.Unknown;
        }

        var holds = test(value);
        because.Add($"{condition}: {(holds ? "true" : "false")} ({fact} = {Condition.Literal(value)})");
        return holds ? Truth.True : Truth.False;
    }

    private static string Word(Truth truth) => truth switch
    {
        Truth.True => "true",
        Truth.False => "false",
        Truth.Unknown => "undetermined",
    };

    /// <summary>A value of another type than the condition's never matches (validation refuses such conditions on publish).</summary>
    private static bool Compare(FactValue actual, Comparison op, FactValue expected) => (actual, expected) switch
    {
        (FactValue.Number a, FactValue.Number b) => op switch
        {
            Comparison.LessThan => a.Value < b.Value,
            Comparison.AtMost => a.Value <= b.Value,
            Comparison.GreaterThan => a.Value > b.Value,
            Comparison.AtLeast => a.Value >= b.Value,
            Comparison.EqualTo => a.Value == b.Value,
            Comparison.NotEqualTo => a.Value != b.Value,
        },
        (FactValue.Flag a, FactValue.Flag b) => op switch
        {
            Comparison.EqualTo => a.Value == b.Value,
            Comparison.NotEqualTo => a.Value != b.Value,
            Comparison.LessThan or Comparison.AtMost or Comparison.GreaterThan or Comparison.AtLeast => false,
        },
        (FactValue.Text a, FactValue.Text b) => op switch
        {
            Comparison.EqualTo => string.Equals(a.Value, b.Value, StringComparison.Ordinal),
            Comparison.NotEqualTo => !string.Equals(a.Value, b.Value, StringComparison.Ordinal),
            Comparison.LessThan or Comparison.AtMost or Comparison.GreaterThan or Comparison.AtLeast => false,
        },
        _ => false,
    };

    internal static string Invariant(decimal value) => value.ToString(CultureInfo.InvariantCulture);
}
