using Credo.Domain.Amounts;
using Credo.Domain.Common;
using Credo.Domain.Customers;
using Credo.Domain.Scoring;

namespace Credo.Domain.Policy;

/// <summary>
/// Checks a policy version before it is published. Every problem is reported (not just the first), each with the path
/// at fault (e.g. <c>rules[2].when[0]</c>) and a message naming the rule and the condition. A version is refused when:
/// <list type="bullet">
/// <item>it has no rules, or its scorecard, limit formula, review intervals, default terms or four-eyes thresholds are
/// invalid (scorecard factors must be numeric catalog facts, not computed ones);</item>
/// <item>a condition names a fact not in <see cref="FactCatalog"/>, compares a value of the wrong type, orders a text
/// or flag (&lt;, &lt;=, &gt;, &gt;=), has an empty list, or names a value the fact can never take (a risk class the
/// scorecard does not have, an Altman zone other than safe, grey or distress, a score outside 0..100, a confidence
/// outside 0..1);</item>
/// <item>a rule can never fire: its conditions (all-of, nested all-of flattened) contradict each other on one fact
/// (e.g. <c>score &gt; 80</c> and <c>score &lt; 50</c>; <c>country = 'US'</c> and <c>country = 'CA'</c>; a flag
/// both <c>!= true</c> and <c>!= false</c>; <c>x is missing</c> with any comparison of x or <c>x is present</c>);
/// any-of groups are not analysed;</item>
/// <item>a rule can never change the outcome because it is <b>shadowed</b>: another rule with a stronger outcome
/// (decline over refer over approve) has conditions that are a subset of its own (compared by canonical text).
/// Whenever the shadowed rule fires the stronger one fires too, and whenever it is undetermined the stronger one is
/// fired or undetermined, so the outcome is the same with or without it. The commonest case is an unconditional
/// decline rule: it shadows every approve and refer rule.</item>
/// </list>
/// </summary>
public static class PolicyValidation
{
    private static readonly string[] AltmanZones = ["safe", "grey", "distress"];

    public static IReadOnlyList<ValidationFailed> Validate(PolicyDefinition policy)
    {
        var errors = new List<ValidationFailed>();
        errors.AddRange(Scorecard.Validate(policy.Scorecard).Select(e => new ValidationFailed("scorecard." + e.Field, e.Message)));
        errors.AddRange(ValidateFactors(policy.Scorecard.Factors));
        errors.AddRange(ValidateLimit(policy.Limit));
        var classes = policy.Scorecard.Classes.Select(c => c.RiskClass).ToList();
        errors.AddRange(ValidateReviewMonths(policy.ReviewMonths, classes));
        if (!PaymentTerms.Parse(policy.DefaultTermsCode, "defaultTerms").IsOk)
        {
            errors.Add(new ValidationFailed("defaultTerms", $"'{policy.DefaultTermsCode}' is not a payment terms code (e.g. NET30)."));
        }

        errors.AddRange(ValidateFourEyes(policy.FourEyesAbove));
        if (policy.Rules.Count == 0)
        {
            errors.Add(new ValidationFailed("rules", "A policy needs at least one rule; with none, every case would be referred."));
        }

        errors.AddRange(ValidateRules(policy.Rules, classes));
        errors.AddRange(Shadowed(policy.Rules));
        return errors;
    }

    /// <summary>Scorecard factors read numeric catalog facts, never the ones computed from the scorecard itself.</summary>
    private static List<ValidationFailed> ValidateFactors(IReadOnlyList<Factor> factors)
    {
        var errors = new List<ValidationFailed>();
        for (var i = 0; i < factors.Count; i++)
        {
            var name = factors[i].Name;
            var fact = FactCatalog.Find(name);
            if (fact is null)
            {
                errors.Add(new ValidationFailed($"scorecard.factors[{i}].name", $"Scorecard factor '{name}' is not a known fact."));
            }
            else if (fact.Type != FactType.Number)
            {
                errors.Add(new ValidationFailed($"scorecard.factors[{i}].name", $"Scorecard factor '{name}' is a {Word(fact.Type)} fact; a scorecard reads numbers only."));
            }
            else if (PolicyDefinition.ComputedFacts.Contains(name))
            {
                errors.Add(new ValidationFailed($"scorecard.factors[{i}].name", $"Scorecard factor '{name}' is computed from the scorecard itself."));
            }
        }

        return errors;
    }

