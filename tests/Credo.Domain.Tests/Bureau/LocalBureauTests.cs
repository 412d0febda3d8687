using Credo.Domain.Bureau;
using Credo.Domain.Amounts;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Credo.Domain.Tests.Bureau;

public sealed class LocalBureauTests
{
    [Property(MaxTest = 300)]
    public Property The_same_tax_id_always_gives_the_same_report() =>
        Prop.ForAll(ArbMap.Default.ArbFor<NonEmptyString>(), s =>
        {
            var a = LocalBureau.Report(s.Get, Currency.Eur);
            var b = LocalBureau.Report(s.Get, Currency.Eur);
            return a == b || (a is BureauAnswer.Found fa && b is BureauAnswer.Found fb && fa.Report == fb.Report && fa.RawJson == fb.RawJson)
                || (a is BureauAnswer.NoMatch na && b is BureauAnswer.NoMatch nb && na.Detail == nb.Detail);
        });

    [Theory]
    [InlineData("DE 123-456-000")]
    [InlineData("GB000")]
    public void Tax_ids_ending_in_000_are_never_found(string taxId) =>
        Assert.IsType<BureauAnswer.NoMatch>(LocalBureau.Report(taxId, Currency.Usd));

    [Theory]
    [InlineData("DE123456999")]
    [InlineData("12-3456999")]
    public void Tax_ids_ending_in_999_are_bankrupt_with_no_suggested_limit(string taxId)
    {
        var found = Assert.IsType<BureauAnswer.Found>(LocalBureau.Report(taxId, Currency.Usd));
        Assert.True(found.Report.Bankruptcy);
        Assert.Equal(Credo.Domain.Amounts.Money.Usd(0), found.Report.SuggestedLimit);
        Assert.InRange(found.Report.Score!.Value, 0, 20);
    }

    [Fact]
    public void Every_tax_id_ending_in_999_is_found_bankrupt_even_where_its_hash_would_say_no_match()
    {
        // One hash in 16 means "no match"; the 999 suffix must win over it, or tests asking for a bankrupt subject flake.
        for (var i = 0; i < 2_000; i++)
        {
            var taxId = "ZZ" + i.ToString("D6", System.Globalization.CultureInfo.InvariantCulture) + "999";
            var found = Assert.IsType<BureauAnswer.Found>(LocalBureau.Report(taxId, Currency.Usd));
            Assert.True(found.Report.Bankruptcy, taxId);
        }
    }

    [Fact]
    public void Spacing_and_case_do_not_change_the_report() =>
        Assert.Equal(
            ((BureauAnswer.Found)LocalBureau.Report("de 811 907 980", Currency.Eur)).Report,
            ((BureauAnswer.Found)LocalBureau.Report("DE811907980", Currency.Eur)).Report);

    [Fact]
    public void Over_many_tax_ids_most_are_found_some_are_not_and_scores_stay_in_range()
    {
        var answers = Enumerable.Range(1, 2000).Select(i => LocalBureau.Report($"NL{i:D9}B01", Currency.Eur)).ToList();
        var found = answers.OfType<BureauAnswer.Found>().ToList();
        Assert.InRange(answers.Count - found.Count, 60, 250); // about 1 in 16
        Assert.All(found, f => Assert.InRange(f.Report.Score!.Value, 0, 100));
        Assert.Contains(found, f => f.Report.Bankruptcy == true);
        Assert.Contains(found, f => f.Report.Judgments > 0);
        Assert.All(found.Where(f => f.Report.Bankruptcy == false), f => Assert.True(f.Report.SuggestedLimit!.Value.IsPositive));
    }

    [Theory]
    [InlineData(650, 300, 850, 64)]
    [InlineData(300, 300, 850, 0)]
    [InlineData(900, 300, 850, 100)]
    [InlineData(1, 1, 6, 0)]
    [InlineData(1, 6, 1, 100)] // a bureau whose best is its lowest number
    [InlineData(50, 0, 100, 50)]
    public void Scores_are_rescaled_to_0_100(int score, int min, int max, int expected) =>
        Assert.Equal(expected, BureauSubjects.Normalise(score, min, max));
}

public sealed class BureauResponseMappingTests
{
    private static readonly BureauFieldMapping Mapping = new(
        Score: "$.report.rating.score", ScoreMin: 300, ScoreMax: 850, SuggestedLimit: "report.limits[0].amount", Currency: "report.limits[0].currency",
        Bankruptcy: "report.flags.bankrupt", Judgments: "report.judgments", Found: "matched");

    [Fact]
    public void Fields_are_read_by_their_paths_and_normalised()
    {
        const string json = """{"matched":true,"report":{"rating":{"score":630},"limits":[{"amount":"25000.50","currency":"GBP"}],"flags":{"bankrupt":false},"judgments":[{},{}]}}""";
        var found = Assert.IsType<BureauAnswer.Found>(BureauResponseMapping.Map(json, Mapping));
        Assert.Equal(new BureauReport(60, new Credo.Domain.Amounts.Money(2_500_050, Currency.Gbp), false, 2), found.Report);
        Assert.Equal(json, found.RawJson);
    }

    [Fact]
    public void A_missing_field_is_missing_not_zero()
    {
        var found = Assert.IsType<BureauAnswer.Found>(BureauResponseMapping.Map("""{"matched":true,"report":{"rating":{"score":null}}}""", Mapping));
        Assert.Equal(new BureauReport(null, null, null, null), found.Report);
    }

    [Fact]
    public void Found_false_is_no_match() =>
        Assert.IsType<BureauAnswer.NoMatch>(BureauResponseMapping.Map("""{"matched":false}""", Mapping));

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"report":{"rating":{"score":"high"}}}""")]
    [InlineData("""{"report":{"limits":[{"amount":10,"currency":"XXX1"}]}}""")]
    [InlineData("""{"report":{"flags":{"bankrupt":3}}}""")]
    public void Unreadable_answers_are_failures(string json) =>
        Assert.IsType<BureauAnswer.Failed>(BureauResponseMapping.Map(json, Mapping));

    [Fact]
    public void Without_a_currency_path_the_default_currency_is_used()
    {
        var found = Assert.IsType<BureauAnswer.Found>(BureauResponseMapping.Map("""{"limit":1000}""", new BureauFieldMapping(SuggestedLimit: "limit", DefaultCurrency: "EUR")));
        Assert.Equal(Credo.Domain.Amounts.Money.Eur(100_000), found.Report.SuggestedLimit);
    }
}
