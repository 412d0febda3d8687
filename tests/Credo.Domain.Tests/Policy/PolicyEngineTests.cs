using Credo.Domain.Policy;
using static Credo.Domain.Tests.Policy.PolicyFixtures;

namespace Credo.Domain.Tests.Policy;

public sealed class PolicyEngineTests
{
    private static readonly PolicyDefinition Three = PolicyOf(DeclineBankrupt, ReferJudgments, ApproveGood);

    /// <summary>Precedence decline &gt; refer &gt; approve, and fail closed on missing facts, as a table of cases.</summary>
    [Theory]
    [InlineData("all clear, good score: approve", "Approve", "", "yearsInBusiness=6", "bureauBankruptcy=false", "bureauJudgments=0", "bureauScore=70", "requestedLimit=20000")]
    [InlineData("bankrupt beats everything", "Decline", "insolvency", "yearsInBusiness=6", "bureauBankruptcy=true", "bureauJudgments=3", "bureauScore=70", "requestedLimit=20000")]
    [InlineData("judgments refer even when approve fires", "Refer", "referred", "yearsInBusiness=6", "bureauBankruptcy=false", "bureauJudgments=1", "bureauScore=70", "requestedLimit=20000")]
    [InlineData("bankrupt with judgments missing still declines", "Decline", "insolvency", "yearsInBusiness=6", "bureauBankruptcy=true", "bureauScore=70")]
    [InlineData("missing bankruptcy flag refers, never approves", "Refer", "missing-fact", "yearsInBusiness=6", "bureauJudgments=0", "bureauScore=70", "requestedLimit=20000")]
    [InlineData("missing bureau score refers", "Refer", "missing-fact", "yearsInBusiness=6", "bureauBankruptcy=false", "bureauJudgments=0", "requestedLimit=20000")]
    [InlineData("high risk: the approve rule is false, nothing fired", "Refer", "no-rule-fired", "yearsInBusiness=1", "bureauBankruptcy=false", "bureauJudgments=0", "bureauScore=90", "requestedLimit=20000")]
    [InlineData("high risk with the score missing: the approve rule is false anyway", "Refer", "no-rule-fired", "yearsInBusiness=1", "bureauBankruptcy=false", "bureauJudgments=0", "requestedLimit=20000")]
    [InlineData("no limit candidate known: cannot approve", "Refer", "missing-fact", "yearsInBusiness=6", "bureauBankruptcy=false", "bureauJudgments=0", "bureauScore=70")]
    [InlineData("nothing known at all", "Refer", "missing-fact")]
    public void Outcomes_follow_precedence_and_fail_closed(string why, string outcome, string firstReasonCode, params string[] facts)
    {
        var decision = Decide(Three, Facts(facts));
        Assert.True(Enum.Parse<PolicyOutcome>(outcome) == decision.Outcome, $"{why}: got {decision.Outcome} ({string.Join("; ", decision.Reasons)})");
        if (firstReasonCode.Length > 0)
        {
            Assert.Equal(firstReasonCode, decision.Reasons[0].Code);
        }

        Assert.Equal(decision.Outcome == PolicyOutcome.Approve, decision.Limit is not null);
    }

    [Fact]
    public void Approval_grants_the_recommended_limit_with_default_terms_and_the_review_date_by_risk_class()
    {
        // revenue share 10% of 150,000 = 15,000 < requested 20,000; years 6 → score 100 → low → 12 months.
        var d = Decide(Three, Facts("yearsInBusiness=6", "bureauBankruptcy=false", "bureauJudgments=0", "bureauScore=70", "requestedLimit=20000", "annualRevenue=150000"));
        Assert.Equal(PolicyOutcome.Approve, d.Outcome);
        Assert.Equal(Credo.Domain.Amounts.Money.Usd(15_000_00), d.Limit);
        Assert.Equal("NET30", d.TermsCode);
        Assert.Equal("low", d.RiskClass);
        Assert.Equal(new DateOnly(2027, 11, 24), d.ReviewOn);
        Assert.False(d.NeedsSecondApprover);
        Assert.Equal(15000m, d.Facts.Number("recommendedLimit"));
        Assert.Equal(100m, d.Facts.Number("score"));
        Assert.Equal("low", d.Facts.Text("riskClass"));
    }