    /// <summary>Every risk class has a review interval of 1 to 120 months, and every interval is for a risk class of the scorecard.</summary>
    private static List<ValidationFailed> ValidateReviewMonths(IReadOnlyDictionary<string, int> reviewMonths, List<string> classes)
    {
        var errors = new List<ValidationFailed>();
        foreach (var riskClass in classes.Where(c => !string.IsNullOrWhiteSpace(c) && !reviewMonths.ContainsKey(c)))
        {
            errors.Add(new ValidationFailed("reviewMonths", $"Risk class '{riskClass}' has no review interval."));
        }

        foreach (var (riskClass, months) in reviewMonths)
        {
            if (!classes.Contains(riskClass))
            {
                errors.Add(new ValidationFailed($"reviewMonths.{riskClass}", $"'{riskClass}' is not a risk class of the scorecard ({string.Join(", ", classes)})."));
            }

            if (months is < 1 or > 120)
            {
                errors.Add(new ValidationFailed($"reviewMonths.{riskClass}", $"A review interval is 1 to 120 months; {riskClass} has {months}."));
            }
        }

        return errors;
    }

    /// <summary>One four-eyes threshold per currency, none negative.</summary>
    private static List<ValidationFailed> ValidateFourEyes(IReadOnlyList<Money> thresholds)
    {
        var errors = new List<ValidationFailed>();
        var thresholdCurrencies = new HashSet<string>(StringComparer.Ordinal);
        foreach (var threshold in thresholds)
        {
            if (!thresholdCurrencies.Add(threshold.Currency.Code))
            {
                errors.Add(new ValidationFailed($"fourEyesAbove.{threshold.Currency.Code}", $"{threshold.Currency.Code} has two four-eyes thresholds."));
            }

            if (threshold.IsNegative)
            {
                errors.Add(new ValidationFailed($"fourEyesAbove.{threshold.Currency.Code}", "A four-eyes threshold cannot be negative."));
            }
        }

        return errors;
    }

    /// <summary>Each rule: a name used once, valid conditions and outcome, and (when those are valid) conditions that can hold together.</summary>
    private static List<ValidationFailed> ValidateRules(IReadOnlyList<PolicyRule> rules, List<string> classes)
    {
        var errors = new List<ValidationFailed>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var path = $"rules[{i}]";
            if (string.IsNullOrWhiteSpace(rule.Name))
            {
                errors.Add(new ValidationFailed($"{path}.name", $"Rule {i + 1} needs a name."));
            }
            else if (!names.Add(rule.Name))
            {
                errors.Add(new ValidationFailed($"{path}.name", $"Rule name '{rule.Name}' is used twice."));
            }

            var ruleErrors = new List<ValidationFailed>();
            for (var j = 0; j < rule.When.Count; j++)
            {
                ruleErrors.AddRange(ValidateCondition(rule.When[j], $"{path}.when[{j}]", rule.Name, classes));
            }

            ruleErrors.AddRange(ValidateOutcome(rule.Then, $"{path}.then", rule.Name));
            errors.AddRange(ruleErrors);
            if (ruleErrors.Count == 0 && Contradiction(rule.When, classes) is { } why)
            {
                errors.Add(new ValidationFailed($"{path}.when", $"Rule '{rule.Name}' can never fire: {why}."));
            }
        }

