using Credo.Domain.Scoring;

namespace Credo.Domain.Tests.Scoring;

public sealed class RecommendedLimitTests
{
    private static readonly LimitPolicy All = new(UseRequested: true, RevenueShare: 0.10m, UseBureauSuggestion: true, NetWorthMultiple: 0.25m);

    private static Credo.Domain.Amounts.Money? Usd(long? minor) => minor is { } m ? Credo.Domain.Amounts.Money.Usd(m) : null;

    [Theory]
    // requested, revenue, bureau, net worth (null = missing) → limit, binding, missing candidates
    [InlineData(50_000L, 1_000_000L, 80_000L, 400_000L, 50_000L, LimitCandidate.Requested, "")]
    [InlineData(500_000L, 1_000_000L, 80_000L, 400_000L, 80_000L, LimitCandidate.BureauSuggestion, "")] // revenue 100,000; net worth 100,000
    [InlineData(500_000L, 300_000L, 80_000L, 400_000L, 30_000L, LimitCandidate.RevenueShare, "")]
    [InlineData(500_000L, 1_000_000L, null, 200_000L, 50_000L, LimitCandidate.NetWorthMultiple, "BureauSuggestion")]
    [InlineData(null, null, null, 200_000L, 50_000L, LimitCandidate.NetWorthMultiple, "Requested,RevenueShare,BureauSuggestion")]
    [InlineData(100_000L, 1_000_000L, 100_000L, 400_000L, 100_000L, LimitCandidate.Requested, "")] // four-way tie: first in order binds
    [InlineData(500_000L, 1_000_009L, null, null, 100_000L, LimitCandidate.RevenueShare, "BureauSuggestion,NetWorthMultiple")] // 100,000.9 rounds down
    [InlineData(500_000L, null, null, -400_000L, 0L, LimitCandidate.NetWorthMultiple, "RevenueShare,BureauSuggestion")] // negative net worth: zero
    public void The_least_candidate_binds(long? requested, long? revenue, long? bureau, long? netWorth, long limit, LimitCandidate binding, string missing)
    {
        var result = RecommendedLimit.Recommend(All, new LimitFacts(Usd(requested), Usd(revenue), Usd(bureau), Usd(netWorth))).Value!;
        Assert.Equal(Credo.Domain.Amounts.Money.Usd(limit), result.Limit);
        Assert.Equal(binding, result.Binding);
        Assert.Equal(missing, string.Join(',', result.Missing));
    }

    [Fact]
    public void Unconfigured_candidates_are_neither_used_nor_missing()
    {
        var policy = new LimitPolicy(UseRequested: true, RevenueShare: null, UseBureauSuggestion: false, NetWorthMultiple: null);
        var result = RecommendedLimit.Recommend(policy, new LimitFacts(Usd(900), Usd(10), Usd(5), null)).Value!;
        Assert.Equal(Credo.Domain.Amounts.Money.Usd(900), result.Limit);
        Assert.Single(result.Candidates);
        Assert.Empty(result.Missing);
    }

    [Fact]
    public void Every_candidate_missing_gives_no_limit()
    {
        var result = RecommendedLimit.Recommend(All, new LimitFacts(null, null, null, null)).Value!;
        Assert.Null(result.Limit);
        Assert.Null(result.Binding);
        Assert.Equal(4, result.Missing.Count);
    }

    [Fact]
    public void Mixed_currencies_are_refused_by_field()
    {
        var facts = new LimitFacts(Usd(100), Usd(1000), Credo.Domain.Amounts.Money.Eur(50), null);
        Assert.Equal("bureauSuggestion", RecommendedLimit.Recommend(All, facts).Error!.Field);
    }

    [Theory]
    [InlineData(-0.1, 0.1, "policy.revenueShare")]
    [InlineData(0.1, -1, "policy.netWorthMultiple")]
    public void Negative_shares_are_refused(double share, double multiple, string field) =>
        Assert.Equal(field, RecommendedLimit.Recommend(All with { RevenueShare = (decimal)share, NetWorthMultiple = (decimal)multiple }, new LimitFacts(null, null, null, null)).Error!.Field);
}