    [Theory]
    [InlineData("2", "medium", 6)]
    [InlineData("1", "high", 3)]
    public void Review_interval_follows_the_risk_class(string years, string riskClass, int months)
    {
        var policy = PolicyOf("""{ "name": "Any", "when": [], "then": { "outcome": "approve", "limit": "recommended" } }""");
        var d = Decide(policy, Facts("yearsInBusiness=" + years, "requestedLimit=100"));
        Assert.Equal(riskClass, d.RiskClass);
        Assert.Equal(AsOf.AddMonths(months), d.ReviewOn);
    }

    [Fact]
    public void Several_approvals_grant_the_least_limit_with_that_rule_s_terms_and_review()
    {
        var d = Decide(PolicyOf(ApproveGood, ApproveFixed), Facts("yearsInBusiness=6", "bureauScore=85", "requestedLimit=20000"));
        Assert.Equal(Credo.Domain.Amounts.Money.Usd(1_000_00), d.Limit);
        Assert.Equal("NET15", d.TermsCode);
        Assert.Equal(AsOf.AddMonths(1), d.ReviewOn);
    }

    [Theory]
    [InlineData("50000", false)]
    [InlineData("50000.01", true)]
    [InlineData("120000", true)]
    public void Four_eyes_when_the_limit_is_above_the_threshold(string requested, bool needsSecond)
    {
        var policy = PolicyOf("""{ "name": "Any", "when": [], "then": { "outcome": "approve", "limit": "recommended" } }""");
        var d = Decide(policy with { Limit = new Credo.Domain.Scoring.LimitPolicy(true, null, false, null) }, Facts("requestedLimit=" + requested));
        Assert.Equal(needsSecond, d.NeedsSecondApprover);
    }

    [Fact]
    public void Four_eyes_always_when_the_currency_has_no_threshold()
    {
        var policy = PolicyOf("""{ "name": "Any", "when": [], "then": { "outcome": "approve", "limit": "fixed", "amount": 10 } }""");
        Assert.True(Decide(policy, FactSet.Empty, "EUR").NeedsSecondApprover);
        Assert.False(Decide(policy, FactSet.Empty, "USD").NeedsSecondApprover);
    }

    [Fact]
    public void A_zero_limit_refers_instead_of_approving()
    {
        var policy = PolicyOf("""{ "name": "Any", "when": [], "then": { "outcome": "approve", "limit": "recommended" } }""");
        var d = Decide(policy, Facts("requestedLimit=0"));
        Assert.Equal(PolicyOutcome.Refer, d.Outcome);
        Assert.Equal("zero-limit", d.Reasons[0].Code);
    }

