using System.Text.Json;
using Credo.Domain.Applications;
using Credo.Domain.Common;
using Credo.Domain.Customers;
using Credo.Domain.Amounts;
using Credo.Domain.Policy;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Applications;

/// <summary>
/// The automatic path after a submission: Submitted → Verifying (email verified? required documents present?) →
/// Assessing (gather the evidence, run the policy) → Approved, Declined or Referred to people. Each step is a
/// guarded transition, so a second run finds the work done and does nothing; a decided application is left alone.
/// The same path serves an analyst's re-assessment and the applicant's answer to a request for information.
/// </summary>
internal sealed class AssessApplication(
    CreditDb db,
    IEvidenceGatherer gatherer,
    ICreditDecider decider,
    ApproveApplication approve,
    DeclineApplication decline,
    IOptions<ApplicationOptions> options) : IApplicationSubmitted
{
    public async Task OnSubmittedAsync(long applicationId, CancellationToken ct) => await Run(applicationId, ct);

    /// <summary>Advances the application as far as the machine can; returns it as it ends up.</summary>
    public async Task<Result<CreditApplication>> Run(long applicationId, CancellationToken ct)
    {
        var application = await db.Applications.SingleOrDefaultAsync(a => a.Id == applicationId, ct);
        if (application is null)
        {
            return new NotFound("Application", applicationId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var system = WorkflowActor.System;
        if (application.Status == ApplicationStatus.Draft)
        {
            // The form calls this only on submit; if it left the status to the workflow, the submission starts here.
            application.SubmittedAtUtc ??= db.UtcNow;
            if (await Step(application, FlowAction.Submit, WorkflowActor.Applicant, "Submitted by the applicant.", EventKinds.StatusChanged, ct) is { } notSubmitted)
            {
                return notSubmitted;
            }
        }

        if (application.Status == ApplicationStatus.InReview && await db.AwaitingApplicant(application.Id, ct))
        {
            // The applicant re-submitted after a request for information.
            if (await Step(application, FlowAction.ProvideInformation, WorkflowActor.Applicant, "The applicant provided more information.", EventKinds.InfoProvided, ct) is { } error)
            {
                return error;
            }
        }

        if (application.Status == ApplicationStatus.Submitted
            && await Step(application, FlowAction.Verify, system, "Picked up for verification.", EventKinds.StatusChanged, ct) is { } notVerifying)
        {
            return notVerifying;
        }

        if (application.Status == ApplicationStatus.Verifying)
        {
            if (application.EmailVerifiedAtUtc is null)
            {
                var last = await db.ApplicationEvents.Where(e => e.ApplicationId == application.Id).OrderByDescending(e => e.Id).Select(e => e.Kind).FirstOrDefaultAsync(ct);
                if (last != EventKinds.AwaitingEmail)
                {
                    db.Record(application, system, EventKinds.AwaitingEmail, "Waiting for the applicant to verify their email address.");
                    await db.SaveChangesAsync(ct);
                }

                return application;
            }

            var missing = await MissingDocuments(application, ct);
            var next = missing.Count > 0
                ? await Step(application, FlowAction.Refer, system, "Required documents missing: " + string.Join(", ", missing) + ".", EventKinds.StatusChanged, ct)
                : await Step(application, FlowAction.Assess, system, "Email verified and required documents present.", EventKinds.StatusChanged, ct);
            if (next is { } error)
            {
                return error;
            }
        }

        if (application.Status != ApplicationStatus.Assessing)
        {
            return application;
        }

        var evidence = await gatherer.GatherAsync(application, ct);
        var decision = await decider.DecideAsync(application, evidence, ct);
        return await Apply(application, evidence, decision, ct);
    }

    private async Task<Result<CreditApplication>> Apply(CreditApplication application, ApplicationEvidence evidence, DecisionSummary decision, CancellationToken ct)
    {
        var system = WorkflowActor.System;
        db.ApplicationAssessments.Add(Snapshot(application, evidence, decision));
        application.LatestDecisionId = decision.DecisionId;
        db.Record(application, system, EventKinds.Assessed, $"Policy v{decision.PolicyVersion} decision {decision.DecisionId}: {decision.Outcome}" + (decision.Reasons.Count > 0 ? " (" + string.Join("; ", decision.Reasons) + ")" : string.Empty) + ".");
        switch (decision.Outcome)
        {
            case DecisionOutcome.Approve or DecisionOutcome.Refer when evidence.ReferralReasons is { Count: > 0 }:
                var policySaid = decision.Outcome == DecisionOutcome.Refer && decision.Reasons.Count > 0 ? " The policy referred it too: " + string.Join("; ", decision.Reasons) + "." : string.Empty;
                return await Finish(application, FlowAction.Refer, string.Join(" ", evidence.ReferralReasons) + policySaid, ct);
            case DecisionOutcome.Approve:
                if (AutomaticGrant(application, decision, out var why) is { } grant)
                {
                    var granted = await approve.GrantAsync(application, FlowAction.AutoApprove, system, grant, isOverride: false, null, ct);
                    if (granted.IsOk || granted.Error == ApplicationWorkflow.Changed)
                    {
                        return granted;
                    }

                    // The effects were refused (e.g. the customer's line is kept in another currency): a person decides.
                    db.ChangeTracker.Clear();
                    var reloaded = await db.Applications.SingleAsync(a => a.Id == application.Id, ct);
                    db.ApplicationAssessments.Add(Snapshot(reloaded, evidence, decision));
                    reloaded.LatestDecisionId = decision.DecisionId;
                    return await Finish(reloaded, FlowAction.Refer, $"The policy approved, but the approval could not be applied: {granted.Error!.Message}", ct);
                }

                return await Finish(application, FlowAction.Refer, why, ct);
            case DecisionOutcome.Decline when application.Kind != ApplicationKind.New:
                // Issue 12 §4: a prompt payer's review was declined by machine and emailed a rejection. An existing
                // customer is never declined automatically: a person reads the policy's reasons first, and until then
                // its limit, review date and terms stay as they are (the records say "in review", as the outcome is).
                return await Finish(application, FlowAction.Refer, "The policy would decline this existing customer (" + (decision.Reasons.Count > 0 ? string.Join("; ", decision.Reasons) : "no reason given") + "); a person decides before any decline.", ct);
            case DecisionOutcome.Decline:
                var reasons = decision.Reasons.Count > 0 ? decision.Reasons : ["The application does not meet our credit policy."];
                return await decline.DeclineAsync(application, FlowAction.AutoDecline, system, reasons, null, ct);
            case DecisionOutcome.Refer:
                return await Finish(application, FlowAction.Refer, "Referred by the policy: " + (decision.Reasons.Count > 0 ? string.Join("; ", decision.Reasons) : "no reason given") + ".", ct);
            default:
                throw new InvalidOperationException($"Unknown decision outcome {decision.Outcome}.");
        }
    }

    /// <summary>What an automatic approval grants; null (with why) when people must approve instead (four-eyes, no limit, bad terms).</summary>
    private Grant? AutomaticGrant(CreditApplication application, DecisionSummary decision, out string why)
    {
        why = string.Empty;
        if (decision.LimitMinor is not { } limit || limit <= 0 || !Currency.TryParse(decision.Currency, out _))
        {
            why = "The policy approved without a limit; a person sets it.";
            return null;
        }

        if (FourEyes.Needed(decision.NeedsSecondApprover, limit, options.Value.FourEyesAboveMinor))
        {
            why = $"The policy approves {new Money(limit, Currency.Of(decision.Currency)).ToDisplayString()}, which needs two approvers (four-eyes).";
            return null;
        }

        var terms = PaymentTerms.Parse(decision.TermsCode ?? application.RequestedTermsCode);
        if (!terms.IsOk)
        {
            why = "The policy approved without usable payment terms; a person sets them.";
            return null;
        }

        return new Grant(limit, decision.Currency, terms.Value!, ReviewSchedule.ReviewOn(db.Today(), decision.ReviewOn, decision.RiskClass, options.Value.ReviewMonths()));
    }

    private async Task<Result<CreditApplication>> Finish(CreditApplication application, FlowAction action, string text, CancellationToken ct)
    {
        if (db.Move(application, action, WorkflowActor.System, text) is { } refused)
        {
            return refused;
        }

        return await db.SaveGuarded(ct) is { } changed ? changed : application;
    }

    private async Task<DomainError?> Step(CreditApplication application, FlowAction action, WorkflowActor actor, string text, string kind, CancellationToken ct) =>
        db.Move(application, action, actor, text, kind) ?? await db.SaveGuarded(ct);

    private async Task<IReadOnlyList<string>> MissingDocuments(CreditApplication application, CancellationToken ct)
    {
        var definition = await db.ApplicationTemplates.Where(t => t.Id == application.TemplateId).Select(t => t.DefinitionJson).SingleOrDefaultAsync(ct);
        var required = TemplateReading.RequiredDocuments(definition);
        if (required.Count == 0)
        {
            return [];
        }

        var present = await db.ApplicationDocuments.Where(d => d.ApplicationId == application.Id).Select(d => d.FieldKey).Distinct().ToListAsync(ct);
        return [.. required.Except(present, StringComparer.Ordinal)];
    }

    private ApplicationAssessment Snapshot(CreditApplication application, ApplicationEvidence evidence, DecisionSummary d) => new()
    {
        ApplicationId = application.Id,
        DecisionId = d.DecisionId,
        PolicyVersion = d.PolicyVersion,
        Outcome = d.Outcome.ToString(),
        LimitMinor = d.LimitMinor,
        Currency = d.Currency,
        TermsCode = d.TermsCode,
        RiskClass = d.RiskClass,
        Score = d.Score,
        ReviewOn = d.ReviewOn,
        NeedsSecondApprover = d.NeedsSecondApprover,
        ReasonsJson = JsonSerializer.Serialize(d.Reasons),
        FraudSignalsJson = JsonSerializer.Serialize(evidence.FraudSignals.Select(s => new SignalView(s.Code, s.Outcome.ToString(), s.Evidence)), JsonSerializerOptions.Web),
        SourcesJson = JsonSerializer.Serialize(evidence.Sources),
        FactsJson = JsonSerializer.Serialize(evidence.Facts.Values.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => FactJson(p.Value))),
        AtUtc = db.UtcNow,
    };

    private static object FactJson(FactValue value) => value switch
    {
        FactValue.Number n => n.Value,
        FactValue.Flag f => f.Value,
        FactValue.Text t => t.Value,
        _ => value.ToString() ?? string.Empty,
    };
}

/// <summary>A fraud signal as stored with an assessment and shown on the application page.</summary>
internal sealed record SignalView(string Code, string Outcome, IReadOnlyList<string> Evidence);
