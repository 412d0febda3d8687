using System.Text.Json;
using Credo.Domain.Collections;
using Credo.Domain.Common;
using Credo.Web.Features.Collections;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.Collections;

/// <summary>
/// The dunning policy backtest: how many messages each recent version would have sent over a period, and to whom; for
/// credit managers and admins, a draft replayed beside the version in force before anyone publishes it.
/// </summary>
internal sealed class BacktestModel(BacktestDunning backtest, DunningPolicies policies, IAuthorizationService authorization) : PageModel
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public DunningBacktestDto? Result { get; private set; }

    public string? Problem { get; private set; }

    /// <summary>Where in the draft the problem is (a field path, shown as code), when it is in the draft.</summary>
    public string? ProblemField { get; private set; }

    public bool CanDraft { get; private set; }

    public int InForce { get; private set; }

    [BindProperty(SupportsGet = true, Name = "from")]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "through")]
    public string? Through { get; set; }

    /// <summary>The draft policy (JSON), prefilled with the version in force.</summary>
    [BindProperty]
    public string? Draft { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        await Prepare(ct);
        Show(await backtest.Handle(Shared.MoneyText.ParseDate(From), Shared.MoneyText.ParseDate(Through), ct));
    }

    public async Task<IActionResult> OnPostDraftAsync(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, CollectionsFeature.ManagePolicy)).Succeeded)
        {
            return Forbid();
        }

        var typed = Draft;
        await Prepare(ct);
        Draft = typed;
        Show(await backtest.Draft(Draft, Shared.MoneyText.ParseDate(From), Shared.MoneyText.ParseDate(Through), ct));
        return Page();
    }

    private async Task Prepare(CancellationToken ct)
    {
        CanDraft = (await authorization.AuthorizeAsync(User, CollectionsFeature.ManagePolicy)).Succeeded;
        var (number, policy) = await policies.Current(ct);
        InForce = number;
        using var written = JsonDocument.Parse(DunningPolicyJson.Write(policy));
        Draft = JsonSerializer.Serialize(written.RootElement, Indented);
    }

    private void Show(Result<DunningBacktestDto> result)
    {
        Result = result.Value;
        Problem = result.Error?.Message;
        ProblemField = result.Error is ValidationFailed { Field: var field } && field != "from" ? field : null;
    }
}
