using Credo.Web.Data;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Pages.Team.Decisions;

/// <summary>A stored decision as a list row, with the application it was about (when there was one).</summary>
internal sealed record DecisionRow(long Id, DateTime AtUtc, string Outcome, long? LimitMinor, string Currency, string? TermsCode, string? RiskClass, decimal? Score, int PolicyVersion, bool NeedsSecondApprover, string By, string? ApplicationReference);

/// <summary>Stored policy decisions, newest first, filtered by outcome and policy version, a page at a time. Every team role.</summary>
internal sealed class IndexModel(CreditDb db) : PageModel
{
    public const int PageSize = 50;

    public static readonly IReadOnlyList<string> Outcomes = ["approve", "refer", "decline"];

    [BindProperty(SupportsGet = true, Name = "outcome")]
    public string? Outcome { get; set; }

    [BindProperty(SupportsGet = true, Name = "version")]
    public int? Version { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public IReadOnlyList<DecisionRow> Rows { get; private set; } = [];

    public IReadOnlyList<int> Versions { get; private set; } = [];

    public bool HasMore { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        PageNumber = Math.Max(1, PageNumber);
        Outcome = Outcomes.Contains(Outcome) ? Outcome : null;
        Versions = await db.PolicyVersions.AsNoTracking().Where(v => v.Status != PolicyStatus.Draft).OrderByDescending(v => v.Number).Select(v => v.Number).ToListAsync(ct);

        var query = db.PolicyDecisions.AsNoTracking();
        if (Outcome is { } outcome)
        {
            query = query.Where(d => d.Outcome == outcome);
        }

        if (Version is { } version)
        {
            query = query.Where(d => d.PolicyVersionNumber == version);
        }

        var rows = await query
            .OrderByDescending(d => d.Id)
            .Skip((PageNumber - 1) * PageSize)
            .Take(PageSize + 1)
            .Select(d => new DecisionRow(
                d.Id, d.AtUtc, d.Outcome, d.LimitMinor, d.Currency, d.TermsCode, d.RiskClass, d.Score, d.PolicyVersionNumber, d.NeedsSecondApprover, d.By,
                db.Applications.Where(a => a.Id == d.ApplicationId).Select(a => a.Reference).FirstOrDefault()))
            .ToListAsync(ct);
        HasMore = rows.Count > PageSize;
        Rows = [.. rows.Take(PageSize)];
    }

    /// <summary>The list URL with the current filters and another page.</summary>
    public string PageUrl(int page)
    {
        var query = new List<string>();
        if (Outcome is not null)
        {
            query.Add("outcome=" + Uri.EscapeDataString(Outcome));
        }

        if (Version is { } v)
        {
            query.Add("version=" + v.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        query.Add("p=" + page.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return "/team/decisions?" + string.Join("&", query);
    }
}
