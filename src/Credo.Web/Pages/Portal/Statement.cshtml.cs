using System.Globalization;
using System.Text;
using Credo.Web.Data;
using Credo.Web.Features.Ledger;
using Credo.Web.Features.Portal;
using Credo.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;

namespace Credo.Web.Pages.Portal;

/// <summary>The buyer's statement as of a date (the ledger's statement query), on the page or as a CSV download.</summary>
internal sealed class PortalStatementModel(BuyerScope scope, CreditDb db, GetStatement statements, Microsoft.Extensions.Options.IOptions<Infrastructure.SellerOptions> seller) : PortalPage(scope)
{
    [BindProperty(SupportsGet = true)]
    public string? AsOf { get; set; }

    public DateOnly Date { get; private set; }

    public string? AsOfError { get; private set; }

    public StatementDto? Statement { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await Resolve(ct))
        {
            return Missing();
        }

        if (!ReadDate())
        {
            return Page();
        }

        var result = await statements.Handle(new StatementQuery(Customer.Number, AsOf: Date, PageSize: GetStatement.MaxPageSize), ct);
        Statement = result.IsOk ? result.Value : null;
        return Page();
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken ct)
    {
        if (!await Resolve(ct))
        {
            return Missing();
        }

        if (!ReadDate())
        {
            return Page();
        }

        var csv = new StringBuilder("date,type,document,debit,credit,balance,currency\n");
        for (var page = 1; ; page++)
        {
            var result = await statements.Handle(new StatementQuery(Customer.Number, AsOf: Date, Page: page, PageSize: GetStatement.MaxPageSize), ct);
            if (!result.IsOk)
            {
                return Missing();
            }

            foreach (var l in result.Value!.Lines)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{MoneyText.Iso(l.On)},{PortalText.Kind(l.Kind)},{Cell(l.Document)},{l.Debit},{l.Credit},{l.Balance},{result.Value.Currency}\n");
            }

            if (page * GetStatement.MaxPageSize >= result.Value.TotalLines)
            {
                break;
            }
        }

        var name = $"statement-{Customer.Number}-{MoneyText.Iso(Date)}.csv";
        return File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", name);
    }

    /// <summary>The statement as of the date as a PDF: the same ledger statement as the page and the CSV.</summary>
    public async Task<IActionResult> OnGetPdfAsync(CancellationToken ct)
    {
        if (!await Resolve(ct))
        {
            return Missing();
        }

        if (!ReadDate())
        {
            return Page();
        }

        var pages = new List<StatementDto>();
        for (var page = 1; page == 1 || (page - 1) * GetStatement.MaxPageSize < pages[0].TotalLines; page++)
        {
            var result = await statements.Handle(new StatementQuery(Customer.Number, AsOf: Date, Page: page, PageSize: GetStatement.MaxPageSize), ct);
            if (!result.IsOk)
            {
                return Missing();
            }

            pages.Add(result.Value!);
        }

        return PortalPdf.Statement(pages, Customer, seller.Value) is { } pdf
            ? File(pdf, "application/pdf", $"statement-{Customer.Number}-{MoneyText.Iso(Date)}.pdf")
            : StatusCode(StatusCodes.Status503ServiceUnavailable);
    }

    private bool ReadDate()
    {
        Date = db.Today();
        if (string.IsNullOrWhiteSpace(AsOf))
        {
            return true;
        }

        if (MoneyText.ParseDate(AsOf) is { } date)
        {
            Date = date;
            return true;
        }

        AsOfError = "Enter a date as year-month-day, e.g. 2026-11-30.";
        return false;
    }

    /// <summary>A CSV cell: quoted when it holds a comma or quote; a leading =, +, - or @ is defused for spreadsheets.</summary>
    private static string Cell(string? text)
    {
        var value = text ?? string.Empty;
        if (value.Length > 0 && "=+-@".Contains(value[0], StringComparison.Ordinal))
        {
            value = "'" + value;
        }

        return value.Contains(',', StringComparison.Ordinal) || value.Contains('"', StringComparison.Ordinal) ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
