using Credo.Web.Features.CreditPolicy;

namespace Credo.Web.Pages.Team.Decisions;

/// <summary>
/// What other pages (the application page) show of one stored decision: the reason codes and the rules that fired or
/// could not be decided, read through <see cref="GetDecision"/> from the stored record. Rendered by _DecisionSummary.cshtml
/// with a link to the full explanation.
/// </summary>
internal sealed record DecisionSummaryView(long DecisionId, IReadOnlyList<ReasonLine> ReasonCodes, IReadOnlyList<RuleLine> Rules)
{
    /// <summary>Null for an unknown id.</summary>
    public static async Task<DecisionSummaryView?> Load(GetDecision decisions, long decisionId, CancellationToken ct)
    {
        var found = await decisions.Handle(decisionId, ct);
        if (!found.IsOk)
        {
            return null;
        }

        var d = found.Value!;
        var card = ExplainDecision.ReadScorecard(d.Scorecard.GetRawText());
        return new DecisionSummaryView(d.Id, card?.Reasons ?? [], ExplainDecision.ReadRules(d.Rules.GetRawText()));
    }
}
