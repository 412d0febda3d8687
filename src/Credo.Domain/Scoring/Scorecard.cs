using Credo.Domain.Common;

namespace Credo.Domain.Scoring;

/// <summary>A band of a fact's values: <see cref="From"/> inclusive, <see cref="To"/> exclusive, null unbounded.</summary>
/// <param name="Points">The share (0..100) of the factor's weight a value in this band earns.</param>
public sealed record Band(decimal? From, decimal? To, int Points);

/// <param name="Name">The fact this factor reads (e.g. "paydex", "altmanZ", "yearsTrading").</param>
/// <param name="Weight">Points (of 100) this factor is worth at most.</param>
/// <param name="Bands">Ascending, contiguous, from −∞ to +∞.</param>
public sealed record Factor(string Name, int Weight, IReadOnlyList<Band> Bands);

/// <summary>A risk class and the lowest total score that reaches it.</summary>
public sealed record RiskCutoff(string RiskClass, decimal MinScore);

public sealed record ScorecardDefinition(IReadOnlyList<Factor> Factors, IReadOnlyList<RiskCutoff> Classes);

/// <param name="Fact">The fact's value, or null when it was missing.</param>
/// <param name="Points">Points earned toward the total (weight × band points / 100); 0 when missing.</param>
public sealed record FactorScore(string Factor, decimal? Fact, decimal Points, decimal MaxPoints)
{
    public bool IsMissing => Fact is null;

    public decimal PointsLost => MaxPoints - Points;
}

/// <summary>A factor that pulled the score down: the points it lost against its maximum, and whether it was missing.</summary>
public sealed record ReasonCode(string Factor, decimal PointsLost, bool Missing);

/// <param name="Score">0..100; a missing fact earns no points (fail closed: missing never flatters).</param>
/// <param name="ScoreOfKnown">The score over the known factors only, rescaled to 0..100; null when nothing is known.</param>
/// <param name="Confidence">The share (0..1) of the total weight whose facts were present.</param>
public sealed record ScorecardResult(
    decimal Score,
    decimal? ScoreOfKnown,
    string RiskClass,
    decimal Confidence,
    IReadOnlyList<FactorScore> Factors,
    IReadOnlyList<string> MissingFacts,
    IReadOnlyList<ReasonCode> Reasons);

/// <summary>
/// A configurable weighted scorecard. Each factor maps one numeric fact through its bands to a share of its weight;
/// weights sum to 100, so the total is 0..100. A missing fact is listed in <see cref="ScorecardResult.MissingFacts"/>,
/// earns nothing, lowers <see cref="ScorecardResult.Confidence"/> by its weight, and appears among the reasons. The
/// risk class is the one with the highest cut-off the score reaches. Reasons are the factors with the most points lost
/// (ties in definition order), those that lost nothing left out.
/// </summary>
public static class Scorecard
{
    /// <summary>Every problem with a definition, each named by its path (e.g. "factors[1].bands[2].from").</summary>
    public static IReadOnlyList<ValidationFailed> Validate(ScorecardDefinition definition)
    {
        var errors = new List<ValidationFailed>();
        if (definition.Factors.Count == 0)
        {
            errors.Add(new ValidationFailed("factors", "A scorecard needs at least one factor."));
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < definition.Factors.Count; i++)
        {
            var factor = definition.Factors[i];
            var path = $"factors[{i}]";
            if (string.IsNullOrWhiteSpace(factor.Name))
            {
                errors.Add(new ValidationFailed($"{path}.name", "A factor needs the name of its fact."));
            }
            else if (!names.Add(factor.Name))
            {
                errors.Add(new ValidationFailed($"{path}.name", $"Factor '{factor.Name}' appears twice."));
            }

            if (factor.Weight <= 0)
            {
                errors.Add(new ValidationFailed($"{path}.weight", "A weight must be positive."));
            }

            errors.AddRange(ValidateBands(factor.Bands, path));
        }

        var totalWeight = definition.Factors.Sum(f => (long)f.Weight);
        if (definition.Factors.Count > 0 && totalWeight != 100)
        {
            errors.Add(new ValidationFailed("factors", $"Weights must sum to 100; they sum to {totalWeight}."));
        }

        errors.AddRange(ValidateClasses(definition.Classes));
        return errors;
    }

