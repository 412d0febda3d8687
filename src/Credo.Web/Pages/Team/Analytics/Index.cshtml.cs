using System.Text.Json;
using Credo.Domain.Analytics;
using Credo.Web.Data;
using Credo.Web.Features.Analytics;
using Credo.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Pages.Team.Analytics;

/// <summary>A customer's overdue amount in the reporting currency, for the "top overdue" list.</summary>
internal sealed record OverdueCustomer(string Number, string Name, decimal Overdue, decimal Total);

/// <summary>
/// Team → Analytics: the aging as of a date (filters: by, basis, bucket set, segment, group, currency) as a stacked-bar
/// chart and its table, every cell a link to its items; the portfolio's DSO and CEI over the last 24 month ends; the
/// customers most overdue. Everything comes from <see cref="GetAging"/> and <see cref="GetMetrics"/>, as the API does.
/// </summary>
internal sealed class AnalyticsModel(CreditDb db, GetAging aging, GetMetrics metrics) : PageModel
{
    public const int TopOverdue = 10;

    public const int ChartSubjects = 15;

    [BindProperty(SupportsGet = true)]
    public string? AsOf { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? By { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Basis { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Buckets { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Segment { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Group { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Currency { get; set; }

    public string? Problem { get; private set; }

    public AgingReportDto? Report { get; private set; }

    public MetricsReportDto? Trend { get; private set; }

    public string? TrendProblem { get; private set; }

    public IReadOnlyList<OverdueCustomer> Overdue { get; private set; } = [];

    public IReadOnlyList<(string Key, string Name)> SegmentChoices { get; private set; } = [];

    public IReadOnlyList<(string Key, string Name)> GroupChoices { get; private set; } = [];

    public IReadOnlyList<string> CurrencyChoices { get; private set; } = [];

    public IReadOnlyList<string> BucketChoices { get; private set; } = [];

    public string ChartJson { get; private set; } = "{}";

    public string TrendJson { get; private set; } = "{}";

    /// <summary>The portfolio's month ends, oldest first (empty when there is no history or a rate is missing).</summary>
    public IReadOnlyList<MonthMetricsDto> Months => Trend is { Subjects.Count: > 0 } t ? t.Subjects[0].Months : [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadChoices(ct);
        var asOf = MoneyText.ParseDate(AsOf);
        if (!string.IsNullOrWhiteSpace(AsOf) && asOf is null)
        {
            Problem = "Give the date as year-month-day, for example 2026-06-30.";
            return;
        }

        var query = new AgingQuery(asOf, By, Basis, Buckets, Segment, Group, Currency);
        var result = await aging.Handle(query, ct);
        if (!result.IsOk)
        {
            Problem = result.Error!.Message;
            return;
        }

        Report = GetAging.ToDto(result.Value!);
        AsOf = MoneyText.Iso(Report.AsOf);
        ChartJson = Chart(Report);
        Overdue = await TopOverdueCustomers(query, result.Value!.Buckets, ct);
        await LoadTrend(Report.AsOf, ct);
    }

    /// <summary>The link to the items of one cell, with the page's filters.</summary>
    public string CellLink(AgingRowDto row, string bucket) =>
        $"/team/analytics/items?asOf={AsOf}&by={Report!.By}&basis={Report.Basis}&buckets={Uri.EscapeDataString(Report.BucketSet)}"
        + $"&segment={Uri.EscapeDataString(Segment ?? "")}&group={Uri.EscapeDataString(Group ?? "")}"
        + $"&subject={Uri.EscapeDataString(row.Subject)}&currency={row.Currency}&bucket={bucket}";

    /// <summary>The CSV export of what is on screen (native rows; the reporting-currency one beside it).</summary>
    public string CsvLink(bool reporting) =>
        $"/api/analytics/aging.csv?asOf={AsOf}&by={Report!.By}&basis={Report.Basis}&buckets={Uri.EscapeDataString(Report.BucketSet)}"
        + $"&segment={Uri.EscapeDataString(Segment ?? "")}&group={Uri.EscapeDataString(Group ?? "")}"
        + $"&currency={(reporting ? "reporting" : Uri.EscapeDataString(Currency ?? ""))}";

    private async Task LoadChoices(CancellationToken ct)
    {
        SegmentChoices = [.. (await db.Segments.AsNoTracking().OrderBy(s => s.Dimension).ThenBy(s => s.Name)
            .Select(s => new { s.Dimension, s.Code, s.Name }).ToListAsync(ct)).Select(s => ($"{s.Dimension}:{s.Code}", $"{s.Dimension}: {s.Name}"))];
        GroupChoices = [.. (await db.Groups.AsNoTracking().OrderBy(g => g.Name).Select(g => new { g.Code, g.Name }).ToListAsync(ct)).Select(g => (g.Code, g.Name))];
        CurrencyChoices = await db.Entries.AsNoTracking().Select(e => e.Currency).Distinct().OrderBy(c => c).ToListAsync(ct);
        BucketChoices = [.. (await SaveBucketSet.List(db, ct)).Select(b => b.Name)];
    }

    private async Task<IReadOnlyList<OverdueCustomer>> TopOverdueCustomers(AgingQuery query, BucketSet buckets, CancellationToken ct)
    {
        var byCustomer = await aging.Handle(query with { By = "customer" }, ct);
        if (byCustomer.Value?.Reporting is not { } rows)
        {
            return [];
        }

        var dto = GetAging.ToDto(byCustomer.Value);
        return
        [
            .. rows.Zip(dto.Reporting!)
                .Select(r => new OverdueCustomer(r.Second.Subject, r.Second.Name, Documents(r.First.OverdueMinor(buckets), r.First.Currency), r.Second.Total))
                .Where(c => c.Overdue > 0)
                .OrderByDescending(c => c.Overdue)
                .Take(TopOverdue),
        ];
    }

    private static decimal Documents(long minor, string currency) => Features.Ledger.Documents.Major(minor, currency);

    private async Task LoadTrend(DateOnly asOf, CancellationToken ct)
    {
        var lastMonthEnd = new DateOnly(asOf.Year, asOf.Month, 1).AddDays(-1);
        var result = await metrics.Handle(new MetricsQuery(lastMonthEnd.AddMonths(-23), lastMonthEnd, "portfolio"), ct);
        if (result.IsOk)
        {
            Trend = MetricsCsv.ToDto(result.Value!);
            TrendJson = JsonSerializer.Serialize(new
            {
                months = Months.Select(m => MoneyText.Iso(m.MonthEnd)),
                dso = Months.Select(m => m.Dso),
                countback = Months.Select(m => m.DsoCountback),
                best = Months.Select(m => m.BestPossibleDso),
                cei = Months.Select(m => m.Cei),
            });
        }
        else
        {
            TrendProblem = result.Error!.Message;
        }
    }

    /// <summary>The chart's data: the largest subjects (reporting currency when every rate is known, else native rows).</summary>
    private string Chart(AgingReportDto report)
    {
        var rows = (report.Reporting ?? report.Rows).OrderByDescending(r => r.Total).Take(ChartSubjects).ToList();
        return JsonSerializer.Serialize(new
        {
            buckets = report.Buckets,
            subjects = rows.Select(r => Label(r, report.Reporting is null)),
            values = report.Buckets.Select((_, i) => rows.Select(r => r.Buckets[i])),
            currency = report.Reporting is null ? null : report.ReportingCurrency,
        });
    }

    /// <summary>A bar's name: several customers can share a legal name, so the subject's number goes with it.</summary>
    private static string Label(AgingRowDto row, bool native)
    {
        var name = string.Equals(row.Name, row.Subject, StringComparison.Ordinal) ? row.Name : $"{row.Name} · {row.Subject}";
        return native ? $"{name} ({row.Currency})" : name;
    }
}
