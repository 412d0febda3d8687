using System.Globalization;
using Credo.Domain.Analytics;
using Credo.Domain.Common;
using Credo.Web.Features.Exports;
using CsvHelper;

namespace Credo.Web.Features.Analytics;

/// <summary>One month end's metrics in words a reader (and a spreadsheet) takes: amounts in major units, days and percentages rounded to 2 places.</summary>
internal sealed record MonthMetricsDto(
    DateOnly MonthEnd, decimal Receivables, decimal Current, decimal Sales, decimal? Dso, decimal? DsoCountback, decimal? BestPossibleDso,
    decimal? AverageDaysDelinquent, decimal? Cei, decimal? ReceivablesTurnover, decimal? PercentCurrent);

internal sealed record SubjectMetricsDto(string Subject, string Name, string Currency, IReadOnlyList<MonthMetricsDto> Months);

internal sealed record MetricsReportDto(DateOnly From, DateOnly To, string By, IReadOnlyList<SubjectMetricsDto> Subjects);

/// <summary>
/// <c>export metrics</c>: one row per subject and month end: receivables, current, sales, DSO (standard and countback),
/// best-possible DSO, ADD, CEI, receivables turnover and % current, in the reporting currency.
/// </summary>
internal sealed class MetricsCsv(GetMetrics metrics)
{
    public async Task<DomainError?> Write(Stream output, MetricsQuery query, CancellationToken ct)
    {
        var result = await metrics.Handle(query, ct);
        if (!result.IsOk)
        {
            return result.Error;
        }

        var report = ToDto(result.Value!);
        await using var csv = CsvWriter.Create(output, ExportCsv.Options, leaveOpen: true);
        csv.WriteHeader(["monthEnd", "by", "subject", "name", "currency", "receivables", "current", "sales", "dso", "dsoCountback", "bestPossibleDso", "averageDaysDelinquent", "cei", "receivablesTurnover", "percentCurrent"]);
        foreach (var subject in report.Subjects)
        {
            foreach (var m in subject.Months)
            {
                csv.WriteField(m.MonthEnd, default);
                csv.WriteField(report.By);
                csv.WriteField(subject.Subject);
                csv.WriteField(subject.Name);
                csv.WriteField(subject.Currency);
                foreach (var value in new[] { m.Receivables, m.Current, m.Sales })
                {
                    csv.WriteField(value, "0.##########");
                }

                foreach (var value in new[] { m.Dso, m.DsoCountback, m.BestPossibleDso, m.AverageDaysDelinquent, m.Cei, m.ReceivablesTurnover, m.PercentCurrent })
                {
                    csv.WriteField(value?.ToString("F2", CultureInfo.InvariantCulture));
                }

                await csv.EndRecordAsync(ct);
            }
        }

        return null;
    }

    public static MetricsReportDto ToDto(MetricsReport report) => new(
        report.From,
        report.To,
        report.By.ToString().ToLowerInvariant(),
        [.. report.Subjects.Select(s => new SubjectMetricsDto(s.Subject, s.Name, s.Currency, [.. s.Months.Select(Month)]))]);

    private static MonthMetricsDto Month(MonthMetrics m) => new(
        m.Figures.MonthEnd,
        m.Figures.Receivables.Major,
        m.Figures.Current.Major,
        m.Figures.Sales.Major,
        Round(m.Dso),
        Round(m.DsoCountback),
        Round(m.BestPossibleDso),
        Round(m.AverageDaysDelinquent),
        Round(m.Cei),
        Round(m.ReceivablesTurnover),
        Round(m.PercentCurrent));

    private static decimal? Round(decimal? value) => value is { } v ? decimal.Round(v, 2, MidpointRounding.AwayFromZero) : null;
}
