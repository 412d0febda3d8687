using System.Text.Json;
using Credo.Domain.Common;
using Credo.Domain.Policy;
using Credo.Web.Data;
using Credo.Web.Infrastructure;

namespace Credo.Web.Features.CreditPolicy;

internal sealed record PolicySummaryDto(int Number, string Name, PolicyStatus Status, DateTime CreatedAtUtc, string CreatedBy, DateTime UpdatedAtUtc, DateTime? PublishedAtUtc, string? PublishedBy, DateTime? RetiredAtUtc);

internal sealed record PolicyDto(int Number, string Name, PolicyStatus Status, DateTime CreatedAtUtc, string CreatedBy, DateTime UpdatedAtUtc, DateTime? PublishedAtUtc, string? PublishedBy, DateTime? RetiredAtUtc, JsonElement Definition);

/// <summary>A draft: its name and definition (see docs/credit-policy.md). A new draft without a definition copies the published one.</summary>
internal sealed record PolicyDraftRequest(string? Name, JsonElement? Definition);

internal sealed record PolicyProblem(string Field, string Message);

internal sealed record PolicyValidationDto(bool Valid, IReadOnlyList<PolicyProblem> Errors);

internal sealed record DecisionDto(
    long Id,
    long? ApplicationId,
    long? CustomerId,
    int PolicyVersion,
    DateOnly AsOf,
    string Outcome,
    Amount? Limit,
    string? Terms,
    DateOnly? ReviewOn,
    string? RiskClass,
    decimal? Score,
    bool NeedsSecondApprover,
    IReadOnlyList<DecisionReason> Reasons,
    JsonElement Facts,
    JsonElement Scorecard,
    JsonElement Rules,
    DateTime AtUtc,
    string By);

internal static class PolicyDtos
{
    public static PolicySummaryDto Summary(PolicyVersion v) => new(v.Number, v.Name, v.Status, v.CreatedAtUtc, v.CreatedBy, v.UpdatedAtUtc, v.PublishedAtUtc, v.PublishedBy, v.RetiredAtUtc);

    public static PolicyDto Full(PolicyVersion v)
    {
        using var doc = JsonDocument.Parse(v.DefinitionJson);
        return new(v.Number, v.Name, v.Status, v.CreatedAtUtc, v.CreatedBy, v.UpdatedAtUtc, v.PublishedAtUtc, v.PublishedBy, v.RetiredAtUtc, doc.RootElement.Clone());
    }

    /// <summary>Structural problems first (the JSON does not read as a policy), otherwise the meaning's.</summary>
    public static IReadOnlyList<ValidationFailed> Check(string definitionJson)
    {
        var structural = PolicyJson.Problems(definitionJson);
        if (structural.Count > 0)
        {
            return structural;
        }

        return PolicyValidation.Validate(PolicyJson.Parse(definitionJson).Value!);
    }

    public static IReadOnlyList<PolicyProblem> Problems(IReadOnlyList<ValidationFailed> errors) => [.. errors.Select(e => new PolicyProblem(e.Field ?? string.Empty, e.Message))];

    public static DecisionDto Decision(PolicyDecisionRecord r)
    {
        static JsonElement Parse(string json)
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.Clone();
        }

        return new DecisionDto(
            r.Id, r.ApplicationId, r.CustomerId, r.PolicyVersionNumber, r.AsOf, r.Outcome,
            r.LimitMinor is { } l ? Amount.Of(l, r.Currency) : null,
            r.TermsCode, r.ReviewOn, r.RiskClass, r.Score, r.NeedsSecondApprover,
            DecisionRecords.Reasons(r.ReasonsJson), Parse(r.FactsJson), Parse(r.ScorecardJson), Parse(r.RulesJson), r.AtUtc, r.By);
    }
}
