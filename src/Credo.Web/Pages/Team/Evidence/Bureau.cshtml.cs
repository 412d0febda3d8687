using Credo.Web.Data;
using Credo.Web.Features.Evidence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Credo.Web.Pages.Team.Evidence;

/// <summary>The bureau reports of the application's subject (every pull, with provider, age, outcome and cost) and the manual entry form.</summary>
internal sealed class BureauModel(CreditDb db, IAuthorizationService authorization, EnterBureauReport reports) : EvidencePage(db, authorization)
{
    public override string Section => "bureau";

    public IReadOnlyList<BureauPullDto> Pulls { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string reference, CancellationToken ct)
    {
        if (await Load(reference, ct) is { } early)
        {
            return early;
        }

        Pulls = await reports.List(Target, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string reference, int? score, decimal? suggestedLimit, string? currency, bool bankruptcy, int? judgments, string? note, CancellationToken ct)
    {
        if (await LoadForRecording(reference, ct) is { } early)
        {
            return early;
        }

        var result = await reports.Handle(Target, new ManualBureauReportRequest(score, suggestedLimit, string.IsNullOrWhiteSpace(currency) ? null : currency, bankruptcy, judgments, note), ct);
        return Done(result, "Manual bureau report recorded.");
    }
}
