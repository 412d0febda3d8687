using Credo.Domain.Customers;
using Credo.Web.Data;
using Credo.Web.Features.Customers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Pages.Team.Customers;

/// <summary>
/// The customer list. A plain GET form works without JavaScript; with htmx the same URL returns only the
/// results partial (when the request targets <c>#results</c>), and the URL is pushed to the history.
/// </summary>
internal sealed class CustomersModel(FindCustomers find, CreditDb db, Microsoft.Extensions.Options.IOptions<Features.Credit.CreditOptions> credit) : PageModel
{
    public const int PageSize = 25;

    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true)]
    public CustomerStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Group { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Segment { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    /// <summary>Only customers with something past due.</summary>
    [BindProperty(SupportsGet = true, Name = "overdue")]
    public bool OverdueOnly { get; set; }

    /// <summary>Only customers whose counted exposure is above their own line's ceiling today.</summary>
    [BindProperty(SupportsGet = true, Name = "over-limit")]
    public bool OverLimit { get; set; }

    /// <summary>Only customers who paid on average more than this many days late over 12 months (one of <see cref="LateChoices"/>).</summary>
    [BindProperty(SupportsGet = true, Name = "late-over")]
    public int? LateOver { get; set; }

    /// <summary>Only customers whose payment score is below this (one of <see cref="ScoreChoices"/>).</summary>
    [BindProperty(SupportsGet = true, Name = "score-below")]
    public int? ScoreBelow { get; set; }

    public static readonly IReadOnlyList<(int Value, string Name)> LateChoices =
        [(0, "Paying late"), (10, "More than 10 days late"), (30, "More than 30 days late"), (60, "More than 60 days late")];

    public static readonly IReadOnlyList<(int Value, string Name)> ScoreChoices =
        [(80, "Below 80 (pays late)"), (50, "Below 50 (pays very late)"), (30, "Below 30")];

    // "page" is Razor Pages' own route value (the page path), so the list's page number is "p" (issue 12: Next kept showing page 1).
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public PageOf<CustomerListItem> Results { get; private set; } = new([], 1, PageSize, 0);

    public IReadOnlyList<(string Code, string Name)> GroupOptions { get; private set; } = [];

    public IReadOnlyList<(string Value, string Name)> SegmentOptions { get; private set; } = [];

    public int LastPage => Math.Max(1, (Results.Total + Results.PageSize - 1) / Results.PageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (Sort is not null && !FindCustomers.Sorts.Contains(Sort))
        {
            Sort = null;
        }

        // Only the offered choices: a hand-typed figure is dropped rather than answered with an error page.
        LateOver = LateChoices.Any(c => c.Value == LateOver) ? LateOver : null;
        ScoreBelow = ScoreChoices.Any(c => c.Value == ScoreBelow) ? ScoreBelow : null;

        var query = new CustomerQuery(Search, Status, Group, Segment, Sort, Math.Max(1, PageNumber), PageSize, OverdueOnly, OverLimit, credit.Value.Counted, LateOver, ScoreBelow);
        Results = await find.Handle(query, ct);
        if (Results.Items.Count == 0 && Results.Total > 0)
        {
            Results = await find.Handle(query with { Page = LastPage }, ct);
        }

        // The same URL answers with the whole page or only the results: caches must keep them apart.
        Response.Headers.Append("Vary", "HX-Request, HX-Target");
        if (IsResultsSwap())
        {
            return Partial("_Results", this);
        }

        GroupOptions = [.. (await db.Groups.AsNoTracking().OrderBy(g => g.Name).Select(g => new { g.Code, g.Name }).ToListAsync(ct)).Select(g => (g.Code, g.Name))];
        SegmentOptions = [.. (await db.Segments.AsNoTracking().OrderBy(s => s.Dimension).ThenBy(s => s.Name).Select(s => new { s.Dimension, s.Code, s.Name }).ToListAsync(ct))
            .Select(s => ($"{s.Dimension}:{s.Code}", $"{s.Dimension}: {s.Name}"))];
        return Page();
    }

    private bool IsResultsSwap() =>
        Request.Headers.ContainsKey("HX-Request")
        && !Request.Headers.ContainsKey("HX-History-Restore-Request")
        && Request.Headers["HX-Target"] == "results";

    /// <summary>The list URL with the current filters and the given changes (null removes a parameter).</summary>
    public string Link(string? sort = null, int? page = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["q"] = Search,
            ["status"] = Status?.ToString(),
            ["group"] = Group,
            ["segment"] = Segment,
            ["overdue"] = OverdueOnly ? "true" : null,
            ["over-limit"] = OverLimit ? "true" : null,
            ["late-over"] = LateOver?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["score-below"] = ScoreBelow?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["sort"] = sort ?? Sort,
            ["p"] = (page ?? 1) == 1 ? null : page!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var parts = query.Where(kv => !string.IsNullOrEmpty(kv.Value)).Select(kv => $"{kv.Key}={Uri.EscapeDataString(kv.Value!)}");
        var text = string.Join('&', parts);
        return "/team/customers" + (text.Length == 0 ? string.Empty : "?" + text);
    }

    /// <summary>Clicking a column header sorts by it, and clicking again reverses the order.</summary>
    public string SortLink(string column) => Link(sort: (Sort ?? "number") == column ? "-" + column : column);

    public string? AriaSort(string column) =>
        (Sort ?? "number") == column ? "ascending" : Sort == "-" + column ? "descending" : null;
}
