using Credo.Domain.Common;

namespace Credo.Domain.Collections;

/// <summary>A named set of levels for some customers (a gentler path for low risk, a firmer one for high risk).</summary>
public sealed record DunningStrategy(string Code, string Name, IReadOnlyList<DunningLevel> Levels);

/// <summary>
/// Which customers a strategy is for: a segment ("dimension:code", e.g. "region:west") and/or a risk class (from the
/// customer's latest credit decision, e.g. "high"). Both given: both must match. Rules are read in order; the first
/// match wins; no match keeps the policy's own levels (the standard strategy).
/// </summary>
public sealed record StrategyRule(string? Segment, string? RiskClass, string Strategy)
{
    public bool Matches(IReadOnlyCollection<string> segments, string? riskClass) =>
        (Segment is null || segments.Contains(Segment, StringComparer.OrdinalIgnoreCase))
        && (RiskClass is null || string.Equals(RiskClass, riskClass, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Choosing and validating strategies: pure, over the policy's data.</summary>
public static class DunningStrategies
{
    public const string Standard = "standard";

    /// <summary>The strategy a customer is on (its code and name) and the policy with that strategy's levels.</summary>
    public static (string Code, string Name, DunningPolicy Policy) For(DunningPolicy policy, IReadOnlyCollection<string> segments, string? riskClass)
    {
        var rule = policy.StrategyRules.FirstOrDefault(r => r.Matches(segments, riskClass));
        var strategy = rule is null ? null : policy.Strategies.FirstOrDefault(s => s.Code == rule.Strategy);
        return strategy is null
            ? (Standard, "Standard", policy)
            : (strategy.Code, strategy.Name, policy with { Levels = strategy.Levels });
    }

    /// <summary>Every problem with the strategies and their rules, by field (run when a policy version is published).</summary>
    public static IEnumerable<ValidationFailed> Validate(DunningPolicy policy)
    {
        var codes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < policy.Strategies.Count; i++)
        {
            var s = policy.Strategies[i];
            var at = $"strategies[{i}]";
            if (string.IsNullOrWhiteSpace(s.Code) || s.Code.Length > 32 || s.Code == Standard || !codes.Add(s.Code))
            {
                yield return new ValidationFailed(at + ".code", $"A strategy code is 1 to 32 characters, used once, and not '{Standard}'.");
            }

            if (string.IsNullOrWhiteSpace(s.Name) || s.Name.Length > 100)
            {
                yield return new ValidationFailed(at + ".name", "A strategy name is 1 to 100 characters.");
            }

            foreach (var error in (policy with { Levels = s.Levels, Strategies = [], StrategyRules = [] }).Validate())
            {
                yield return new ValidationFailed(at + "." + error.Field, $"Strategy '{s.Name}': {error.Reason}");
            }
        }

        for (var i = 0; i < policy.StrategyRules.Count; i++)
        {
            var r = policy.StrategyRules[i];
            var at = $"strategyRules[{i}]";
            if (r.Segment is null && r.RiskClass is null)
            {
                yield return new ValidationFailed(at, "A rule names a segment, a risk class, or both.");
            }

            if (r.Segment is { } segment && (segment.Length > 80 || segment.Split(':') is not [{ Length: > 0 }, { Length: > 0 }]))
            {
                yield return new ValidationFailed(at + ".segment", "A segment is written dimension:code, e.g. region:west.");
            }

            if (r.RiskClass is { } risk && (risk.Trim().Length is 0 or > 32))
            {
                yield return new ValidationFailed(at + ".riskClass", "A risk class is 1 to 32 characters, e.g. high.");
            }

            if (!codes.Contains(r.Strategy))
            {
                yield return new ValidationFailed(at + ".strategy", $"No strategy '{r.Strategy}' in this policy.");
            }
        }
    }
}
