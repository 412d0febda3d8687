using Credo.Web.Pages.Portal;
using Credo.Web.Tests.Credit;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.Portal;

/// <summary>
/// Issue 16, section 3, the overview: orders on hold with the payment that would release them (the credit slice's hold
/// data), and the balance over the last year as a chart with its table (the ledger's statement).
/// </summary>
public sealed class PortalHomeTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task A_held_order_shows_the_payment_that_would_release_it()
    {
        var world = await PortalHttp.World(app);
        var staff = await app.ClientAs("CreditManager");
        var order = Http.Unique("SO");
        var held = await staff.CheckOk(world.Customer, order, 4_500m);
        Assert.Equal("held", held.GetProperty("outcome").GetString());
        var releasing = held.GetProperty("releasingPayment").GetProperty("value").GetDecimal();

        var home = await world.Buyer.Client.GetStringAsync("/portal?c=" + world.Customer);
        Assert.Contains($"Pay {releasing.ToString("#,0.00", System.Globalization.CultureInfo.InvariantCulture)} USD to release order {order}", home, StringComparison.Ordinal);
        Assert.Contains("4,500.00 USD", home, StringComparison.Ordinal);
        Assert.DoesNotContain("limit-exceeded", home, StringComparison.Ordinal); // the reason in words, not the code
    }

    [Fact]
    public async Task The_balance_over_the_last_year_is_charted_with_its_table()
    {
        var world = await PortalHttp.World(app);
        var home = await world.Buyer.Client.GetStringAsync("/portal?c=" + world.Customer);
        Assert.Contains("id=\"balance-chart\"", home, StringComparison.Ordinal);
        Assert.Contains("/lib/chartjs/chart.umd.min.js", home, StringComparison.Ordinal);
        var table = home[home.IndexOf("data-testid=\"balance-history\"", StringComparison.Ordinal)..];
        var rows = System.Text.RegularExpressions.Regex.Matches(table[..table.IndexOf("</table>", StringComparison.Ordinal)], "<tr><td>([^<]*)</td><td class=\"num\">([^<]*)</td></tr>");
        Assert.Equal(PortalHome.ChartMonths, rows.Count);
        Assert.Equal("1,200.00 USD", rows[^1].Groups[2].Value); // today: the open invoice
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", rows[0].Groups[1].Value);
    }

    [Fact]
    public async Task The_invoice_and_the_statement_download_as_pdfs_a_buyer_can_read()
    {
        var world = await PortalHttp.World(app);
        var id = await PortalHttp.EntryId(app, world.OpenInvoice);
        var invoice = await world.Buyer.Client.GetAsync($"/portal/documents/{id}?handler=pdf");
        Assert.Equal("application/pdf", invoice.Content.Headers.ContentType!.MediaType);
        var text = Text(await invoice.Content.ReadAsByteArrayAsync());
        Assert.Contains("Invoice " + world.OpenInvoice, text, StringComparison.Ordinal);
        Assert.Contains("1,200.00 USD", text, StringComparison.Ordinal);
        Assert.Contains("Test Wholesale Ltd", text, StringComparison.Ordinal);

        var statement = await world.Buyer.Client.GetAsync($"/portal/statement?handler=pdf&c={world.Customer}&AsOf=2026-12-31");
        Assert.Equal("application/pdf", statement.Content.Headers.ContentType!.MediaType);
        var lines = Text(await statement.Content.ReadAsByteArrayAsync());
        Assert.Contains("Statement of account", lines, StringComparison.Ordinal);
        Assert.Contains(world.PaidInvoice, lines, StringComparison.Ordinal);
        Assert.Contains(world.Payment, lines, StringComparison.Ordinal);
        Assert.Contains("Balance: 1,200.00 USD", lines, StringComparison.Ordinal);

        var other = await PortalHttp.World(app);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await world.Buyer.Client.GetAsync($"/portal/documents/{await PortalHttp.EntryId(app, other.OpenInvoice)}?handler=pdf")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await world.Buyer.Client.GetAsync($"/portal/statement?handler=pdf&c={other.Customer}")).StatusCode);
    }

    private static string Text(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }

    [Theory]
    [InlineData("2026-12-07", "2026-01-31", "2026-12-07")]
    [InlineData("2026-03-31", "2025-04-30", "2026-03-31")]
    [InlineData("2024-02-29", "2023-03-31", "2024-02-29")]
    public void Month_ends_run_a_year_back_to_today(string asOf, string first, string last)
    {
        var ends = PortalHome.MonthEnds(DateOnly.Parse(asOf, System.Globalization.CultureInfo.InvariantCulture), PortalHome.ChartMonths);
        Assert.Equal((DateOnly.Parse(first, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(last, System.Globalization.CultureInfo.InvariantCulture)), (ends[0], ends[^1]));
        Assert.Equal(PortalHome.ChartMonths, ends.Count);
    }

    [Fact]
    public void Each_month_end_carries_the_last_running_balance_on_or_before_it()
    {
        DateOnly[] ends = [new(2026, 1, 31), new(2026, 2, 28), new(2026, 3, 31)];
        var points = PortalHome.Points(ends, 100m, [(new DateOnly(2026, 2, 3), 150m), (new DateOnly(2026, 2, 28), 120m), (new DateOnly(2026, 3, 31), 0m)]);
        Assert.Equal([100m, 120m, 0m], points.Select(p => p.Balance));
    }
}
