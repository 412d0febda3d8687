using Credo.Domain.Policy;
using Credo.Web.Data;
using Credo.Web.Features.Applications;

namespace Credo.Web.Features.CreditPolicy;

/// <summary>
/// The automatic decision: runs the published policy version over the evidence and stores the decision (version, facts
/// snapshot, scorecard, rules fired, outcome) in the same save. No published version, an unknown currency or a policy
/// that cannot be evaluated refers the case, never approves. The decision is saved on the caller's <see cref="CreditDb"/>,
/// so changes the caller has pending on it are saved with it.
/// </summary>
internal sealed class DecideCredit(CreditDb db, PolicyCache cache) : ICreditDecider
{
    public async Task<DecisionSummary> DecideAsync(CreditApplication application, ApplicationEvidence evidence, CancellationToken ct)
    {
        var record = await Evaluate(application.Id == 0 ? null : application.Id, application.CustomerId, application.Currency, evidence.Facts, ct);
        db.PolicyDecisions.Add(record);
        await db.SaveChangesAsync(ct);
        return DecisionRecords.Summary(record);
    }

    /// <summary>Evaluates without storing: the record a decision would store now.</summary>
    public async Task<PolicyDecisionRecord> Evaluate(long? applicationId, long? customerId, string currencyCode, FactSet facts, CancellationToken ct)
    {
        var asOf = db.Today();
        var now = db.UtcNow;
        var policy = await cache.PublishedAsync(db, ct);
        if (policy is null)
        {
            return DecisionRecords.Unevaluated("no-published-policy", "No credit policy is published, so a person must decide.", facts, null, currencyCode, asOf, applicationId, customerId, now);
        }

        if (!DecisionRecords.TryCurrency(currencyCode, out var currency))
        {
            return DecisionRecords.Unevaluated("unknown-currency", $"The currency '{currencyCode}' is not known.", facts, policy, currencyCode, asOf, applicationId, customerId, now);
        }

        var decision = PolicyEngine.Evaluate(policy.Definition, facts, currency, asOf);
        return decision.IsOk
            ? DecisionRecords.ToRecord(decision.Value!, facts, policy, currency.Code, asOf, applicationId, customerId, now, DecisionRecords.Automatic)
            : DecisionRecords.Unevaluated("policy-error", decision.Error!.Message, facts, policy, currencyCode, asOf, applicationId, customerId, now);
    }
}
