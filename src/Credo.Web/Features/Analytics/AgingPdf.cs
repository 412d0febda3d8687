using System.Globalization;
using Credo.Domain.Analytics;
using Credo.Domain.Common;
using Credo.Web.Features.Ledger;
using Credo.Web.Infrastructure;
using Microsoft.Extensions.Options;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace Credo.Web.Features.Analytics;

/// <summary>
/// The aging as a printable PDF (PDFsharp 6.2.4, MIT: 6.5 and later are AGPL and must not be taken): landscape A4, the
/// native rows, then the rows in the reporting currency (or the missing rate, said plainly), the header repeated on
/// every page. The same <see cref="GetAging"/> as the page, the API and the CSV. Fonts come from one TrueType file
/// (<see cref="AnalyticsOptions.PdfFontFile"/>, else the first of the usual Linux and Windows fonts found).
/// </summary>
internal sealed class AgingPdf(GetAging aging, IOptions<AnalyticsOptions> options)
{
    private const double Margin = 36;
    private const double RowHeight = 14;

    public async Task<Result<byte[]>> Render(AgingQuery query, CancellationToken ct)
    {
        if (PdfFonts.Ensure(options.Value.PdfFontFile) is { } fontProblem)
        {
            return fontProblem;
        }

        var result = await aging.Handle(query, ct);
        if (!result.IsOk)
        {
            return result.Error!;
        }

        var report = GetAging.ToDto(result.Value!);
        using var document = new PdfDocument();
        document.Info.Title = $"Aging as of {report.AsOf:yyyy-MM-dd}";
        document.Info.Creator = "Credo";
        var writer = new PageWriter(document, report);
        writer.Section("In each currency", report.Rows);
        if (report.Reporting is { } reporting)
        {
            writer.Section($"In {report.ReportingCurrency} (converted at the rates in effect on {Infrastructure.PlainWords.Date(report.AsOf)})", reporting);
        }
        else if (report.ReportingProblem is { } problem)
        {
            writer.Line($"Totals in {report.ReportingCurrency} cannot be shown: {problem}");
        }

        writer.Dispose();
        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    public static async Task<IResult> Endpoint(
        DateOnly? asOf, string? by, string? basis, string? buckets, string? segment, string? group, string? currency, AgingPdf pdf, CancellationToken ct)
    {
        var query = new AgingQuery(asOf, by, basis, buckets, segment, group, currency);
        var result = await pdf.Render(query, ct);
        return result.IsOk
            ? TypedResults.File(result.Value!, "application/pdf", $"aging-{(asOf is { } d ? d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "today")}.pdf")
            : result.Error!.ToProblem();
    }

    /// <summary>Writes rows down the pages, starting a new page (with the title and column heads) when one is full.</summary>
    private sealed class PageWriter(PdfDocument document, AgingReportDto report) : IDisposable
    {
        private readonly XFont _title = new(PdfFonts.Family, 14, XFontStyleEx.Bold);
        private readonly XFont _bold = new(PdfFonts.Family, 8, XFontStyleEx.Bold);
        private readonly XFont _text = new(PdfFonts.Family, 8, XFontStyleEx.Regular);
        private PdfPage? _page;
        private XGraphics? _gfx;
        private double _y;

        private double Width => (_page?.Width.Point ?? 842) - (2 * Margin);

        private string[] Heads => [ByWord(report.By), "Currency", .. report.Buckets, "Unapplied", "Disputed", "Total"];

        public void Section(string heading, IReadOnlyList<AgingRowDto> rows)
        {
            EnsureRoom(4 * RowHeight);
            _y += RowHeight / 2;
            Text(heading, _bold, Margin, Width, XStringFormats.TopLeft);
            _y += RowHeight;
            ColumnHeads();
            foreach (var row in rows)
            {
                if (EnsureRoom(RowHeight))
                {
                    ColumnHeads();
                }

                Cells([row.Name, row.Currency, .. row.Buckets.Select(b => Amount(b, row.Currency)), Amount(row.Unapplied, row.Currency), Amount(row.Disputed, row.Currency), Amount(row.Total, row.Currency)], _text);
            }

            if (rows.Count == 0)
            {
                Line("Nothing was open on that date.");
            }
        }

        public void Line(string text)
        {
            EnsureRoom(RowHeight);
            Text(text, _text, Margin, Width, XStringFormats.TopLeft);
            _y += RowHeight;
        }

        public void Dispose() => _gfx?.Dispose();

        private static string Amount(decimal value, string currency) => Infrastructure.PlainWords.MoneyNumber(value, currency);

        private static string ByWord(string by) => by switch
        {
            "group" => "Corporate group",
            "segment" => "Segment",
            "portfolio" => "Portfolio",
            _ => "Customer",
        };

        private void ColumnHeads() => Cells(Heads, _bold);

        private void Cells(IReadOnlyList<string> cells, XFont font)
        {
            var nameWidth = Width * 0.22;
            var currencyWidth = 44.0;
            var amountWidth = (Width - nameWidth - currencyWidth) / (cells.Count - 2);
            Text(Fit(cells[0], nameWidth, font), font, Margin, nameWidth, XStringFormats.TopLeft);
            Text(cells[1], font, Margin + nameWidth, currencyWidth, XStringFormats.TopLeft);
            for (var i = 2; i < cells.Count; i++)
            {
                Text(cells[i], font, Margin + nameWidth + currencyWidth + ((i - 2) * amountWidth), amountWidth - 4, XStringFormats.TopRight);
            }

            _y += RowHeight;
        }

        private string Fit(string text, double width, XFont font)
        {
            while (text.Length > 4 && _gfx!.MeasureString(text, font).Width > width - 6)
            {
                text = text[..^2] + "…";
                text = text.Replace("……", "…", StringComparison.Ordinal);
            }

            return text;
        }

        private void Text(string text, XFont font, double x, double width, XStringFormat format) =>
            _gfx!.DrawString(text, font, XBrushes.Black, new XRect(x, _y, width, RowHeight), format);

        /// <summary>Starts a page when the next <paramref name="height"/> does not fit; true when it did.</summary>
        private bool EnsureRoom(double height)
        {
            if (_page is not null && _y + height <= _page.Height.Point - Margin)
            {
                return false;
            }

            _gfx?.Dispose();
            _page = document.AddPage();
            _page.Size = PdfSharp.PageSize.A4;
            _page.Orientation = PdfSharp.PageOrientation.Landscape;
            _gfx = XGraphics.FromPdfPage(_page);
            _y = Margin;
            var basis = report.Basis == "document" ? "the document date" : "the due date";
            Text($"Aging as of {Infrastructure.PlainWords.Date(report.AsOf)}", _title, Margin, Width, XStringFormats.TopLeft);
            _y += 20;
            Text($"By {ByWord(report.By).ToLowerInvariant()}, aged from {basis}, buckets: {report.BucketSet}. Page {document.PageCount}.", _text, Margin, Width, XStringFormats.TopLeft);
            _y += RowHeight;
            return true;
        }
    }
}

/// <summary>
/// The one TrueType font the PDFs use, registered once with PDFsharp as the family <see cref="Family"/> (bold simulated
/// when no bold face sits beside it). A missing font is a refusal naming the setting, not a crash.
/// </summary>
internal static class PdfFonts
{
    public const string Family = "Credo Sans";