        return errors;
    }

    /// <summary>Rules that can never change the outcome: a stronger rule's conditions are a subset of theirs (first such rule named).</summary>
    private static List<ValidationFailed> Shadowed(IReadOnlyList<PolicyRule> rules)
    {
        var errors = new List<ValidationFailed>();
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var own = rule.When.SelectMany(Flatten).Select(c => c.ToString()).ToHashSet(StringComparer.Ordinal);
            for (var j = 0; j < rules.Count; j++)
            {
                var other = rules[j];
                if (i == j || other.Then.Rank <= rule.Then.Rank)
                {
                    continue;
                }

                var theirs = other.When.SelectMany(Flatten).Select(c => c.ToString()).ToList();
                if (theirs.All(own.Contains))
                {
                    var why = theirs.Count == 0
                        ? $"rule '{other.Name}' always {other.Then.Kind}s"
                        : $"whenever it fires, rule '{other.Name}' ({string.Join("; ", theirs)}) fires too and {other.Then.Kind}s";
                    errors.Add(new ValidationFailed($"rules[{i}]", $"Rule '{rule.Name}' can never change the outcome: {why}, which takes precedence over {rule.Then.Kind}."));
                    break;
                }
            }
        }

        return errors;
    }

    private static IEnumerable<ValidationFailed> ValidateLimit(LimitPolicy limit)
    {
        if (limit.RevenueShare is < 0m)
        {
            yield return new ValidationFailed("limit.revenueShare", "A share of revenue cannot be negative.");
        }

        if (limit.NetWorthMultiple is < 0m)
        {
            yield return new ValidationFailed("limit.netWorthMultiple", "A multiple of net worth cannot be negative.");
        }

        if (!limit.UseRequested && !limit.UseBureauSuggestion && limit.RevenueShare is null && limit.NetWorthMultiple is null)
        {
            yield return new ValidationFailed("limit", "The limit formula needs at least one candidate (requested, revenue share, bureau suggestion or net worth multiple).");
        }
    }

    private static IEnumerable<ValidationFailed> ValidateOutcome(RuleOutcome outcome, string path, string rule)
    {
        switch (outcome)
        {
            case RuleOutcome.Approve a:
                if (a.Limit is LimitBasis.Fixed or LimitBasis.LeastOf && a.FixedAmount is not > 0m)
                {
                    yield return new ValidationFailed($"{path}.amount", $"Rule '{rule}' approves a {(a.Limit == LimitBasis.Fixed ? "fixed" : "least-of")} limit and needs a positive amount.");
                }

                if (a.Limit == LimitBasis.Recommended && a.FixedAmount is not null)
                {
                    yield return new ValidationFailed($"{path}.amount", $"Rule '{rule}' approves the recommended limit; an amount would be ignored (use limit 'fixed' or 'least').");
                }

                if (a.TermsCode is not null && !PaymentTerms.Parse(a.TermsCode).IsOk)
                {
                    yield return new ValidationFailed($"{path}.terms", $"Rule '{rule}': '{a.TermsCode}' is not a payment terms code (e.g. NET30).");
                }

                if (a.ReviewMonths is < 1 or > 120)
                {
                    yield return new ValidationFailed($"{path}.reviewMonths", $"Rule '{rule}': a review interval is 1 to 120 months.");
                }

                break;
            case RuleOutcome.Decline d:
                if (string.IsNullOrWhiteSpace(d.Code) || d.Code.Length > 64)
                {
                    yield return new ValidationFailed($"{path}.code", $"Rule '{rule}' declines and needs a reason code (up to 64 characters).");
                }

                if (string.IsNullOrWhiteSpace(d.Text))
                {
                    yield return new ValidationFailed($"{path}.text", $"Rule '{rule}' declines and needs the reason in words.");
                }

                break;
            case RuleOutcome.Refer r:
                if (string.IsNullOrWhiteSpace(r.Reason))
                {
                    yield return new ValidationFailed($"{path}.reason", $"Rule '{rule}' refers and needs a reason.");
                }

                break;
        }
    }

    private static IEnumerable<ValidationFailed> ValidateCondition(Condition condition, string path, string rule, IReadOnlyList<string> classes)
    {
        var where = $"Rule '{rule}', condition '{condition}'";
        switch (condition)
        {
            case Condition.AllOf all:
                return ValidateGroup(all.Conditions, "allOf", path, rule, classes);
            case Condition.AnyOf any:
                return ValidateGroup(any.Conditions, "anyOf", path, rule, classes);
            case Condition.Missing or Condition.Present:
                return ValidatePresence(condition, path, where);
            case Condition.Compare c:
                return ValidateCompare(c, path, where, classes);
            case Condition.In i:
                return ValidateIn(i, path, where, classes);
        }

        return [];
    }

    private static IEnumerable<ValidationFailed> ValidateGroup(IReadOnlyList<Condition> parts, string group, string path, string rule, IReadOnlyList<string> classes)
    {
        if (parts.Count == 0)
        {
            yield return new ValidationFailed(path, $"Rule '{rule}': an all-of or any-of group needs at least one condition.");
        }

        for (var i = 0; i < parts.Count; i++)
        {
            foreach (var e in ValidateCondition(parts[i], $"{path}.{group}[{i}]", rule, classes))
            {
                yield return e;
            }
        }
    }

    /// <summary>"is missing" and "is present": on a known fact that is not always computed (the recommended limit may be missing).</summary>
    private static IEnumerable<ValidationFailed> ValidatePresence(Condition condition, string path, string where)
    {
        var fact = FactOf(condition)!;
        if (FactCatalog.Find(fact) is null)
        {
            yield return Unknown(path, where, fact);
        }
        else if (PolicyDefinition.ComputedFacts.Contains(fact) && fact != "recommendedLimit")
        {
            yield return new ValidationFailed(path, $"{where}: {fact} is always computed, so it is never missing.");
        }
    }

    /// <summary>A comparison: a known fact, a value of its type, an order only on numbers, a value the fact can take.</summary>
    private static IEnumerable<ValidationFailed> ValidateCompare(Condition.Compare c, string path, string where, IReadOnlyList<string> classes)
    {
        var fact = FactCatalog.Find(c.Fact);
        if (fact is null)
        {
            yield return Unknown(path, where, c.Fact);
            yield break;
        }

        if (c.Value.Type != fact.Type)
        {
            yield return new ValidationFailed($"{path}.value", $"{where}: {c.Fact} is a {Word(fact.Type)}, so the value must be a {Word(fact.Type)}, not a {Word(c.Value.Type)}.");
            yield break;
        }

        if (fact.Type != FactType.Number && c.Op is not (Comparison.EqualTo or Comparison.NotEqualTo))
        {
            yield return new ValidationFailed($"{path}.op", $"{where}: a {Word(fact.Type)} can only be compared with = or !=.");
            yield break;
        }

        if (Impossible(c.Fact, c.Value, classes) is { } why)
        {
            yield return new ValidationFailed($"{path}.value", $"{where}: {why}.");
        }
    }

    /// <summary>"in": a known fact and a non-empty list, every value of the fact's type and one it can take.</summary>
    private static IEnumerable<ValidationFailed> ValidateIn(Condition.In i, string path, string where, IReadOnlyList<string> classes)
    {
        var known = FactCatalog.Find(i.Fact);
        if (known is null)
        {
            yield return Unknown(path, where, i.Fact);
            yield break;
        }

        if (i.Values.Count == 0)
        {
            yield return new ValidationFailed($"{path}.values", $"{where}: the list is empty, so it can never match.");
            yield break;
        }

        for (var k = 0; k < i.Values.Count; k++)
        {
            if (i.Values[k].Type != known.Type)
            {
                yield return new ValidationFailed($"{path}.values[{k}]", $"{where}: {i.Fact} is a {Word(known.Type)}, so every value must be a {Word(known.Type)}; {Condition.Literal(i.Values[k])} is a {Word(i.Values[k].Type)}.");
            }
            else if (Impossible(i.Fact, i.Values[k], classes) is { } whyNot)
            {
                yield return new ValidationFailed($"{path}.values[{k}]", $"{where}: {whyNot}.");
            }
        }
    }

    private static ValidationFailed Unknown(string path, string where, string fact) =>
        new($"{path}.fact", $"{where}: '{fact}' is not a known fact (see the fact catalog).");

    private static string? FactOf(Condition condition) => condition switch
    {
        Condition.Compare c => c.Fact,
        Condition.In i => i.Fact,
        Condition.Missing m => m.Fact,
        Condition.Present p => p.Fact,
        _ => null,
    };

    private static string? Impossible(string fact, FactValue value, IReadOnlyList<string> classes) => (fact, value) switch
    {
        ("riskClass", FactValue.Text t) when !classes.Contains(t.Value) => $"'{t.Value}' is not a risk class of the scorecard ({string.Join(", ", classes)})",
        ("altmanZone", FactValue.Text t) when !AltmanZones.Contains(t.Value) => $"'{t.Value}' is not an Altman zone (safe, grey, distress)",
        _ => null,
    };

    private static IEnumerable<Condition> Flatten(Condition condition) =>
        condition is Condition.AllOf all ? all.Conditions.SelectMany(Flatten) : [condition];

    /// <summary>Why the conjunction can never be true, or null. Any-of groups are taken as satisfiable.</summary>
    private static string? Contradiction(IReadOnlyList<Condition> when, IReadOnlyList<string> classes)
    {
        var leaves = when.SelectMany(Flatten).ToList();
        foreach (var group in leaves.Where(c => FactOf(c) is not null).GroupBy(c => FactOf(c)!))
        {
            var fact = group.Key;
            var conditions = group.ToList();
            var missing = conditions.OfType<Condition.Missing>().FirstOrDefault();
            var needsPresent = conditions.FirstOrDefault(c => c is not Condition.Missing);
            if (missing is not null && needsPresent is not null)
            {
                return $"'{missing}' and '{needsPresent}' cannot both hold (a comparison needs the fact present)";
            }

            var type = FactCatalog.Find(fact)!.Type;
            var why = type == FactType.Number ? NumberContradiction(fact, conditions) : ValueContradiction(fact, type, conditions, classes);
            if (why is not null)
            {
                return why;
            }
        }

        return null;
    }

    private static string? NumberContradiction(string fact, List<Condition> conditions)
    {
        // The feasible set: an interval (bounds inclusive or not), minus excluded points, within the listed values if any.
        (decimal? Value, bool Inclusive) low = fact switch { "score" or "scoreConfidence" => (0m, true), _ => (null, false) };
        (decimal? Value, bool Inclusive) high = fact switch { "score" => (100m, true), "scoreConfidence" => (1m, true), _ => (null, false) };
        var excluded = new HashSet<decimal>();
        HashSet<decimal>? allowed = null;
        foreach (var condition in conditions)
        {
            switch (condition)
            {
                case Condition.Compare { Value: FactValue.Number n } c:
                    switch (c.Op)
                    {
                        case Comparison.LessThan:
                            high = Tighter(high, (n.Value, false), upper: true);
                            break;
                        case Comparison.AtMost:
                            high = Tighter(high, (n.Value, true), upper: true);
                            break;
                        case Comparison.GreaterThan:
                            low = Tighter(low, (n.Value, false), upper: false);
                            break;
                        case Comparison.AtLeast:
                            low = Tighter(low, (n.Value, true), upper: false);
                            break;
                        case Comparison.EqualTo:
                            allowed = Intersect(allowed, [n.Value]);
                            break;
                        case Comparison.NotEqualTo:
                            excluded.Add(n.Value);
                            break;
                    }

                    break;
                case Condition.In i:
                    allowed = Intersect(allowed, i.Values.OfType<FactValue.Number>().Select(v => v.Value));
                    break;
            }
        }

        bool Inside(decimal v) =>
            !excluded.Contains(v)
            && (low.Value is not { } lo || (low.Inclusive ? v >= lo : v > lo))
            && (high.Value is not { } hi || (high.Inclusive ? v <= hi : v < hi));

        var all = string.Join("; ", conditions);
        if (allowed is not null)
        {
            return allowed.Any(Inside) ? null : $"no value of {fact} satisfies {all}";
        }

        if (low.Value is { } l && high.Value is { } h && (l > h || (l == h && !(low.Inclusive && high.Inclusive && !excluded.Contains(l)))))
        {
            return $"no value of {fact} satisfies {all}";
        }

        return null;
    }

    private static (decimal? Value, bool Inclusive) Tighter((decimal? Value, bool Inclusive) current, (decimal Value, bool Inclusive) candidate, bool upper)
    {
        if (current.Value is not { } v)
        {
            return candidate;
        }

        if (candidate.Value == v)
        {
            return (v, current.Inclusive && candidate.Inclusive);
        }

        return upper == (candidate.Value < v) ? candidate : current;
    }

    private static HashSet<T> Intersect<T>(HashSet<T>? current, IEnumerable<T> values)
    {
        var next = values.ToHashSet();
        if (current is not null)
        {
            next.IntersectWith(current);
        }

        return next;
    }

    private static string? ValueContradiction(string fact, FactType type, List<Condition> conditions, IReadOnlyList<string> classes)
    {
        // Text and flags: the candidates are the listed values (or the fact's whole domain when it has a known one).
        IEnumerable<FactValue>? domain = type == FactType.Flag
            ? [new FactValue.Flag(true), new FactValue.Flag(false)]
            : fact switch
            {
                "riskClass" => classes.Select(c => (FactValue)new FactValue.Text(c)),
                "altmanZone" => AltmanZones.Select(z => (FactValue)new FactValue.Text(z)),
                _ => null,
            };
        HashSet<FactValue>? allowed = domain?.ToHashSet();
        var excluded = new HashSet<FactValue>();
        foreach (var condition in conditions)
        {
            switch (condition)
            {
                case Condition.Compare { Op: Comparison.EqualTo } c:
                    allowed = Intersect(allowed, [c.Value]);
                    break;
                case Condition.Compare { Op: Comparison.NotEqualTo } c:
                    excluded.Add(c.Value);
                    break;
                case Condition.In i:
                    allowed = Intersect(allowed, i.Values);
                    break;
            }
        }

        return allowed is not null && allowed.All(excluded.Contains) ? $"no value of {fact} satisfies {string.Join("; ", conditions)}" : null;
    }

    private static string Word(FactType type) => type switch
    {
        FactType.Number => "number",
        FactType.Flag => "flag",
        FactType.Text => "text",
    };
}
