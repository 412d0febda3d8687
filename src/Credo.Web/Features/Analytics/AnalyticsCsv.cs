using System.Globalization;
using System.Text;

namespace Credo.Web.Features.Analytics;

/// <summary>The forecast and provisions CSVs (amounts as decimal major units, dates yyyy-MM-dd).</summary>
internal static class AnalyticsCsv
{
    /// <summary><c>segment,currency,week,from,to,p10,p50,p90,mean</c>: native rows, then the reporting currency's (segment "all").</summary>
    public static async Task Forecast(Stream stream, ForecastReport report, CancellationToken ct)
    {
        var text = new StringBuilder("segment,currency,week,from,to,p10,p50,p90,mean\n");
        foreach (var w in report.Weeks.Concat(report.Reporting))
        {
            text.Append(CultureInfo.InvariantCulture, $"{w.Segment},{w.Currency},{w.Week},{w.From:yyyy-MM-dd},{w.To:yyyy-MM-dd},{w.P10},{w.P50},{w.P90},{w.Mean}\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), ct);
    }

    /// <summary><c>monthEnd,segment,currency,bucket,balance,lossRate,provision</c>, then a total line per segment with the month-over-month change.</summary>
    public static async Task Provisions(Stream stream, ProvisionsReport report, CancellationToken ct)
    {
        var text = new StringBuilder("monthEnd,segment,currency,bucket,balance,lossRate,provision\n");
        foreach (var g in report.Segments)
        {
            foreach (var l in g.Lines)
            {
                text.Append(CultureInfo.InvariantCulture, $"{report.MonthEnd:yyyy-MM-dd},{g.Segment},{g.Currency},{l.Bucket},{l.Balance},{l.LossRate},{l.Provision}\n");
            }

            text.Append(CultureInfo.InvariantCulture, $"{report.MonthEnd:yyyy-MM-dd},{g.Segment},{g.Currency},total,{g.Lines.Sum(l => l.Balance)},,{g.Total}\n");
            text.Append(CultureInfo.InvariantCulture, $"{report.MonthEnd:yyyy-MM-dd},{g.Segment},{g.Currency},change since {report.PreviousMonthEnd:yyyy-MM-dd},,,{g.Change}\n");
        }

        await stream.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), ct);
    }
}