    public static Result<ScorecardResult> Evaluate(ScorecardDefinition definition, IReadOnlyDictionary<string, decimal?> facts, int reasonCount = 3)
    {
        var errors = Validate(definition);
        if (errors.Count > 0)
        {
            return new Refusal("scorecard-invalid", $"The scorecard definition is invalid: {errors[0].Field}: {errors[0].Message}", errors[0].Field);
        }

        var scores = definition.Factors.Select(f => ScoreFactor(f, facts.GetValueOrDefault(f.Name))).ToList();
        var score = scores.Sum(s => s.Points);
        var knownWeight = scores.Where(s => !s.IsMissing).Sum(s => s.MaxPoints);
        decimal? scoreOfKnown = knownWeight == 0 ? null : scores.Where(s => !s.IsMissing).Sum(s => s.Points) * 100m / knownWeight;
        var riskClass = definition.Classes.Where(c => score >= c.MinScore).MaxBy(c => c.MinScore)!.RiskClass;
        var reasons = scores
            .Select((s, order) => (Score: s, Order: order))
            .Where(x => x.Score.PointsLost > 0)
            .OrderByDescending(x => x.Score.PointsLost)
            .ThenBy(x => x.Order)
            .Take(reasonCount)
            .Select(x => new ReasonCode(x.Score.Factor, x.Score.PointsLost, x.Score.IsMissing))
            .ToList();
        return new ScorecardResult(
            score,
            scoreOfKnown,
            riskClass,
            knownWeight / 100m,
            scores,
            [.. scores.Where(s => s.IsMissing).Select(s => s.Factor)],
            reasons);
    }

    private static FactorScore ScoreFactor(Factor factor, decimal? fact)
    {
        if (fact is not { } value)
        {
            return new FactorScore(factor.Name, null, 0m, factor.Weight);
        }

        var band = factor.Bands.First(b => (b.From is null || value >= b.From) && (b.To is null || value < b.To));
        return new FactorScore(factor.Name, value, factor.Weight * band.Points / 100m, factor.Weight);
    }

    private static IEnumerable<ValidationFailed> ValidateBands(IReadOnlyList<Band> bands, string factorPath)
    {
        if (bands.Count == 0)
        {
            yield return new ValidationFailed($"{factorPath}.bands", "A factor needs at least one band.");
            yield break;
        }

        if (bands[0].From is not null)
        {
            yield return new ValidationFailed($"{factorPath}.bands[0].from", "The first band must start unbounded (from null) so every value has a band.");
        }

        if (bands[^1].To is not null)
        {
            yield return new ValidationFailed($"{factorPath}.bands[{bands.Count - 1}].to", "The last band must end unbounded (to null) so every value has a band.");
        }

        for (var j = 0; j < bands.Count; j++)
        {
            var band = bands[j];
            var path = $"{factorPath}.bands[{j}]";
            if (band.Points is < 0 or > 100)
            {
                yield return new ValidationFailed($"{path}.points", "Points are a share of the weight, 0 to 100.");
            }

            if (band.From is { } from && band.To is { } to && from >= to)
            {
                yield return new ValidationFailed($"{path}.to", $"A band must end after it starts ({from} to {to}).");
            }

            if (j > 0 && bands[j - 1].To is { } previousTo)
            {
                if (band.From is not { } start)
                {
                    yield return new ValidationFailed($"{path}.from", "Only the first band may start unbounded.");
                }
                else if (start > previousTo)
                {
                    yield return new ValidationFailed($"{path}.from", $"Gap: the previous band ends at {previousTo}, this one starts at {start}.");
                }
                else if (start < previousTo)
                {
                    yield return new ValidationFailed($"{path}.from", $"Overlap: the previous band ends at {previousTo}, this one starts at {start}.");
                }
            }
            else if (j > 0)
            {
                yield return new ValidationFailed($"{factorPath}.bands[{j - 1}].to", "Only the last band may end unbounded.");
            }
        }
    }

    private static IEnumerable<ValidationFailed> ValidateClasses(IReadOnlyList<RiskCutoff> classes)
    {
        if (classes.Count == 0)
        {
            yield return new ValidationFailed("classes", "At least one risk class is needed.");
            yield break;
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var cutoffs = new HashSet<decimal>();
        for (var i = 0; i < classes.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(classes[i].RiskClass) || !names.Add(classes[i].RiskClass))
            {
                yield return new ValidationFailed($"classes[{i}].riskClass", "Risk class names must be present and distinct.");
            }

            if (classes[i].MinScore is < 0m or > 100m)
            {
                yield return new ValidationFailed($"classes[{i}].minScore", "A cut-off is a score from 0 to 100.");
            }
            else if (!cutoffs.Add(classes[i].MinScore))
            {
                yield return new ValidationFailed($"classes[{i}].minScore", $"Two classes share the cut-off {classes[i].MinScore}.");
            }
        }

        if (!classes.Any(c => c.MinScore == 0m))
        {
            yield return new ValidationFailed("classes", "One class must start at 0 so every score has a class.");
        }
    }
}
