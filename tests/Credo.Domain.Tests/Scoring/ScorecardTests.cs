using Credo.Domain.Scoring;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Credo.Domain.Tests.Scoring;

public sealed class ScorecardTests
{
    private static readonly ScorecardDefinition Card = new(
        [
            new Factor("paydex", 40, [new(null, 50m, 0), new(50m, 70m, 50), new(70m, 80m, 80), new(80m, null, 100)]),
            new Factor("altmanZ", 30, [new(null, 1.1m, 0), new(1.1m, 2.6m, 50), new(2.6m, null, 100)]),
            new Factor("yearsTrading", 30, [new(null, 2m, 20), new(2m, 5m, 60), new(5m, null, 100)]),
        ],
        [new("A", 80m), new("B", 65m), new("C", 50m), new("D", 35m), new("E", 0m)]);

    private static Dictionary<string, decimal?> Facts(decimal? paydex, decimal? altmanZ, decimal? years) =>
        new() { ["paydex"] = paydex, ["altmanZ"] = altmanZ, ["yearsTrading"] = years };

    [Fact]
    public void The_example_definition_is_valid() => Assert.Empty(Scorecard.Validate(Card));

    [Theory]
    // paydex, altmanZ, years (-1 = missing) → score, class, confidence, missing facts, reasons (factor:lost)
    [InlineData(82, 3.0, 10, 100, "A", 1.0, "", "")]
    [InlineData(60, 1.5, 3, 53, "C", 1.0, "", "paydex:20,altmanZ:15,yearsTrading:12")]
    [InlineData(75, 3.0, 3, 80, "A", 1.0, "", "paydex:8,yearsTrading:12")] // exactly the A cut-off: A
    [InlineData(80, 2.6, 5, 100, "A", 1.0, "", "")] // band starts are inclusive
    [InlineData(79.99, 2.59, 4.99, 65, "B", 1.0, "", "altmanZ:15,paydex:8,yearsTrading:12")]
    [InlineData(82, -1, 10, 70, "B", 0.7, "altmanZ", "altmanZ:30")] // missing earns nothing and is a reason
    [InlineData(-1, -1, -1, 0, "E", 0.0, "paydex,altmanZ,yearsTrading", "paydex:40,altmanZ:30,yearsTrading:30")]
    [InlineData(10, 0.5, 1, 6, "E", 1.0, "", "paydex:40,altmanZ:30,yearsTrading:24")]
    public void Scores_classes_and_reasons(double paydex, double altmanZ, double years, double score, string riskClass, double confidence, string missing, string reasons)
    {
        static decimal? Fact(double v) => v < 0 ? null : (decimal)v;
        var result = Scorecard.Evaluate(Card, Facts(Fact(paydex), Fact(altmanZ), Fact(years)), reasonCount: 3).Value!;
        Assert.Equal((decimal)score, result.Score);
        Assert.Equal(riskClass, result.RiskClass);
        Assert.Equal((decimal)confidence, result.Confidence);
        Assert.Equal(missing, string.Join(',', result.MissingFacts));
        var expected = reasons.Length == 0 ? [] : reasons.Split(',').Select(r => r.Split(':')).Select(p => (p[0], decimal.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(expected.OrderByDescending(e => e.Item2).Select(e => e.Item1), result.Reasons.Select(r => r.Factor));
        Assert.Equal(expected.OrderByDescending(e => e.Item2).Select(e => e.Item2), result.Reasons.Select(r => r.PointsLost));
    }

    [Fact]
    public void The_score_of_known_factors_rescales_and_is_absent_when_nothing_is_known()
    {
        var partial = Scorecard.Evaluate(Card, Facts(82, null, 3)).Value!;
        Assert.Equal(58m, partial.Score); // 40 + 0 + 18
        Assert.Equal(82.8571m, decimal.Round(partial.ScoreOfKnown!.Value, 4)); // 58 / 70 × 100
        Assert.True(Assert.Single(partial.Reasons, r => r.Factor == "altmanZ").Missing);
        Assert.Null(Scorecard.Evaluate(Card, new Dictionary<string, decimal?>()).Value!.ScoreOfKnown);
    }

    [Fact]
    public void Reason_count_limits_the_reasons() =>
        Assert.Single(Scorecard.Evaluate(Card, Facts(10, 0.5m, 1), reasonCount: 1).Value!.Reasons);

    public static TheoryData<string, ScorecardDefinition> Broken() => new()
    {
        { "factors", Card with { Factors = [] } },
        { "factors", Card with { Factors = [Card.Factors[0], Card.Factors[1]] } }, // weights sum to 70
        { "factors[1].weight", Card with { Factors = [Card.Factors[0] with { Weight = 70 }, Card.Factors[1] with { Weight = 0 }, Card.Factors[2]] } },
        { "factors[2].name", Card with { Factors = [Card.Factors[0], Card.Factors[1], Card.Factors[2] with { Name = "paydex" }] } },
        { "factors[1].bands[1].from", WithBands(1, [new(null, 1.1m, 0), new(1.2m, 2.6m, 50), new(2.6m, null, 100)]) }, // gap
        { "factors[1].bands[2].from", WithBands(1, [new(null, 1.1m, 0), new(1.1m, 2.6m, 50), new(2.5m, null, 100)]) }, // overlap
        { "factors[1].bands[0].from", WithBands(1, [new(0m, 1.1m, 0), new(1.1m, null, 100)]) }, // does not cover −∞
        { "factors[1].bands[1].to", WithBands(1, [new(null, 1.1m, 0), new(1.1m, 9m, 100)]) }, // does not cover +∞
        { "factors[1].bands[1].to", WithBands(1, [new(null, 1.1m, 0), new(1.1m, 1.0m, 50), new(1.0m, null, 100)]) }, // ends before it starts
        { "factors[1].bands[1].points", WithBands(1, [new(null, 1.1m, 0), new(1.1m, null, 101)]) },
        { "factors[1].bands", WithBands(1, []) },
        { "classes", Card with { Classes = [new("A", 80m), new("B", 50m)] } }, // no class from 0
        { "classes[1].minScore", Card with { Classes = [new("A", 80m), new("B", 80m), new("E", 0m)] } },
        { "classes[1].riskClass", Card with { Classes = [new("A", 80m), new("A", 50m), new("E", 0m)] } },
        { "classes[0].minScore", Card with { Classes = [new("A", 101m), new("E", 0m)] } },
    };

    private static ScorecardDefinition WithBands(int factor, Band[] bands) =>
        Card with { Factors = [.. Card.Factors.Select((f, i) => i == factor ? f with { Bands = bands } : f)] };

    [Theory]
    [MemberData(nameof(Broken))]
    public void Broken_definitions_are_reported_by_path(string path, ScorecardDefinition definition)
    {
        Assert.Contains(Scorecard.Validate(definition), e => e.Field == path);
        Assert.Equal("scorecard-invalid", Scorecard.Evaluate(definition, Facts(1, 1, 1)).Error!.Code);
    }

    [Property(MaxTest = 300)]
    public Property Score_is_0_to_100_and_a_missing_fact_never_raises_it() =>
        Prop.ForAll(Gen.Choose(-100, 200).ToArbitrary(), Gen.Choose(-50, 50).ToArbitrary(), Gen.Choose(0, 40).ToArbitrary(), (paydex, z, years) =>
        {
            var full = Scorecard.Evaluate(Card, Facts(paydex, z / 10m, years)).Value!;
            var withoutZ = Scorecard.Evaluate(Card, Facts(paydex, null, years)).Value!;
            return full.Score is >= 0m and <= 100m && withoutZ.Score <= full.Score && withoutZ.Confidence < full.Confidence;
        });
}
