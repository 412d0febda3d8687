using Credo.Web.Data;
using Credo.Web.Features.CreditPolicy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.Decisions;

/// <summary>
/// One stored policy decision, explained: outcome and terms, the scorecard with reason codes, every rule of its version
/// with each condition's truth, the precedence that made the outcome, and the facts snapshot. Every team role reads it;
/// analysts and above replay it (the same <see cref="ReplayDecisions"/> the API and the CLI use).
/// </summary>
internal sealed class DetailsModel(CreditDb db, PolicyCache cache, ReplayDecisions replays, IAuthorizationService authorization) : PageModel
{
    public DecisionExplanation Decision { get; private set; } = null!;

    public bool CanReplay { get; private set; }

    /// <summary>Set after a replay: the fields that differ (empty: reproduced exactly).</summary>
    public IReadOnlyList<FieldDifference>? ReplayDifferences { get; private set; }

    public bool ReplaySkipped { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct) => await Load(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostReplayAsync(long id, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, CreditPolicyFeature.ReviewPolicy)).Succeeded)
        {
            return Forbid();
        }

        if (!await Load(id, ct))
        {
            return NotFound();
        }

        var report = await replays.Handle(new ReplayRequest(id, id), ct);
        ReplaySkipped = report.Checked == 0;
        ReplayDifferences = Decision.Differences(report.Differences.SelectMany(d => d.Fields));
        return Page();
    }

    private async Task<bool> Load(long id, CancellationToken ct)
    {
        CanReplay = (await authorization.AuthorizeAsync(User, CreditPolicyFeature.ReviewPolicy)).Succeeded;
        var explained = await new ExplainDecision(db, cache).Handle(id, ct);
        if (explained is null)
        {
            return false;
        }

        Decision = explained;
        return true;
    }
}
