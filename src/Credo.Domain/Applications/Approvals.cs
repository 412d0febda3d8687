using Credo.Domain.Common;

namespace Credo.Domain.Applications;

/// <summary>An approval given by one person and waiting for a second (four-eyes).</summary>
public sealed record PendingApproval(string By, long LimitMinor, string TermsCode);

/// <summary>What an approval does: recorded as the first of two, or final (the application is approved).</summary>
public enum ApprovalStep
{
    FirstOfTwo,
    Final,
}

/// <summary>Four-eyes: when a limit needs two approvers, two different people approve the same limit and terms, the second a manager.</summary>
public static class FourEyes
{
    /// <summary>Two approvers are needed when the policy says so, or the limit is above the configured amount (same currency, minor units).</summary>
    public static bool Needed(bool decisionNeedsSecond, long limitMinor, long? aboveMinor) =>
        decisionNeedsSecond || (aboveMinor is { } threshold && limitMinor > threshold);

    public static Result<ApprovalStep> Approve(bool needed, PendingApproval? pending, string approver, FlowActor actor, long limitMinor, string termsCode)
    {
        if (!needed)
        {
            return ApprovalStep.Final;
        }

        if (pending is null)
        {
            return ApprovalStep.FirstOfTwo;
        }

        if (string.Equals(pending.By, approver, StringComparison.OrdinalIgnoreCase))
        {
            return new Refusal("second-approver-required", $"This limit needs two different approvers; {pending.By} has already approved it.");
        }

        if (actor != FlowActor.Manager)
        {
            return new Refusal("second-approver-must-be-manager", "The second approval of a four-eyes limit is a credit manager's.");
        }

        if (pending.LimitMinor != limitMinor || !string.Equals(pending.TermsCode, termsCode, StringComparison.OrdinalIgnoreCase))
        {
            return new Refusal("approval-differs", "The second approval must confirm the first one's limit and terms; to change them, decline or re-assess.", "limit");
        }

        return ApprovalStep.Final;
    }
}

/// <summary>When an approved customer's credit is reviewed next: the policy's date, else by risk class.</summary>
public static class ReviewSchedule
{
    /// <summary>
    /// <paramref name="monthsByRiskClass"/> maps a risk class (case-insensitive, e.g. high 3, medium 6, low 12) to
    /// months; an unknown or missing class gets the shortest interval (review sooner, never later).
    /// </summary>
    public static DateOnly ReviewOn(DateOnly approvedOn, DateOnly? policyReviewOn, string? riskClass, IReadOnlyDictionary<string, int> monthsByRiskClass)
    {
        if (policyReviewOn is { } set && set > approvedOn)
        {
            return set;
        }

        var months = riskClass is not null && monthsByRiskClass.FirstOrDefault(p => string.Equals(p.Key, riskClass, StringComparison.OrdinalIgnoreCase)) is { Key: not null } hit
            ? hit.Value
            : monthsByRiskClass.Count > 0 ? monthsByRiskClass.Values.Min() : 3;
        return approvedOn.AddMonths(Math.Max(1, months));
    }
}
