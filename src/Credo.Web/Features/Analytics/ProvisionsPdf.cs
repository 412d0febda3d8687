using System.Globalization;
using Credo.Domain.Common;
using Credo.Web.Infrastructure;
using Microsoft.Extensions.Options;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Credo.Web.Features.Analytics;

/// <summary>
/// The IFRS 9 provision schedule as a printable PDF (issue 13 §7; PDFsharp 6.2.4, fonts as <see cref="AgingPdf"/>):
/// portrait A4, per segment and currency the balance, loss rate and allowance of each age, the total and the change
/// since the month end before, and, where nothing was written off in the window, the sentence saying why every rate is
/// 0. The same <see cref="GetProvisions"/> as the page and the API.
/// </summary>
internal sealed class ProvisionsPdf(GetProvisions provisions, IOptions<AnalyticsOptions> options)
{
    private const double Margin = 40;
    private const double RowHeight = 14;

    public async Task<Result<byte[]>> Render(DateOnly? asOf, int? window, CancellationToken ct)
    {
        if (PdfFonts.Ensure(options.Value.PdfFontFile) is { } fontProblem)
        {
            return fontProblem;
        }

        var result = await provisions.Handle(asOf, window, ct);
        if (!result.IsOk)
        {
            return result.Error!;
        }

        var report = result.Value!;
        using var document = new PdfDocument();
        document.Info.Title = $"Expected credit loss as of {report.MonthEnd:yyyy-MM-dd}";
        document.Info.Creator = "Credo";
        using (var writer = new ScheduleWriter(document, report))
        {
            foreach (var group in report.Segments)
            {
                writer.Group(group);
            }

            if (report.Segments.Count == 0)
            {
                writer.Line("Nothing was owed at the month end.");
            }
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    public static async Task<IResult> Endpoint(DateOnly? asOf, int? window, ProvisionsPdf pdf, CancellationToken ct)
    {
        var result = await pdf.Render(asOf, window, ct);
        return result.IsOk
            ? TypedResults.File(result.Value!, "application/pdf", $"provisions-{(asOf is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "latest")}.pdf")
            : result.Error!.ToProblem();
    }

    /// <summary>Writes the schedule down the pages, a new page (with the title) when one is full.</summary>
    private sealed class ScheduleWriter(PdfDocument document, ProvisionsReport report) : IDisposable
    {
        private static readonly string[] Heads = ["Age", "Balance", "Loss rate", "Allowance"];
        private readonly XFont _title = new(PdfFonts.Family, 14, XFontStyleEx.Bold);
        private readonly XFont _bold = new(PdfFonts.Family, 9, XFontStyleEx.Bold);
        private readonly XFont _text = new(PdfFonts.Family, 9, XFontStyleEx.Regular);
        private PdfPage? _page;
        private XGraphics? _gfx;
        private double _y;

        private double Width => (_page?.Width.Point ?? 595) - (2 * Margin);

        public void Group(ProvisionGroupDto g)
        {
            EnsureRoom((g.Lines.Count + 5) * RowHeight);
            _y += RowHeight / 2;
            Text($"{SegmentWord(g.Segment)}, {g.Currency}", _bold, Margin, Width, XStringFormats.TopLeft);
            _y += RowHeight;
            Cells(Heads, _bold);
            foreach (var l in g.Lines)
            {
                Cells([l.Bucket, Amount(l.Balance, g.Currency), Rate(l.LossRate), Amount(l.Provision, g.Currency)], _text);
            }

            Cells(["Total", Amount(g.Lines.Sum(l => l.Balance), g.Currency), "", Amount(g.Total, g.Currency)], _bold);
            Line($"Change since {Infrastructure.PlainWords.Date(report.PreviousMonthEnd)}: {Amount(g.Change, g.Currency)} {g.Currency} (then {Amount(g.PreviousTotal, g.Currency)}).");
            if (g.WrittenOffInWindow == 0)
            {
                Line($"Nothing was written off in the last {report.WindowMonths} months, so no balance rolled on to write-off and every loss rate is 0.");
            }
        }

        public void Line(string text)
        {
            EnsureRoom(RowHeight);
            Text(text, _text, Margin, Width, XStringFormats.TopLeft);
            _y += RowHeight;
        }

        public void Dispose() => _gfx?.Dispose();

        private string SegmentWord(string segment) => segment == "none" ? $"No {report.Dimension} segment" : $"Segment {segment} ({report.Dimension})";

        private static string Amount(decimal value, string currency) => Infrastructure.PlainWords.MoneyNumber(value, currency);

        private static string Rate(decimal rate) => (rate * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %";

        private void Cells(IReadOnlyList<string> cells, XFont font)
        {
            var first = Width * 0.31;
            var rest = (Width - first) / (cells.Count - 1);
            Text(cells[0], font, Margin, first, XStringFormats.TopLeft);
            for (var i = 1; i < cells.Count; i++)
            {
                Text(cells[i], font, Margin + first + ((i - 1) * rest), rest - 4, XStringFormats.TopRight);
            }

            _y += RowHeight;
        }

        private void Text(string text, XFont font, double x, double width, XStringFormat format) =>
            _gfx!.DrawString(text, font, XBrushes.Black, new XRect(x, _y, width, RowHeight), format);

        private void EnsureRoom(double height)
        {
            if (_page is not null && _y + height <= _page.Height.Point - Margin)
            {
                return;
            }

            _gfx?.Dispose();
            _page = document.AddPage();
            _page.Size = PdfSharp.PageSize.A4;
            _gfx = XGraphics.FromPdfPage(_page);
            _y = Margin;
            Text($"Expected credit loss as of {Infrastructure.PlainWords.Date(report.MonthEnd)}", _title, Margin, Width, XStringFormats.TopLeft);
            _y += 20;
            Text($"IFRS 9 simplified approach: loss rates from roll rates over the last {report.WindowMonths} months, by {report.Dimension}. Page {document.PageCount}.", _text, Margin, Width, XStringFormats.TopLeft);
            _y += RowHeight;
        }
    }
}