    [Fact]
    public void Missing_facts_are_named_in_the_reasons_with_the_rules_that_needed_them()
    {
        var d = Decide(Three, Facts("yearsInBusiness=6", "requestedLimit=100"));
        var texts = d.Reasons.Select(r => r.Text).ToList();
        Assert.All(d.Reasons, r => Assert.Equal("missing-fact", r.Code));
        Assert.Contains(texts, t => t.Contains("bureauBankruptcy", StringComparison.Ordinal) && t.Contains("'Bankrupt'", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("bureauJudgments", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("bureauScore", StringComparison.Ordinal) && t.Contains("'Good'", StringComparison.Ordinal));
    }

    [Fact]
    public void The_trace_lists_every_rule_with_its_effect_and_the_values_it_saw()
    {
        var d = Decide(Three, Facts("yearsInBusiness=6", "bureauBankruptcy=false", "bureauJudgments=2", "bureauScore=70", "requestedLimit=100"));
        Assert.Equal(["Bankrupt", "Judgments", "Good"], d.Trace.Select(t => t.Rule));
        Assert.Equal([RuleEffect.NotFired, RuleEffect.Fired, RuleEffect.Fired], d.Trace.Select(t => t.Effect));
        Assert.Contains("bureauJudgments > 0: true (bureauJudgments = 2)", d.Trace[1].Because);
        Assert.Equal(["Judgments", "Good"], d.RulesThatMatter.Select(t => t.Rule));
    }

    [Theory]
    [InlineData("score 10 via any-of: true because the first branch holds", "true", "Approve")]
    [InlineData("first branch false, second missing: undetermined", "false", "Refer")]
    public void Any_of_is_true_when_one_branch_holds_even_if_another_is_missing(string why, string flag, string outcome)
    {
        var policy = PolicyOf("""{ "name": "Either", "when": [ { "anyOf": [ { "fact": "bankReferencePositive", "op": "=", "value": true }, { "fact": "bureauScore", "op": ">", "value": 50 } ] } ], "then": { "outcome": "approve", "limit": "fixed", "amount": 100 } }""");
        var d = Decide(policy, Facts("bankReferencePositive=" + flag));
        Assert.True(Enum.Parse<PolicyOutcome>(outcome) == d.Outcome, why);
    }

    [Theory]
    [InlineData("country=US", "Decline")]
    [InlineData("country=FR", "Refer")]
    [InlineData("altmanZone=distress", "Refer")]
    public void Missing_and_present_conditions_are_never_undetermined(string fact, string outcome)
    {
        var policy = PolicyOf(
            """{ "name": "Unknown zone", "when": [ { "fact": "altmanZone", "op": "missing" }, { "fact": "country", "op": "in", "values": ["US", "CA"] } ], "then": { "outcome": "decline", "code": "no-statements", "text": "No financial statements." } }""",
            """{ "name": "Any", "when": [ { "fact": "altmanZone", "op": "present" } ], "then": { "outcome": "refer", "reason": "Look at the statements." } }""");
        Assert.Equal(Enum.Parse<PolicyOutcome>(outcome), Decide(policy, Facts(fact)).Outcome);
    }

    [Fact]
    public void Computed_facts_overwrite_evidence_of_the_same_name()
    {
        var d = Decide(Three, Facts("yearsInBusiness=0", "score=99", "riskClass=low", "bureauBankruptcy=false", "bureauJudgments=0", "bureauScore=70", "requestedLimit=100"));
        Assert.Equal(0m, d.Score);
        Assert.Equal("high", d.Facts.Text("riskClass"));
        Assert.Equal(PolicyOutcome.Refer, d.Outcome);
    }

    [Fact]
    public void The_default_policy_is_valid_and_decides_a_complete_good_applicant()
    {
        Assert.Empty(PolicyValidation.Validate(DefaultPolicy.Definition));
        var good = Facts(
            "isExistingCustomer=false", "requestedLimit=40000", "annualRevenue=2000000", "yearsInBusiness=12", "bureauScore=82", "bureauSuggestedLimit=60000",
            "bureauBankruptcy=false", "bureauJudgments=0", "altmanZ=3.1", "altmanZone=safe", "currentRatio=1.8", "netWorth=400000",
            "tradeReferencesAnswered=3", "fraudTaxIdInvalid=false", "fraudSignalsRaised=0");
        var d = Decide(DefaultPolicy.Definition, good);
        Assert.True(d.Outcome == PolicyOutcome.Approve, string.Join("; ", d.Reasons));
        Assert.Equal(Credo.Domain.Amounts.Money.Usd(40_000_00), d.Limit);
        Assert.Equal("low", d.RiskClass);
        Assert.False(d.NeedsSecondApprover);

        var bankrupt = Decide(DefaultPolicy.Definition, good.With("bureauBankruptcy", (bool?)true));
        Assert.Equal(PolicyOutcome.Decline, bankrupt.Outcome);
        Assert.Equal("insolvency", bankrupt.Reasons.Single().Code);
    }

    [Theory]
    [InlineData(82, 12, 0, "approve", "medium")]
    [InlineData(60, 6, 0, "approve", "medium")]
    [InlineData(40, 12, 0, "refer", "high")]
    [InlineData(82, 1, 0, "refer", "high")]
    [InlineData(82, 12, 1, "refer", "medium")]
    public void The_default_policy_decides_a_new_applicant_without_history_or_statement_figures(int bureauScore, int years, int fraudSignals, string outcome, string riskClass)
    {
        // What the real path knows at submission: the form's answers, the bureau, the fraud checks, references asked but not answered yet.
        var facts = Facts(
            "isExistingCustomer=false", "requestedLimit=40000", "annualRevenue=1000000", $"yearsInBusiness={years}", $"bureauScore={bureauScore}", "bureauSuggestedLimit=90000",
            "bureauBankruptcy=false", "bureauJudgments=0", "tradeReferencesAnswered=0", "fraudTaxIdInvalid=false", $"fraudSignalsRaised={fraudSignals}");
        var d = Decide(DefaultPolicy.Definition, facts);
        Assert.True(d.Outcome.ToString().Equals(outcome, StringComparison.OrdinalIgnoreCase), string.Join("; ", d.Reasons));
        Assert.Equal(riskClass, d.RiskClass);
        Assert.Equal(0.7m, d.ScoreConfidence);
        if (d.Outcome == PolicyOutcome.Approve)
        {
            Assert.Equal(Credo.Domain.Amounts.Money.Usd(40_000_00), d.Limit);
        }
    }
}
