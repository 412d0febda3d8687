using Credo.Domain.Amounts;
using Credo.Domain.Policy;
using FsCheck.Xunit;
using static Credo.Domain.Tests.Policy.PolicyFixtures;

namespace Credo.Domain.Tests.Policy;

/// <summary>
/// Invariants of the engine over random policies and fact sets (FsCheck picks the seeds; each seed builds one policy
/// and one fact set). The facts the rules read are not scorecard factors nor limit inputs, so that removing one changes
/// nothing but the rules' own view (see each property for why that matters).
/// </summary>
public sealed class PolicyProperties
{
    private static readonly string[] Numbers = ["bureauScore", "bureauJudgments", "employees"];
    private static readonly string[] Flags = ["bureauBankruptcy", "fraudVelocity"];
    private static readonly string[] Countries = ["US", "CA", "FR"];
    private static readonly PolicyDefinition Base = PolicyOf("""{ "name": "placeholder", "when": [], "then": { "outcome": "refer", "reason": "x" } }""");

    /// <summary>
    /// Fail closed: learning one more fact never turns a decline into an approval or an approval into a decline; a
    /// decided case (approve or decline) only ever moves to refer when a fact is taken away, and an approval that stays
    /// keeps its limit. (Holds for policies without "is missing"/"is present", and for facts that are not scorecard
    /// factors or limit inputs: those change the computed score and limit, which rules may read either way.)
    /// </summary>
    [Property(MaxTest = 400)]
    public bool Removing_a_fact_keeps_the_decision_or_refers(int seed)
    {
        var random = new Random(seed);
        var policy = RandomPolicy(random, allowMissingChecks: false);
        var facts = RandomFacts(random);
        var readable = facts.Values.Keys.Where(k => Numbers.Contains(k) || Flags.Contains(k) || k == "country").ToList();
        if (readable.Count == 0)
        {
            return true;
        }

        var removed = readable[random.Next(readable.Count)];
        var full = Decide(policy, facts);
        var less = Decide(policy, facts.With(removed, (FactValue?)null));
        return less.Outcome == full.Outcome
            ? less.Outcome != PolicyOutcome.Approve || less.Limit == full.Limit
            : less.Outcome == PolicyOutcome.Refer;
    }

    /// <summary>Decline beats refer beats approve: an unconditional decline always declines; an unconditional refer leaves only declines and referrals.</summary>
    [Property(MaxTest = 300)]
    public bool Precedence_is_decline_then_refer_then_approve(int seed)
    {
        var random = new Random(seed);
        var policy = RandomPolicy(random, allowMissingChecks: true);
        var facts = RandomFacts(random);
        var before = Decide(policy, facts).Outcome;
        var declined = Decide(policy with { Rules = [.. policy.Rules, new PolicyRule("Always decline", [], new RuleOutcome.Decline("always", "Always."))] }, facts);
        var referred = Decide(policy with { Rules = [new PolicyRule("Always refer", [], new RuleOutcome.Refer("Always.")), .. policy.Rules] }, facts);
        return declined.Outcome == PolicyOutcome.Decline
            && declined.Reasons.Any(r => r.Code == "always")
            && referred.Outcome == (before == PolicyOutcome.Decline ? PolicyOutcome.Decline : PolicyOutcome.Refer);
    }

    /// <summary>Rule order never matters: every rule is evaluated and precedence is by outcome.</summary>
    [Property(MaxTest = 300)]
    public bool Rule_order_does_not_change_the_decision(int seed)
    {
        var random = new Random(seed);
        var policy = RandomPolicy(random, allowMissingChecks: true);
        var facts = RandomFacts(random);
        var shuffled = policy with { Rules = [.. policy.Rules.OrderBy(_ => random.Next())] };
        var a = Decide(policy, facts);
        var b = Decide(shuffled, facts);
        return a.Outcome == b.Outcome && a.Limit == b.Limit && a.ReviewOn == b.ReviewOn && a.NeedsSecondApprover == b.NeedsSecondApprover
            && a.Reasons.ToHashSet().SetEquals(b.Reasons)
            && a.TermsCode == b.TermsCode;
    }

    /// <summary>An approval rests only on known facts: no rule was undetermined, the limit is positive, four eyes exactly above the threshold.</summary>
    [Property(MaxTest = 400)]
    public bool An_approval_never_rests_on_a_missing_fact(int seed)
    {
        var random = new Random(seed);
        var d = Decide(RandomPolicy(random, allowMissingChecks: true), RandomFacts(random));
        if (d.Outcome != PolicyOutcome.Approve)
        {
            return d.Limit is null && d.Reasons.Count > 0;
        }

        return d.Trace.All(t => t.Effect != RuleEffect.Undetermined)
            && d.Trace.Where(t => t.Effect == RuleEffect.Fired).All(t => t.Outcome == "approve")
            && d.Limit is { IsPositive: true } limit
            && d.NeedsSecondApprover == (limit.Minor > 50_000_00);
    }

