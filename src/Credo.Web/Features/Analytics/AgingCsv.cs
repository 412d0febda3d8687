using System.Globalization;
using Credo.Domain.Analytics;
using Credo.Domain.Common;
using Credo.Domain.Amounts;
using Credo.Web.Features.Exports;
using Credo.Web.Infrastructure;
using CsvHelper;

namespace Credo.Web.Features.Analytics;

/// <summary>
/// An aging as CSV (CLI <c>export aging</c>, the API and the Analytics page): one row per subject and currency, a
/// column per bucket, then <c>unapplied</c> (≤ 0), <c>disputed</c> and <c>total</c>, amounts in decimal major units.
/// In the reporting currency a missing rate fails the export with the pair and date, never a rate of 1 or 0.
/// </summary>
internal sealed class AgingCsv(GetAging aging)
{
    /// <summary>Writes the CSV, or returns why it cannot (bad input, a missing rate) before writing anything.</summary>
    public async Task<DomainError?> Write(Stream output, AgingQuery query, bool reporting, CancellationToken ct)
    {
        var result = await aging.Handle(query, ct);
        if (!result.IsOk)
        {
            return result.Error;
        }

        var report = result.Value!;
        if (reporting && report.Reporting is null)
        {
            return report.ReportingProblem;
        }

        await using var csv = CsvWriter.Create(output, ExportCsv.Options, leaveOpen: true);
        csv.WriteHeader(["asOf", "by", "subject", "name", "currency", .. ColumnNames(report.Buckets), "unapplied", "disputed", "total"]);
        foreach (var row in reporting ? report.Reporting! : report.Native)
        {
            var currency = Currency.Of(row.Currency);
            csv.WriteField(report.AsOf, default);
            csv.WriteField(report.By.ToString().ToLowerInvariant());
            csv.WriteField(row.Subject);
            csv.WriteField(report.Names.GetValueOrDefault(row.Subject, row.Subject));
            csv.WriteField(row.Currency);
            foreach (var minor in row.BucketsMinor)
            {
                WriteMoney(csv, minor, currency);
            }

            WriteMoney(csv, row.UnappliedMinor, currency);
            WriteMoney(csv, row.DisputedMinor, currency);
            WriteMoney(csv, row.TotalMinor, currency);
            await csv.EndRecordAsync(ct);
        }

        return null;
    }

    /// <summary>Column names for the buckets: current, 1-30, …, over-120.</summary>
    public static IEnumerable<string> ColumnNames(BucketSet buckets) =>
        buckets.Labels.Select(l => l.Replace('–', '-').Replace(' ', '-').ToLowerInvariant());

    private static void WriteMoney(CsvWriter csv, long minor, Currency currency) =>
        csv.WriteField(new Money(minor, currency).Major, "F" + currency.Scale.ToString(CultureInfo.InvariantCulture));

    public static async Task<IResult> Endpoint(
        DateOnly? asOf, string? by, string? basis, string? buckets, string? segment, string? group, string? currency, AgingCsv csv, CancellationToken ct)
    {
        var reporting = string.Equals(currency, "reporting", StringComparison.OrdinalIgnoreCase);
        var query = new AgingQuery(asOf, by, basis, buckets, segment, group, reporting || string.Equals(currency, "native", StringComparison.OrdinalIgnoreCase) ? null : currency);
        var buffer = new MemoryStream();
        if (await csv.Write(buffer, query, reporting, ct) is { } error)
        {
            return error.ToProblem();
        }

        buffer.Position = 0;
        return TypedResults.File(buffer, "text/csv; charset=utf-8", $"aging-{query.AsOf ?? DateOnly.MinValue:yyyy-MM-dd}.csv".Replace("0001-01-01", "today", StringComparison.Ordinal));
    }
}
