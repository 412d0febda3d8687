using Credo.Domain.Fraud;
using Credo.Domain.Policy;
using Credo.Web.Data;

namespace Credo.Web.Features.Applications;

/// <summary>
/// Everything gathered about an application before the policy runs: the facts (named as in
/// <see cref="FactCatalog"/>; a missing one is absent, never zero), every fraud check with its outcome and evidence,
/// and where each piece came from (e.g. "bureau: local, report 12, 3 days old"), for the application page.
/// </summary>
/// <param name="ReferralReasons">
/// Why a person must decide whatever the policy says (fail closed), in the reader's words: e.g. no credit bureau is
/// configured. The workflow refers an approval or a referral with these reasons; a decline stands.
/// </param>
internal sealed record ApplicationEvidence(FactSet Facts, IReadOnlyList<FraudSignal> FraudSignals, IReadOnlyList<string> Sources, IReadOnlyList<string>? ReferralReasons = null);

/// <summary>Gathers internal history, bureau report (through the provider waterfall), financial statements, references and fraud checks.</summary>
internal interface IEvidenceGatherer
{
    Task<ApplicationEvidence> GatherAsync(CreditApplication application, CancellationToken ct);
}

internal enum DecisionOutcome
{
    Approve,
    Refer,
    Decline,
}

/// <summary>A stored policy decision, as the workflow needs it.</summary>
/// <param name="LimitMinor">The limit to grant on approval, in <paramref name="Currency"/> minor units.</param>
/// <param name="ReviewOn">The next review date the policy set by risk class.</param>
/// <param name="Reasons">Decline reasons, or why it was referred (including missing facts).</param>
/// <param name="NeedsSecondApprover">Four-eyes: the limit is above the configured amount, so a second person must approve.</param>
internal sealed record DecisionSummary(
    long DecisionId,
    int PolicyVersion,
    DecisionOutcome Outcome,
    long? LimitMinor,
    string Currency,
    string? TermsCode,
    string? RiskClass,
    decimal? Score,
    DateOnly? ReviewOn,
    IReadOnlyList<string> Reasons,
    bool NeedsSecondApprover);

/// <summary>
/// Runs the published policy (its scorecard, limit formula and rules) over the evidence and stores the decision
/// with the policy version, a snapshot of the facts, the rules that fired and the outcome. No published policy
/// means refer, never approve.
/// </summary>
internal interface ICreditDecider
{
    Task<DecisionSummary> DecideAsync(CreditApplication application, ApplicationEvidence evidence, CancellationToken ct);
}

/// <summary>Called by the public form after a submission has committed; the workflow takes it from there.</summary>
internal interface IApplicationSubmitted
{
    Task OnSubmittedAsync(long applicationId, CancellationToken ct);
}
