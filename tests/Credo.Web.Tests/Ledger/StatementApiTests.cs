using System.Globalization;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.Ledger;

/// <summary>Statements (opening balance, running balance across pages, as of a past date) and balance summaries.</summary>
public sealed class StatementApiTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task Statement_runs_the_balance_from_the_opening_across_pages()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        await client.Invoice(customer, Http.Unique("INV"), 100m, issueDate: "2026-01-05");
        for (var day = 10; day < 15; day++)
        {
            await client.Invoice(customer, Http.Unique("INV"), 10m * (day - 9), issueDate: $"2026-02-{day}");
        }

        await client.Payment(customer, Http.Unique("PAY"), 35m, receivedOn: "2026-02-20");

        var page1 = await client.Get($"/api/customers/{customer}/statement?from=2026-02-01&to=2026-02-28&pageSize=4");
        Assert.Equal(100m, page1.Dec("openingBalance"));
        Assert.Equal(100m, page1.Dec("pageOpeningBalance"));
        Assert.Equal(6, page1.GetProperty("totalLines").GetInt32());
        Assert.Equal(100m + 150m - 35m, page1.Dec("closingBalance"));
        var lines1 = page1.GetProperty("lines");
        Assert.Equal([110m, 130m, 160m, 200m], lines1.EnumerateArray().Select(l => l.Dec("balance")));
        Assert.Equal(10m, lines1[0].Dec("debit"));

        var page2 = await client.Get($"/api/customers/{customer}/statement?from=2026-02-01&to=2026-02-28&pageSize=4&page=2");
        Assert.Equal(200m, page2.Dec("pageOpeningBalance"));
        var lines2 = page2.GetProperty("lines");
        Assert.Equal([250m, 215m], lines2.EnumerateArray().Select(l => l.Dec("balance")));
        Assert.Equal("payment", lines2[1].Str("kind"));
        Assert.Equal(35m, lines2[1].Dec("credit"));

        // A page before the middle sums the head; one past it sums the tail: both must agree with the run.
        var early = await client.Get($"/api/customers/{customer}/statement?from=2026-02-01&to=2026-02-28&pageSize=2&page=2");
        Assert.Equal(130m, early.Dec("pageOpeningBalance"));
        Assert.Equal([160m, 200m], early.GetProperty("lines").EnumerateArray().Select(l => l.Dec("balance")));
        var late = await client.Get($"/api/customers/{customer}/statement?from=2026-02-01&to=2026-02-28&pageSize=2&page=3");
        Assert.Equal(200m, late.Dec("pageOpeningBalance"));
        Assert.Equal([250m, 215m], late.GetProperty("lines").EnumerateArray().Select(l => l.Dec("balance")));
    }

    [Fact]
    public async Task Statement_as_of_a_past_date_ignores_later_entries()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var invoice = Http.Unique("INV");
        await client.Invoice(customer, invoice, 100m, issueDate: "2026-01-05");
        await client.Payment(customer, Http.Unique("PAY"), 100m, receivedOn: "2026-03-01");

        var before = await client.Get($"/api/customers/{customer}/statement?asOf=2026-02-15");
        Assert.Equal("2026-02-15", before.Str("to"));
        Assert.Equal(100m, before.Dec("closingBalance"));
        Assert.Single(before.GetProperty("lines").EnumerateArray());
        var after = await client.Get($"/api/customers/{customer}/statement?asOf=2026-03-01");
        Assert.Equal(0m, after.Dec("closingBalance"));
        Assert.Equal(2, after.GetProperty("lines").GetArrayLength());
        await (await client.GetAsync($"/api/customers/{customer}/statement?currency=XYZ")).AssertProblem(400, "validation", "currency");
        await (await client.GetAsync($"/api/customers/{customer}/statement?from=2026-03-01&to=2026-02-01")).AssertProblem(400, "validation", "from");
    }

    [Fact]
    public async Task Statement_is_per_currency()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        await client.Invoice(customer, Http.Unique("INV"), 100m);
        await client.Invoice(customer, Http.Unique("INV"), 7m, currency: "EUR");
        var usd = await client.Get($"/api/customers/{customer}/statement");
        Assert.Equal("USD", usd.Str("currency"));
        Assert.Equal(100m, usd.Dec("closingBalance"));
        var eur = await client.Get($"/api/customers/{customer}/statement?currency=eur");
        Assert.Equal(7m, eur.Dec("closingBalance"));
    }

    [Fact]
    public async Task Balance_as_of_a_past_date_is_derived_from_what_was_dated_by_then()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var today = app.Today;
        string Day(int offset) => today.AddDays(offset).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var first = Http.Unique("INV");
        await client.Invoice(customer, first, 100m, issueDate: Day(-60), dueDate: Day(-30));
        await client.Invoice(customer, Http.Unique("INV"), 50m, issueDate: Day(-20), dueDate: Day(10));
        await client.Payment(customer, Http.Unique("PAY"), 130m, receivedOn: Day(-10));
        await client.Invoice(customer, Http.Unique("INV"), 5m, currency: "EUR", issueDate: Day(-1), dueDate: Day(29));

        var now = await client.Get($"/api/customers/{customer}/balance");
        var usd = now.GetProperty("currencies")[0];
        Assert.Equal("USD", usd.Str("currency"));
        Assert.Equal(20m, usd.Dec("balance"));
        Assert.Equal(20m, usd.Dec("openInvoices"));
        Assert.Equal(0m, usd.Dec("overdue"));
        Assert.Equal(5m, now.GetProperty("currencies")[1].Dec("balance"));

        var past = await client.Get($"/api/customers/{customer}/balance?asOf={Day(-15)}");
        var pastUsd = past.GetProperty("currencies")[0];
        Assert.Equal(150m, pastUsd.Dec("balance"));
        Assert.Equal(150m, pastUsd.Dec("openInvoices"));
        Assert.Equal(100m, pastUsd.Dec("overdue"));
        Assert.Equal(Day(-30), pastUsd.Str("oldestOverdueDueOn"));
        Assert.Equal(1, past.GetProperty("currencies").GetArrayLength());

        var unapplied = await client.Get($"/api/customers/{customer}/balance?asOf={Day(-5)}");
        Assert.Equal(20m, unapplied.GetProperty("currencies")[0].Dec("balance"));
        await app.AssertReconciled();
    }
}
