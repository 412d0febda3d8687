namespace Credo.Domain.Fraud;

public enum SignalOutcome
{
    /// <summary>The check ran and found nothing.</summary>
    Clear,

    /// <summary>The check ran and found something a person should look at.</summary>
    Raised,

    /// <summary>The check could not run (an input it needs is missing); not the same as clear.</summary>
    NotApplicable,
}

/// <summary>
/// The result of one fraud check: a stable <see cref="Code"/> (e.g. "vat-number-invalid"), the outcome, and the
/// evidence a reviewer reads (what was compared with what). Signals never decide; a policy weighs them.
/// </summary>
public sealed record FraudSignal(string Code, SignalOutcome Outcome, IReadOnlyList<string> Evidence)
{
    public bool IsRaised => Outcome == SignalOutcome.Raised;

    public static FraudSignal Clear(string code, params string[] evidence) => new(code, SignalOutcome.Clear, evidence);

    public static FraudSignal Raised(string code, params string[] evidence) => new(code, SignalOutcome.Raised, evidence);

    public static FraudSignal NotApplicable(string code, params string[] evidence) => new(code, SignalOutcome.NotApplicable, evidence);
}