    private static readonly string[] Candidates =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/freefont/FreeSans.ttf",
        "C:\\Windows\\Fonts\\arial.ttf",
    ];

    private static readonly Lock Gate = new();
    private static bool _registered;

    public static DomainError? Ensure(string? configured)
    {
        lock (Gate)
        {
            if (_registered)
            {
                return null;
            }

            var path = configured is { Length: > 0 } ? configured : Candidates.FirstOrDefault(File.Exists);
            if (path is null || !File.Exists(path))
            {
                return new Refusal("no-pdf-font", "No font for PDFs was found: set Analytics:PdfFontFile to a TrueType font file (.ttf).");
            }

            GlobalFontSettings.FontResolver = new OneFileResolver(File.ReadAllBytes(path), BoldBeside(path) is { } bold ? File.ReadAllBytes(bold) : null);
            _registered = true;
            return null;
        }
    }

    private static string? BoldBeside(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        var dir = Path.GetDirectoryName(path) ?? ".";
        return new[] { name + "-Bold.ttf", name.Replace("-Regular", "-Bold", StringComparison.Ordinal) + ".ttf", name + "bd.ttf" }
            .Select(f => Path.Combine(dir, f)).FirstOrDefault(f => f != path && File.Exists(f));
    }

    private sealed class OneFileResolver(byte[] regular, byte[]? bold) : IFontResolver
    {
        public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
            isBold && bold is not null
                ? new FontResolverInfo("credo-bold", false, isItalic)
                : new FontResolverInfo("credo-regular", isBold, isItalic);

        public byte[]? GetFont(string faceName) => faceName == "credo-bold" ? bold : regular;
    }
}
