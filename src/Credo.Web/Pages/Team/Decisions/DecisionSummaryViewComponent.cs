using Credo.Web.Features.CreditPolicy;
using Microsoft.AspNetCore.Mvc;

namespace Credo.Web.Pages.Team.Decisions;

/// <summary>What the application page shows of its latest decision: the reason codes and the rules that fired or could not be decided.</summary>
internal sealed record DecisionSummaryView(long DecisionId, IReadOnlyList<ReasonLine> ReasonCodes, IReadOnlyList<RuleLine> Rules);

/// <summary>
/// A compact summary of one stored decision for other pages (the application page), read through
/// <see cref="GetDecision"/> from the stored record, with a link to the full explanation. Renders nothing for an unknown id.
/// </summary>
internal sealed class DecisionSummaryViewComponent(GetDecision decisions) : ViewComponent
{
    public async Task<IViewComponentResult> InvokeAsync(long decisionId)
    {
        var found = await decisions.Handle(decisionId, HttpContext.RequestAborted);
        if (!found.IsOk)
        {
            return Content(string.Empty);
        }

        var d = found.Value!;
        var card = ExplainDecision.ReadScorecard(d.Scorecard.GetRawText());
        var rules = ExplainDecision.ReadRules(d.Rules.GetRawText());
        return View("/Pages/Team/Decisions/_DecisionSummary.cshtml", new DecisionSummaryView(d.Id, card?.Reasons ?? [], rules));
    }
}
