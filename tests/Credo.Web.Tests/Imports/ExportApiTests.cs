using System.Net;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.Imports;

public sealed class ExportApiTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task Cells_that_start_like_formulas_are_escaped_but_numbers_stay_numbers()
    {
        var admin = await app.ClientAs("Admin");
        var prefix = Http.Unique("X");
        var names = new[] { "=HYPERLINK(\"http://evil\")", "+SUM(A1)", "-2+3", "@cmd" };
        for (var i = 0; i < names.Length; i++)
        {
            var r = await admin.PostJson("/api/customers", new { number = $"{prefix}-{i}", legalName = names[i], currency = "EUR", terms = "NET30" });
            Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
        }

        var viewer = await app.ClientAs("Viewer");
        var response = await viewer.GetAsync("/api/exports/customers.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n').Where(l => l.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(4, lines.Count);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://evil\"\")\",", lines[0], StringComparison.Ordinal);
        Assert.Contains(",\"'+SUM(A1)\",", lines[1], StringComparison.Ordinal);
        Assert.Contains(",\"'-2+3\",", lines[2], StringComparison.Ordinal);
        Assert.Contains(",\"'@cmd\",", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Statement_has_a_running_balance_and_open_items_list_what_is_owed()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer, "USD");
        var i1 = Http.Unique("INV");
        var p1 = Http.Unique("PAY");
        (await client.Upload("invoices", $"customer,document,date,amount,dueOn\n{customer},{i1},2026-01-10,100.00,2026-02-09\n{customer},{i1}-B,2026-01-20,50.25,\n")).EnsureSuccessStatusCode();
        (await client.Upload("payments", $"customer,document,date,amount,invoice\n{customer},{p1},2026-01-25,120.00,{i1}\n")).EnsureSuccessStatusCode();

        var statement = await (await client.GetAsync($"/api/exports/customers/{customer}/statement.csv?asOf=2026-01-31")).Content.ReadAsStringAsync();
        var rows = statement.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("customer,asOf,date,kind,document,dueOn,currency,debit,credit,balance", rows[0]);
        Assert.EndsWith(",100.00,0.00,100.00", rows[1], StringComparison.Ordinal);
        Assert.EndsWith(",50.25,0.00,150.25", rows[2], StringComparison.Ordinal);
        Assert.EndsWith(",0.00,120.00,30.25", rows[3], StringComparison.Ordinal);

        var before = await (await client.GetAsync($"/api/exports/customers/{customer}/statement.csv?asOf=2026-01-15")).Content.ReadAsStringAsync();
        Assert.Equal(2, before.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var open = (await (await client.GetAsync("/api/exports/open-items.csv?asOf=2026-03-01")).Content.ReadAsStringAsync())
            .Split('\n').Where(l => l.StartsWith(customer, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, open.Count); // the payment settled the first invoice in full, leaving 20.00 unapplied
        Assert.Contains($",payment,{p1},", open[1], StringComparison.Ordinal);
        Assert.Contains(",-120.00,-20.00,", open[1], StringComparison.Ordinal); // negative numbers are not escaped
        Assert.Contains(",invoice,", open[0], StringComparison.Ordinal);

        await (await client.GetAsync("/api/exports/customers/NOBODY/statement.csv")).AssertProblem(404, "not-found");
    }
}
