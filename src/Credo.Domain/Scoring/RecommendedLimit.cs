using Credo.Domain.Amounts;
using Credo.Domain.Common;

namespace Credo.Domain.Scoring;

public enum LimitCandidate
{
    Requested,
    RevenueShare,
    BureauSuggestion,
    NetWorthMultiple,
}

/// <summary>
/// Which candidates the policy uses. A null share or multiple leaves that candidate out; the requested amount and the
/// bureau's suggestion are used when their flag is set.
/// </summary>
/// <param name="RevenueShare">E.g. 0.10 for 10% of annual revenue.</param>
/// <param name="NetWorthMultiple">E.g. 0.2 for a fifth of net worth.</param>
public sealed record LimitPolicy(bool UseRequested, decimal? RevenueShare, bool UseBureauSuggestion, decimal? NetWorthMultiple);

/// <summary>The applicant's figures; any may be missing.</summary>
public sealed record LimitFacts(Money? Requested, Money? AnnualRevenue, Money? BureauSuggestion, Money? NetWorth);

public sealed record CandidateAmount(LimitCandidate Candidate, Money Amount);

/// <param name="Limit">The least candidate; null when every configured candidate was missing (refer to a person).</param>
/// <param name="Binding">The candidate that set the limit (the first in enum order on a tie).</param>
public sealed record LimitRecommendation(Money? Limit, LimitCandidate? Binding, IReadOnlyList<CandidateAmount> Candidates, IReadOnlyList<LimitCandidate> Missing);

/// <summary>
/// A recommended credit limit: the least of the configured candidates. Shares and multiples are rounded down to the
/// minor unit (never recommend more than the formula gives), and a negative result (negative net worth) counts as zero.
/// All figures must be in one currency.
/// </summary>
public static class RecommendedLimit
{
    public static Result<LimitRecommendation> Recommend(LimitPolicy policy, LimitFacts facts)
    {
        if (policy.RevenueShare is < 0m)
        {
            return new ValidationFailed("policy.revenueShare", "A share of revenue cannot be negative.");
        }

        if (policy.NetWorthMultiple is < 0m)
        {
            return new ValidationFailed("policy.netWorthMultiple", "A multiple of net worth cannot be negative.");
        }

        (string Field, Money? Amount)[] figures =
            [("requested", facts.Requested), ("annualRevenue", facts.AnnualRevenue), ("bureauSuggestion", facts.BureauSuggestion), ("netWorth", facts.NetWorth)];
        var present = figures.Where(f => f.Amount is not null).ToList();
        if (present.Count > 0 && present.FirstOrDefault(f => f.Amount!.Value.Currency != present[0].Amount!.Value.Currency) is { Field: { } field } odd)
        {
            return new ValidationFailed(field, $"All figures must be in {present[0].Amount!.Value.Currency.Code}; {field} is in {odd.Amount!.Value.Currency.Code}.");
        }

        var configured = Enum.GetValues<LimitCandidate>().Where(c => IsConfigured(policy, c)).ToList();
        var amounts = configured
            .Select(c => (Candidate: c, Amount: AmountOf(c, policy, facts)))
            .ToList();
        var candidates = amounts.Where(a => a.Amount is not null).Select(a => new CandidateAmount(a.Candidate, a.Amount!.Value)).ToList();
        var missing = amounts.Where(a => a.Amount is null).Select(a => a.Candidate).ToList();
        var least = candidates.Count == 0 ? null : candidates.MinBy(c => c.Amount.Minor);
        return new LimitRecommendation(least?.Amount, least?.Candidate, candidates, missing);
    }

    private static bool IsConfigured(LimitPolicy policy, LimitCandidate candidate) => candidate switch
    {
        LimitCandidate.Requested => policy.UseRequested,
        LimitCandidate.RevenueShare => policy.RevenueShare is not null,
        LimitCandidate.BureauSuggestion => policy.UseBureauSuggestion,
        LimitCandidate.NetWorthMultiple => policy.NetWorthMultiple is not null,
    };

    private static Money? AmountOf(LimitCandidate candidate, LimitPolicy policy, LimitFacts facts) => candidate switch
    {
        LimitCandidate.Requested => facts.Requested,
        LimitCandidate.RevenueShare => Scale(facts.AnnualRevenue, policy.RevenueShare!.Value),
        LimitCandidate.BureauSuggestion => facts.BureauSuggestion,
        LimitCandidate.NetWorthMultiple => Scale(facts.NetWorth, policy.NetWorthMultiple!.Value),
    };

    private static Money? Scale(Money? amount, decimal factor) =>
        amount is { } a ? new Money(Math.Max(0L, (long)decimal.Floor(a.Minor * factor)), a.Currency) : null;
}
