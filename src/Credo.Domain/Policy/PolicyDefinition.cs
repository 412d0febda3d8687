using System.Globalization;
using Credo.Domain.Amounts;
using Credo.Domain.Scoring;

namespace Credo.Domain.Policy;

/// <summary>How a condition compares a fact with a value.</summary>
public enum Comparison
{
    LessThan,
    AtMost,
    GreaterThan,
    AtLeast,
    EqualTo,
    NotEqualTo,
}

/// <summary>
/// A condition over named facts (see <see cref="FactCatalog"/>). Evaluated in three-valued logic: a comparison on a
/// missing fact is neither true nor false but undetermined, and the policy refers such a case to a person.
/// The hierarchy is closed. <see cref="ToString"/> is the condition's canonical text (used in messages, the trace,
/// and to compare conditions when checking for shadowed rules).
/// </summary>
public abstract record Condition
{
    private Condition()
    {
    }

    /// <summary><c>fact op value</c>, e.g. <c>score &gt;= 70</c>.</summary>
    public sealed record Compare(string Fact, Comparison Op, FactValue Value) : Condition
    {
        public override string ToString() => $"{Fact} {Symbol(Op)} {Literal(Value)}";
    }

    /// <summary><c>fact in [a, b]</c>.</summary>
    public sealed record In(string Fact, IReadOnlyList<FactValue> Values) : Condition
    {
        public override string ToString() => $"{Fact} in [{string.Join(", ", Values.Select(Literal))}]";
    }

    /// <summary>True when the fact is absent; never undetermined.</summary>
    public sealed record Missing(string Fact) : Condition
    {
        public override string ToString() => $"{Fact} is missing";
    }

    /// <summary>True when the fact is known; never undetermined.</summary>
    public sealed record Present(string Fact) : Condition
    {
        public override string ToString() => $"{Fact} is present";
    }

    public sealed record AllOf(IReadOnlyList<Condition> Conditions) : Condition
    {
        public override string ToString() => $"all of ({string.Join("; ", Conditions)})";
    }

    public sealed record AnyOf(IReadOnlyList<Condition> Conditions) : Condition
    {
        public override string ToString() => $"any of ({string.Join("; ", Conditions)})";
    }

    public static string Symbol(Comparison op) => op switch
    {
        Comparison.LessThan => "<",
        Comparison.AtMost => "<=",
        Comparison.GreaterThan => ">",
        Comparison.AtLeast => ">=",
        Comparison.EqualTo => "=",
        Comparison.NotEqualTo => "!=",
    };

    public static string Literal(FactValue value) => value switch
    {
        FactValue.Number n => n.Value.ToString(CultureInfo.InvariantCulture),
        FactValue.Flag f => f.Value ? "true" : "false",
        FactValue.Text t => "'" + t.Value + "'",
        _ => throw new ArgumentOutOfRangeException(nameof(value)),
    };
}

/// <summary>Where an approval's limit comes from.</summary>
public enum LimitBasis
{
    /// <summary>The version's recommended-limit formula (the <c>recommendedLimit</c> fact).</summary>
    Recommended,

    /// <summary>A fixed amount in the application's currency.</summary>
    Fixed,

    /// <summary>The lesser of the recommended limit and the fixed amount.</summary>
    LeastOf,
}

/// <summary>What a rule does when its conditions hold. Closed hierarchy.</summary>
public abstract record RuleOutcome
{
    private RuleOutcome()
    {
    }

    /// <param name="FixedAmount">Major units of the application's currency (as money facts are); required for Fixed and LeastOf.</param>
    /// <param name="TermsCode">Payment terms to grant; null: the version's default terms.</param>
    /// <param name="ReviewMonths">Months to the next review; null: by risk class.</param>
    public sealed record Approve(LimitBasis Limit, decimal? FixedAmount, string? TermsCode, int? ReviewMonths) : RuleOutcome;

    /// <param name="Code">A stable reason code (e.g. "bankruptcy"), for letters and statistics.</param>
    /// <param name="Text">The reason in words, as the applicant may read it.</param>
    public sealed record Decline(string Code, string Text) : RuleOutcome;

    public sealed record Refer(string Reason) : RuleOutcome;

    /// <summary>decline 3, refer 2, approve 1: a higher rank wins.</summary>
    public int Rank => this switch
    {
        Decline => 3,
        Refer => 2,
        Approve => 1,
        _ => throw new InvalidOperationException(),
    };

    public string Kind => this switch
    {
        Decline => "decline",
        Refer => "refer",
        Approve => "approve",
        _ => throw new InvalidOperationException(),
    };
}

/// <summary>A named rule: when every condition of <see cref="When"/> holds (none: always), <see cref="Then"/>.</summary>
public sealed record PolicyRule(string Name, IReadOnlyList<Condition> When, RuleOutcome Then);

/// <summary>
/// One credit policy version, as data: the scorecard and recommended-limit formula that compute <c>score</c>,
/// <c>scoreConfidence</c>, <c>riskClass</c> and <c>recommendedLimit</c>; the review interval per risk class; the
/// default terms; the four-eyes thresholds; and the rules.
/// </summary>
/// <param name="ReviewMonths">Months to the next review, by risk class (every class of the scorecard).</param>
/// <param name="DefaultTermsCode">Terms granted when an approving rule names none (e.g. NET30).</param>
/// <param name="FourEyesAbove">
/// Per currency: an approved limit above this amount needs a second approver. An approval in a currency not listed
/// always needs one (fail closed: there is nothing to compare with).
/// </param>
public sealed record PolicyDefinition(
    ScorecardDefinition Scorecard,
    LimitPolicy Limit,
    IReadOnlyDictionary<string, int> ReviewMonths,
    string DefaultTermsCode,
    IReadOnlyList<Money> FourEyesAbove,
    IReadOnlyList<PolicyRule> Rules)
{
    /// <summary>Facts the scorecard and limit formula compute before the rules run; the evidence cannot set them.</summary>
    public static IReadOnlyList<string> ComputedFacts { get; } = ["score", "scoreConfidence", "riskClass", "recommendedLimit"];
}