    /// <summary>Replay is exact: the stored JSON of the policy and of the facts decides the same as the originals.</summary>
    [Property(MaxTest = 300)]
    public bool Stored_policy_and_facts_replay_to_the_same_decision(int seed)
    {
        var random = new Random(seed);
        var policy = RandomPolicy(random, allowMissingChecks: true);
        var facts = RandomFacts(random);
        var a = Decide(policy, facts);
        var b = Decide(PolicyJson.Parse(PolicyJson.Write(policy)).Value!, FactSetJson.Read(FactSetJson.Write(facts)).Value!);
        return a.Outcome == b.Outcome && a.Limit == b.Limit && a.TermsCode == b.TermsCode && a.ReviewOn == b.ReviewOn && a.Score == b.Score
            && a.Reasons.SequenceEqual(b.Reasons) && a.Trace.Select(t => (t.Rule, t.Effect)).SequenceEqual(b.Trace.Select(t => (t.Rule, t.Effect)))
            && FactSetJson.Write(a.Facts) == FactSetJson.Write(b.Facts);
    }

    private static PolicyDefinition RandomPolicy(Random random, bool allowMissingChecks)
    {
        var rules = new List<PolicyRule>();
        var count = random.Next(1, 7);
        for (var i = 0; i < count; i++)
        {
            var when = Enumerable.Range(0, random.Next(0, 4)).Select(_ => RandomCondition(random, allowMissingChecks, depth: 0)).ToList();
            RuleOutcome then = random.Next(3) switch
            {
                0 => new RuleOutcome.Decline("d" + i, "Declined by " + i),
                1 => new RuleOutcome.Refer("Referred by " + i),
                _ => random.Next(3) switch
                {
                    0 => new RuleOutcome.Approve(LimitBasis.Recommended, null, null, null),
                    1 => new RuleOutcome.Approve(LimitBasis.Fixed, random.Next(1, 100_000), "NET15", 2),
                    _ => new RuleOutcome.Approve(LimitBasis.LeastOf, random.Next(1, 100_000), null, null),
                },
            };
            rules.Add(new PolicyRule("rule " + i, when, then));
        }

        return Base with { Rules = rules };
    }

    private static Condition RandomCondition(Random random, bool allowMissingChecks, int depth)
    {
        var kind = random.Next(depth < 2 ? 9 : 7);
        switch (kind)
        {
            case 0 or 1 or 2:
                var fact = Numbers[random.Next(Numbers.Length)];
                return new Condition.Compare(fact, (Comparison)random.Next(6), new FactValue.Number(random.Next(0, 100)));
            case 3:
                return new Condition.Compare(Flags[random.Next(Flags.Length)], random.Next(2) == 0 ? Comparison.EqualTo : Comparison.NotEqualTo, new FactValue.Flag(random.Next(2) == 0));
            case 4:
                return new Condition.In("country", [.. Countries.Where(_ => random.Next(2) == 0).Select(c => (FactValue)new FactValue.Text(c))]);
            case 5:
                return random.Next(2) == 0
                    ? new Condition.Compare("riskClass", Comparison.EqualTo, new FactValue.Text(new[] { "low", "medium", "high" }[random.Next(3)]))
                    : new Condition.Compare("score", (Comparison)random.Next(4), new FactValue.Number(random.Next(0, 101)));
            case 6:
                if (allowMissingChecks)
                {
                    var name = random.Next(2) == 0 ? Numbers[random.Next(Numbers.Length)] : Flags[random.Next(Flags.Length)];
                    return random.Next(2) == 0 ? new Condition.Missing(name) : new Condition.Present(name);
                }

                return new Condition.Compare("bureauJudgments", Comparison.AtMost, new FactValue.Number(random.Next(0, 4)));
            case 7:
                return new Condition.AnyOf([.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomCondition(random, allowMissingChecks, depth + 1))]);
            default:
                return new Condition.AllOf([.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomCondition(random, allowMissingChecks, depth + 1))]);
        }
    }

    private static FactSet RandomFacts(Random random)
    {
        var facts = FactSet.Empty
            .With("yearsInBusiness", (decimal?)random.Next(0, 12))
            .With("requestedLimit", (decimal?)(random.Next(0, 8) == 0 ? null : random.Next(0, 120_000)))
            .With("annualRevenue", (decimal?)(random.Next(0, 3) == 0 ? null : random.Next(0, 2_000_000)));
        foreach (var name in Numbers)
        {
            facts = random.Next(4) == 0 ? facts : facts.With(name, (decimal?)random.Next(0, 100));
        }

        foreach (var name in Flags)
        {
            facts = random.Next(4) == 0 ? facts : facts.With(name, (bool?)(random.Next(2) == 0));
        }

        return random.Next(4) == 0 ? facts : facts.With("country", Countries[random.Next(Countries.Length)]);
    }
}
