using System.Text.RegularExpressions;
using Credo.Web.Data;
using Credo.Web.Features.Exports;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Imports;

/// <summary>One kind of problem in an import: the field, the reason with its names and numbers taken out, how many rows, the first line.</summary>
internal sealed record ErrorSummaryRow(string Field, string Reason, long Rows, long FirstLine);

/// <summary>
/// An import's problems for an integrator (issue 12 §5): all of them as CSV (line, field, reason) in the export's one
/// CSV dialect, and a summary by reason, so that 40,000 rows refused for one missing customer read as one line.
/// </summary>
internal static partial class ImportErrors
{
    public static IReadOnlyList<ErrorSummaryRow> Summary(IEnumerable<RowError> errors) =>
        [.. errors.GroupBy(e => (e.Field, Reason: Shape(e.Reason)))
            .Select(g => new ErrorSummaryRow(g.Key.Field, g.Key.Reason, g.LongCount(), g.Min(e => e.Line)))
            .OrderByDescending(r => r.Rows).ThenBy(r => r.FirstLine)];

    /// <summary>A reason without the row's own values: quoted names become '…', numbers N ("No customer '…'. Import customers first.").</summary>
    public static string Shape(string reason) => Numbers().Replace(Quoted().Replace(reason, "'…'"), "N");

    public static async Task<IResult> CsvEndpoint(long id, CreditDb db, HttpContext http, CancellationToken ct)
    {
        var batch = await db.ImportBatches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, ct);
        if (batch is null)
        {
            return Infrastructure.Problems.NotFound("Import", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"import-{id}-errors.csv\"";
        await using (var csv = CsvWriter.Create(http.Response.Body, ExportCsv.Options, leaveOpen: true))
        {
            csv.WriteHeader(["line", "field", "reason"]);
            foreach (var e in ImportReport.AllErrors(batch))
            {
                await csv.WriteRecordAsync([e.Line.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Field, e.Reason], ct);
            }
        }

        return Results.Empty;
    }

    [GeneratedRegex("'[^']*'")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\b\d[\d,.]*\b")]
    private static partial Regex Numbers();
}
