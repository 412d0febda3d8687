using Credo.Web.Features.Analytics;
using Credo.Web.Features.Ledger;
using Credo.Web.Features.Portal;
using Credo.Web.Infrastructure;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Credo.Web.Pages.Portal;

/// <summary>
/// The buyer's printable documents (PDFsharp 6.2.4, MIT; the same font set-up as the aging PDF, <see cref="PdfFonts"/>):
/// an invoice with its lines and what was applied to it, and a statement as of a date. A4 portrait, the seller's name and
/// address at the top, the column heads repeated on every page. The figures are the ledger's document and statement
/// queries, exactly as the pages show them.
/// </summary>
internal static class PortalPdf
{
    public static byte[]? Invoice(DocumentDto d, ScopedCustomer customer, SellerOptions seller)
    {
        string[] facts =
        [
            $"For: {customer.Name} ({customer.Number})",
            $"Dated {PortalText.Date(d.PostedOn)}" + (d.DueOn is { } due ? $", due {PortalText.Date(due)}" : string.Empty) + (d.Terms is { } t ? $", terms {t}" : string.Empty),
            d.PoNumber is { } po ? "Your order: " + po : string.Empty,
            $"Amount {PortalText.Money(d.Amount, d.Currency)}; still to pay {PortalText.Money(d.Open, d.Currency)}",
        ];
        var rows = d.Lines.Select(l => new[] { l.Description, l.Quantity.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture), Shared.MoneyText.Number(l.UnitPrice, d.Currency), Shared.MoneyText.Number(l.Amount, d.Currency) }).ToList();
        var applied = d.Allocations.Select(a => $"{PortalText.Date(a.AppliedOn)}: {PortalText.Kind(a.CreditKind).ToLowerInvariant()} {a.CreditDocument} paid {PortalText.Money(a.Amount, a.Currency)}").ToList();
        return Render($"{PortalText.Kind(d.Kind)} {d.Number}", seller, facts, ["Description", "Quantity", "Unit price", "Amount"], rows, applied);
    }

    public static byte[]? Statement(IReadOnlyList<StatementDto> pages, ScopedCustomer customer, SellerOptions seller)
    {
        var first = pages[0];
        string[] facts =
        [
            $"For: {customer.Name} ({customer.Number})",
            $"As of {PortalText.Date(first.To)}, in {first.Currency}",
            $"Balance: {PortalText.Money(first.ClosingBalance, first.Currency)}",
        ];
        var rows = pages.SelectMany(p => p.Lines).Select(l => new[]
        {
            PortalText.Date(l.On), $"{PortalText.Kind(l.Kind)} {l.Document}".Trim(), l.Debit == 0 ? string.Empty : Shared.MoneyText.Number(l.Debit, first.Currency),
            l.Credit == 0 ? string.Empty : Shared.MoneyText.Number(l.Credit, first.Currency), Shared.MoneyText.Number(l.Balance, first.Currency),
        }).ToList();
        return Render("Statement of account", seller, facts, ["Date", "Document", "Charged", "Paid or credited", "Balance"], rows, []);
    }

    private static byte[]? Render(string title, SellerOptions seller, IReadOnlyList<string> facts, string[] heads, IReadOnlyList<string[]> rows, IReadOnlyList<string> notes)
    {
        if (PdfFonts.Ensure(null) is not null)
        {
            return null;
        }

        using var document = new PdfDocument();
        document.Info.Title = title;
        document.Info.Creator = seller.DisplayName;
        using (var writer = new Sheet(document, title, seller, heads))
        {
            writer.Facts(facts.Where(f => f.Length > 0));
            writer.Rows(rows);
            writer.Lines(notes);
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    /// <summary>Writes down the pages; a new page repeats the title and the column heads.</summary>
    private sealed class Sheet(PdfDocument document, string title, SellerOptions seller, string[] heads) : IDisposable
    {
        private const double Margin = 40;
        private const double Row = 15;
        private readonly XFont _title = new(PdfFonts.Family, 15, XFontStyleEx.Bold);
        private readonly XFont _bold = new(PdfFonts.Family, 9, XFontStyleEx.Bold);
        private readonly XFont _text = new(PdfFonts.Family, 9, XFontStyleEx.Regular);
        private PdfPage? _page;
        private XGraphics? _gfx;
        private double _y;

        private double Width => (_page?.Width.Point ?? 595) - (2 * Margin);

        public void Facts(IEnumerable<string> facts)
        {
            Room(Row);
            foreach (var fact in facts)
            {
                Line(fact, _text);
            }

            _y += Row / 2;
            Cells(heads, _bold);
        }

        public void Rows(IReadOnlyList<string[]> rows)
        {
            foreach (var row in rows)
            {
                if (Room(Row))
                {
                    Cells(heads, _bold);
                }

                Cells(row, _text);
            }
        }

        public void Lines(IReadOnlyList<string> lines)
        {
            _y += Row / 2;
            foreach (var line in lines)
            {
                Room(Row);
                Line(line, _text);
            }
        }

        public void Dispose() => _gfx?.Dispose();

        private void Line(string text, XFont font)
        {
            _gfx!.DrawString(text, font, XBrushes.Black, new XRect(Margin, _y, Width, Row), XStringFormats.TopLeft);
            _y += Row;
        }

        /// <summary>The first column takes what the others leave; the others are right-aligned amounts of equal width.</summary>
        private void Cells(IReadOnlyList<string> cells, XFont font)
        {
            var other = Math.Min(90, Width / (cells.Count + 1));
            var first = Width - (other * (cells.Count - 1));
            _gfx!.DrawString(cells[0], font, XBrushes.Black, new XRect(Margin, _y, first - 6, Row), XStringFormats.TopLeft);
            for (var i = 1; i < cells.Count; i++)
            {
                _gfx.DrawString(cells[i], font, XBrushes.Black, new XRect(Margin + first + ((i - 1) * other), _y, other - 4, Row), XStringFormats.TopRight);
            }

            _y += Row;
        }

        /// <summary>Starts a page when <paramref name="height"/> does not fit; true when it did.</summary>
        private bool Room(double height)
        {
            if (_page is not null && _y + height <= _page.Height.Point - Margin)
            {
                return false;
            }

            _gfx?.Dispose();
            _page = document.AddPage();
            _page.Size = PdfSharp.PageSize.A4;
            _gfx = XGraphics.FromPdfPage(_page);
            _y = Margin;
            Line(seller.DisplayName, _bold);
            foreach (var part in seller.Address.Split(new[] { ',', '\n' }, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                Line(part, _text);
            }

            _y += Row / 2;
            _gfx.DrawString(title, _title, XBrushes.Black, new XRect(Margin, _y, Width, 20), XStringFormats.TopLeft);
            _y += 24;
            return true;
        }
    }
}
