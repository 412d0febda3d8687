using Credo.Domain.Customers;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Features.Analytics;
using Credo.Web.Features.Ledger;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Pages.Team;

/// <summary>
/// The dashboard: customer counts; from the ledger the open and overdue invoices; from analytics the portfolio overdue
/// in the reporting currency, last month end's DSO and CEI, and the next four weeks' expected cash (the forecast's mean).
/// </summary>
internal sealed class DashboardModel(CreditDb db, FindInvoices invoices, TimeProvider clock, GetAging aging, GetMetrics metrics, GetForecast forecast) : PageModel
{
    /// <summary>Overdue totals read at most this many invoices (a portfolio summary use case will replace the loop).</summary>
    public const int OverdueScanLimit = 10_000;

    private const int ScanPageSize = 200;

    public DateOnly AsOf { get; private set; }

    public int Customers { get; private set; }

    public int Active { get; private set; }

    public int OnHold { get; private set; }

    public int Blocked { get; private set; }

    public int OpenInvoices { get; private set; }

    public int OverdueInvoices { get; private set; }

    /// <summary>Overdue open amounts per currency, largest first.</summary>
    public IReadOnlyList<(string Currency, decimal Amount)> Overdue { get; private set; } = [];

    public bool OverdueTruncated { get; private set; }

    /// <summary>Analytics tiles: the portfolio in the reporting currency (or why not) and last month end's metrics.</summary>
    public string ReportingCurrency { get; private set; } = "USD";

    public decimal? OverdueReporting { get; private set; }

    public string? ReportingProblem { get; private set; }

    public MonthMetricsDto? LastMonth { get; private set; }

    /// <summary>
    /// The next four weeks' expected receipts (the sum of the forecast's weekly means): one amount in the reporting
    /// currency, or one per currency when a rate is missing.
    /// </summary>
    public IReadOnlyList<(string Currency, decimal Amount)> NextFourWeeks { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        AsOf = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var byStatus = await db.Customers.AsNoTracking().GroupBy(c => c.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        int Count(CustomerStatus s) => byStatus.Where(x => x.Status == s).Sum(x => x.Count);
        Customers = byStatus.Sum(x => x.Count);
        Active = Count(CustomerStatus.Active);
        OnHold = Count(CustomerStatus.OnHold);
        Blocked = Count(CustomerStatus.Blocked);

        OpenInvoices = await Total(new InvoiceQuery(State: ItemState.Open, PageSize: 1), ct)
            + await Total(new InvoiceQuery(State: ItemState.PartiallyPaid, PageSize: 1), ct);

        var overdue = new Dictionary<string, decimal>();
        for (var page = 1; ; page++)
        {
            var result = await invoices.Handle(new InvoiceQuery(Overdue: true, Page: page, PageSize: ScanPageSize), ct);
            if (result.Value is not { } found)
            {
                break;
            }

            OverdueInvoices = found.Total;
            foreach (var invoice in found.Items)
            {
                overdue[invoice.Currency] = overdue.GetValueOrDefault(invoice.Currency) + invoice.Open;
            }

            if (page * ScanPageSize >= found.Total || found.Items.Count == 0)
            {
                break;
            }

            if (page * ScanPageSize >= OverdueScanLimit)
            {
                OverdueTruncated = true;
                break;
            }
        }

        Overdue = [.. overdue.OrderByDescending(kv => kv.Value).Select(kv => (kv.Key, kv.Value))];
        await LoadAnalytics(ct);
    }

    private async Task LoadAnalytics(CancellationToken ct)
    {
        var portfolio = await aging.Handle(new AgingQuery(AsOf, By: "portfolio"), ct);
        if (portfolio.Value is { } report)
        {
            ReportingCurrency = report.ReportingCurrency.Code;
            ReportingProblem = report.ReportingProblem?.Message;
            if (report.Reporting is { } rows)
            {
                OverdueReporting = Documents.Major(rows.Sum(r => r.OverdueMinor(report.Buckets)), ReportingCurrency);
            }
        }

        var cash = await forecast.Handle(AsOf, 4, ct);
        if (cash.Value is { } f)
        {
            var weeks = f.Reporting.Count > 0 ? f.Reporting : [.. f.Weeks.Where(w => w.Segment == "all")];
            NextFourWeeks = [.. weeks.GroupBy(w => w.Currency).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (g.Key, g.Sum(w => w.Mean)))];
        }

        var lastMonthEnd = new DateOnly(AsOf.Year, AsOf.Month, 1).AddDays(-1);
        var trend = await metrics.Handle(new MetricsQuery(lastMonthEnd, lastMonthEnd, "portfolio"), ct);
        LastMonth = trend.IsOk && MetricsCsv.ToDto(trend.Value!).Subjects is [var first, ..] && first.Months is [.., var last] ? last : null;
    }

    private async Task<int> Total(InvoiceQuery query, CancellationToken ct) =>
        (await invoices.Handle(query, ct)).Value?.Total ?? 0;
}
