using Credo.Domain.Common;
using Credo.Web.Features.Analytics;
using Credo.Web.Infrastructure;
using Microsoft.Extensions.Options;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Credo.Web.Features.Collections;

/// <summary>Who a letter goes to: the contact, the customer and the postal address lines.</summary>
internal sealed record LetterAddress(string RecipientName, string CustomerName, IReadOnlyList<string> Lines);

/// <summary>
/// A dunning letter as a PDF (PDFsharp 6.2.4, MIT; 6.5 and later are AGPL and must not be taken): A4 portrait, the
/// seller's letterhead (logo, name and address from settings), the date, the recipient's postal address, the subject and
/// the message exactly as rendered for the email channel. The bytes are stored with the message as sent.
/// Features/Collections uses Features/Analytics for the one PDF font registration (<see cref="PdfFonts"/>).
/// </summary>
internal sealed class DunningLetter(IOptions<SellerOptions> seller, IOptions<CollectionsOptions> options, IWebHostEnvironment environment)
{
    private const double Margin = 56;
    private const double LineHeight = 14;

    public Result<byte[]> Render(LetterAddress to, DateOnly on, string subject, string body)
    {
        if (PdfFonts.Ensure(options.Value.PdfFontFile) is { } fontProblem)
        {
            return fontProblem;
        }

        using var document = new PdfDocument();
        document.Info.Title = subject;
        document.Info.Creator = "Credo";
        var page = NewPage(document);
        var gfx = XGraphics.FromPdfPage(page);
        try
        {
            var y = Letterhead(gfx, page);
            y = Block(gfx, page, y + 24, [PlainWords.Date(on)], Regular);
            y = Block(gfx, page, y + LineHeight, [to.RecipientName, to.CustomerName, .. to.Lines], Regular);
            y = Block(gfx, page, y + LineHeight, [subject], Bold);
            foreach (var line in Wrap(gfx, body, page.Width.Point - (2 * Margin)))
            {
                if (y + LineHeight > page.Height.Point - Margin)
                {
                    gfx.Dispose();
                    page = NewPage(document);
                    gfx = XGraphics.FromPdfPage(page);
                    y = Margin;
                }

                gfx.DrawString(line, Regular, XBrushes.Black, new XRect(Margin, y, page.Width.Point - (2 * Margin), LineHeight), XStringFormats.TopLeft);
                y += LineHeight;
            }
        }
        finally
        {
            gfx.Dispose();
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    private static XFont Regular => new(PdfFonts.Family, 10, XFontStyleEx.Regular);

    private static XFont Bold => new(PdfFonts.Family, 11, XFontStyleEx.Bold);

    private static PdfPage NewPage(PdfDocument document)
    {
        var page = document.AddPage();
        page.Size = PdfSharp.PageSize.A4;
        page.Orientation = PdfSharp.PageOrientation.Portrait;
        return page;
    }

    /// <summary>The logo on the left (when one is configured and readable), the seller's name and address on the right.</summary>
    private double Letterhead(XGraphics gfx, PdfPage page)
    {
        var logoBottom = Margin;
        if (LogoBytes() is { } bytes)
        {
            using var image = XImage.FromStream(new MemoryStream(bytes));
            var height = 48.0;
            var width = Math.Min(160, image.PixelWidth * height / Math.Max(1, image.PixelHeight));
            gfx.DrawImage(image, Margin, Margin, width, height);
            logoBottom = Margin + height;
        }

        var s = seller.Value;
        var lines = new[] { s.DisplayName }.Concat(s.Address.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (!string.IsNullOrWhiteSpace(s.ReplyTo))
        {
            lines.Add(s.ReplyTo.Trim());
        }

        var y = Margin;
        var width2 = (page.Width.Point / 2) - Margin;
        foreach (var (line, i) in lines.Select((l, i) => (l, i)))
        {
            gfx.DrawString(line, i == 0 ? Bold : Regular, XBrushes.Black, new XRect(page.Width.Point / 2, y, width2, LineHeight), XStringFormats.TopRight);
            y += LineHeight;
        }

        return Math.Max(y, logoBottom);
    }

    private static double Block(XGraphics gfx, PdfPage page, double y, IEnumerable<string> lines, XFont font)
    {
        foreach (var line in lines.Where(l => !string.IsNullOrWhiteSpace(l)))
        {
            gfx.DrawString(line, font, XBrushes.Black, new XRect(Margin, y, page.Width.Point - (2 * Margin), LineHeight), XStringFormats.TopLeft);
            y += LineHeight;
        }

        return y;
    }

    /// <summary>The body's lines, each long one broken at spaces to fit the width.</summary>
    private static IEnumerable<string> Wrap(XGraphics gfx, string body, double width)
    {
        var font = Regular;
        foreach (var paragraph in body.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n'))
        {
            var line = string.Empty;
            foreach (var word in paragraph.Split(' '))
            {
                var next = line.Length == 0 ? word : line + " " + word;
                if (line.Length > 0 && gfx.MeasureString(next, font).Width > width)
                {
                    yield return line;
                    line = word;
                }
                else
                {
                    line = next;
                }
            }

            yield return line;
        }
    }

    /// <summary>
    /// The logo: <see cref="CollectionsOptions.LetterLogoFile"/> (a PNG or JPEG file), else <see cref="SellerOptions.LogoUrl"/>
    /// when it is a path under the web root; null when neither is there (the letterhead is then the name and address).
    /// </summary>
    private byte[]? LogoBytes()
    {
        if (options.Value.LetterLogoFile is { Length: > 0 } file)
        {
            return File.Exists(file) ? File.ReadAllBytes(file) : null;
        }

        if (seller.Value.LogoUrl is { Length: > 0 } url && !Uri.IsWellFormedUriString(url, UriKind.Absolute))
        {
            var info = environment.WebRootFileProvider.GetFileInfo(url.TrimStart('/'));
            if (info.Exists && info.PhysicalPath is { } path)
            {
                return File.ReadAllBytes(path);
            }
        }

        return null;
    }
}
