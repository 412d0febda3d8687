using System.Text.Json;
using Credo.Web.Data;
using Credo.Web.Features.Credit;
using Credo.Web.Pages.Shared;
using Credo.Web.Pages.Team.Customers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Pages.Team.Credit;

/// <summary>The form to set a portfolio, segment or group limit.</summary>
internal sealed class LineForm
{
    /// <summary>portfolio, segment or group.</summary>
    public string? Level { get; set; } = "group";

    /// <summary>A group code or a segment as dimension:code; ignored for the portfolio.</summary>
    public string? Key { get; set; }

    public string? Limit { get; set; }

    public string? Currency { get; set; } = "USD";

    public string? Reason { get; set; }
}

/// <summary>A line with its utilisation (used / effective limit, in percent; null when the level has no ceiling).</summary>
internal sealed record LineRow(LineUsageDto Line, decimal? Percent);

/// <summary>
/// Credit lines above the customer: the portfolio, segments and groups with their utilisation, sortable, and a
/// chart of utilisation by segment and group. Credit managers set those limits here through <see cref="SetCreditLine"/>.
/// </summary>
internal sealed class CreditLinesModel(CreditDb db, SetCreditLine lines, CreditLinesOverview overview, IAuthorizationService authorization) : PageModel
{
    private static readonly Dictionary<string, string> Inputs = new()
    {
        ["level"] = "level", ["key"] = "key", ["limit"] = "limit", ["currency"] = "currency", ["reason"] = "reason",
    };

    /// <summary>"-util" (most used first, the default), "util", "name" or "headroom".</summary>
    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    [BindProperty]
    public LineForm Form { get; set; } = new();

    public FormErrors Errors { get; } = new();

    [TempData]
    public string? Flash { get; set; }

    public LineRow? Portfolio { get; private set; }

    public IReadOnlyList<LineRow> Segments { get; private set; } = [];

    public IReadOnlyList<LineRow> Groups { get; private set; } = [];

    public IReadOnlyList<string> KnownKeys { get; private set; } = [];

    public bool CanSetLimits { get; private set; }

    /// <summary>Every exposure category of a line, by its stable name, with a label and the amount.</summary>
    public static IEnumerable<(string Name, string Label, decimal Amount)> CategoriesOf(ExposureDto e) =>
    [
        (Credo.Domain.Credit.Exposure.ReceivablesName, "Receivables", e.Receivables),
        (Credo.Domain.Credit.Exposure.OrdersName, "Orders", e.Orders),
        (Credo.Domain.Credit.Exposure.ShippedName, "Shipped, not invoiced", e.ShippedNotInvoiced),
    ];

    public string SortOrder => Sort is "util" or "name" or "headroom" ? Sort : "-util";

    /// <summary>The chart's data: utilisation in percent by segment and by group (lines with a ceiling).</summary>
    public string ChartJson => JsonSerializer.Serialize(new
    {
        segments = Segments.Where(r => r.Percent is not null).Select(r => new { label = r.Line.Name, key = r.Line.Key, percent = r.Percent }),
        groups = Groups.Where(r => r.Percent is not null).Select(r => new { label = r.Line.Name, key = r.Line.Key, percent = r.Percent }),
    }, JsonSerializerOptions.Web);

    public async Task OnGetAsync(CancellationToken ct) => await Load(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, CreditFeature.LimitsPolicy)).Succeeded)
        {
            return Forbid();
        }

        var f = Form;
        var level = f.Level?.Trim().ToLowerInvariant();
        var key = level == "portfolio" ? CreditPaths.PortfolioKey : f.Key?.Trim();
        if (level is not ("portfolio" or "segment" or "group"))
        {
            Errors.Add("level", "Choose portfolio, segment or group.");
        }
        else if (string.IsNullOrEmpty(key))
        {
            Errors.Add("key", level == "segment" ? "Name the segment as dimension:code, e.g. region:west." : "Enter the group's code.");
        }

        decimal? limit = null;
        if (!string.IsNullOrWhiteSpace(f.Limit))
        {
            limit = MoneyText.Parse(f.Limit);
            if (limit is null)
            {
                Errors.Add("limit", $"'{f.Limit}' is not an amount; write it like 250000.00.");
            }
        }

        if (!Errors.Any)
        {
            var result = await lines.Handle(level!, key!, new CreditLineRequest(limit, f.Currency, null, null, null, null, f.Reason), ct);
            if (result.IsOk)
            {
                var line = result.Value!;
                Flash = $"{line.Level} {(line.Level == "portfolio" ? string.Empty : line.Key + " ")}limit set: {(line.Limit is { } l ? MoneyText.Show(l, line.Currency) : "no ceiling")}.";
                return RedirectToPage(new { sort = Sort });
            }

            Errors.Add(result.Error!, Inputs);
        }

        await Load(ct);
        return Page();
    }

    public string SortLink(string column) =>
        "/team/credit?sort=" + (column == "util" ? (SortOrder == "-util" ? "util" : "-util") : column);

    public string? AriaSort(string column) => (column, SortOrder) switch
    {
        ("util", "-util") => "descending",
        ("util", "util") => "ascending",
        ("name", "name") => "ascending",
        ("headroom", "headroom") => "ascending",
        _ => null,
    };

    private async Task Load(CancellationToken ct)
    {
        CanSetLimits = (await authorization.AuthorizeAsync(User, CreditFeature.LimitsPolicy)).Succeeded;
        var rows = (await overview.Overview(ct)).Select(l => new LineRow(l, Utilisation(l))).ToList();
        Portfolio = rows.FirstOrDefault(r => r.Line.Level == "portfolio");
        Segments = Sorted(rows.Where(r => r.Line.Level == "segment"));
        Groups = Sorted(rows.Where(r => r.Line.Level == "group"));
        if (CanSetLimits)
        {
            var segments = await db.Segments.AsNoTracking().OrderBy(s => s.Dimension).ThenBy(s => s.Code).Take(200).Select(s => s.Dimension + ":" + s.Code).ToListAsync(ct);
            var groups = await db.Groups.AsNoTracking().OrderBy(g => g.Code).Take(300).Select(g => g.Code).ToListAsync(ct);
            KnownKeys = [.. segments, .. groups];
        }
    }

    private List<LineRow> Sorted(IEnumerable<LineRow> rows) => SortOrder switch
    {
        "util" => [.. rows.OrderBy(r => r.Percent ?? -1).ThenBy(r => r.Line.Name, StringComparer.OrdinalIgnoreCase)],
        "name" => [.. rows.OrderBy(r => r.Line.Name, StringComparer.OrdinalIgnoreCase)],
        "headroom" => [.. rows.OrderBy(r => r.Line.Headroom ?? decimal.MaxValue).ThenBy(r => r.Line.Name, StringComparer.OrdinalIgnoreCase)],
        _ => [.. rows.OrderByDescending(r => r.Percent ?? -1).ThenBy(r => r.Line.Name, StringComparer.OrdinalIgnoreCase)],
    };

    private static decimal? Utilisation(LineUsageDto line) => line.Limit switch
    {
        null => null,
        0m => line.Used > 0 ? 100m : 0m,
        { } limit => Math.Round(line.Used / limit * 100m, 1),
    };
}
