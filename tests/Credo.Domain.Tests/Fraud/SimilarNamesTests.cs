using Credo.Domain.Fraud;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Credo.Domain.Tests.Fraud;

public sealed class SimilarNamesTests
{
    [Theory]
    [InlineData("Acme Ltd.", "acme")]
    [InlineData("ACME, LIMITED", "acme")]
    [InlineData("Acme Holdings B.V.", "acme holdings")]
    [InlineData("Müller GmbH & Co. KG", "müller")]
    [InlineData("Smith & Sons plc", "smith and sons")]
    [InlineData("Widgets Inc", "widgets")]
    [InlineData("O'Brien Trading LLC", "obrien trading")]
    [InlineData("Société Générale S.A.", "société générale")]
    [InlineData("Ltd", "ltd")] // never stripped down to nothing
    [InlineData("  Blue   Sky  Corp  ", "blue sky")]
    public void Names_are_normalised(string name, string normalised) =>
        Assert.Equal(normalised, SimilarNames.Normalise(name));

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("abc", "abc", 0)]
    [InlineData("flaw", "lawn", 2)]
    [InlineData("acme", "acne", 1)]
    public void Levenshtein_distance(string a, string b, int distance) =>
        Assert.Equal(distance, SimilarNames.Levenshtein(a, b));

    [Theory]
    [InlineData("kitten", "sitting", "0.5714")] // 1 - 3/7
    [InlineData("acme", "acne", "0.75")]
    [InlineData("", "", "1")]
    [InlineData("abc", "xyz", "0")]
    public void Similarity_is_one_minus_distance_over_the_longer_length(string a, string b, string expected) =>
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), decimal.Round(SimilarNames.Similarity(a, b), 4));

    private static readonly ExistingCustomer[] Book =
    [
        new("C1", "Northwind Traders Ltd"),
        new("C2", "Northwind Trading GmbH"),
        new("C3", "Contoso Pharmaceuticals Inc."),
        new("C4", "Fabrikam, Inc."),
    ];

    [Theory]
    // applicant, expected best match (or empty), raised?
    [InlineData("Northwind Traders LLC", "C1", true)] // identical once normalised
    [InlineData("North-wind Traders", "C1", true)] // 1 edit in 18
    [InlineData("Contoso Pharmaceutical", "C3", true)]
    [InlineData("Fabrikan Inc", "", false)] // 1 edit in 8 = 0.875, below 0.9
    [InlineData("Tailspin Toys", "", false)]
    public void Similar_names_raise_the_signal(string applicant, string bestMatch, bool raised)
    {
        var result = SimilarNames.Find(applicant, Book, threshold: 0.9m);
        Assert.Equal(raised, result.Signal.IsRaised);
        Assert.Equal(bestMatch, result.Matches.Count > 0 ? result.Matches[0].CustomerId : "");
    }

    [Fact]
    public void Matches_are_best_first_and_limited_to_top_n()
    {
        var result = SimilarNames.Find("Northwind Trader", Book, threshold: 0.7m, top: 1);
        var only = Assert.Single(result.Matches);
        Assert.Equal("C1", only.CustomerId);
        Assert.Contains("C1", Assert.Single(result.Signal.Evidence));
    }

    [Fact]
    public void The_threshold_is_inclusive()
    {
        // "fabrikan" vs "fabrikam": 1 edit in 8 → exactly 0.875.
        Assert.True(SimilarNames.Find("Fabrikan", Book, threshold: 0.875m).Signal.IsRaised);
        Assert.False(SimilarNames.Find("Fabrikan", Book, threshold: 0.876m).Signal.IsRaised);
    }

    [Fact]
    public void An_empty_name_is_not_applicable() =>
        Assert.Equal(SignalOutcome.NotApplicable, SimilarNames.Find(" . ", Book).Signal.Outcome);

    [Property(MaxTest = 200)]
    public Property Similarity_is_symmetric_and_within_0_and_1() =>
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), ArbMap.Default.ArbFor<string>(), (a, b) =>
        {
            a ??= "";
            b ??= "";
            var s = SimilarNames.Similarity(a, b);
            return s == SimilarNames.Similarity(b, a) && s is >= 0m and <= 1m && (a != b || s == 1m);
        });
}
