using System.Net;
using System.Text.Json;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.Analytics;

/// <summary>
/// Issue 13 §4 and §5 where people look: an open invoice's predicted payment on the invoice read and the open items
/// (the ledger's <c>IPaymentOutlooks</c> port), and the customer list sorted by days late and by score (the list's
/// <c>IPayingHabits</c> port), through HTTP on SQLite and PostgreSQL.
/// </summary>
public sealed class OutlookAndHabitTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task Open_items_and_the_invoice_read_carry_the_predicted_payment_of_open_invoices_only()
    {
        var client = await app.ClientAs("Collector");
        var manager = await app.ClientAs("CreditManager");
        var c = Http.Unique("OL");
        await manager.CreateCustomer(c);
        var paidLate = Http.Unique("INV");
        await manager.Invoice(c, paidLate, 100m, issueDate: "2026-01-01", dueDate: "2026-01-31");
        await manager.Payment(c, Http.Unique("PAY"), 100m, receivedOn: "2026-03-02"); // 30 days late, 60 days to pay
        var open = Http.Unique("INV");
        await manager.Invoice(c, open, 250m, issueDate: "2026-06-01", dueDate: "2026-07-01");

        var items = await client.Get($"/api/customers/{c}/open-items?asOf=2026-06-30");
        var item = Assert.Single(items.GetProperty("items").EnumerateArray());
        var outlook = item.GetProperty("outlook");
        Assert.Equal("2026-07-31", outlook.Str("expectedPayDate")); // the same figure as /api/analytics/predictions
        Assert.Equal(1m, outlook.Dec("probabilityLate"));
        Assert.Equal(30, outlook.GetProperty("expectedDaysLate").GetInt32());
        Assert.Equal("baseline", outlook.Str("source"));
        Assert.True(outlook.Str("payDateLow").CompareTo(outlook.Str("payDateHigh")) <= 0);

        // The open-items export carries the same figures when asked, and only on open invoices.
        var csv = await client.GetStringAsync("/api/exports/open-items.csv?asOf=2026-06-30&outlook=true");
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",daysOverdue,chanceLate,expectedDaysLate,expectedPayDate,payDateLow,payDateHigh", rows[0], StringComparison.Ordinal);
        var row = Assert.Single(rows, l => l.StartsWith(c + ",", StringComparison.Ordinal)).Split(',');
        Assert.Equal(open, row[2]);
        Assert.Equal(["1", "30", "2026-07-31", outlook.Str("payDateLow"), outlook.Str("payDateHigh")], row[11..]);
        var plain = await client.GetStringAsync("/api/exports/open-items.csv?asOf=2026-06-30");
        Assert.EndsWith(",daysOverdue", plain.Split('\n')[0], StringComparison.Ordinal);

        // Today the invoice is overdue and still unpaid: its expected day is after today.
        var read = await client.Get($"/api/invoices/{open}");
        var today = read.GetProperty("outlook");
        Assert.True(DateOnly.Parse(today.Str("expectedPayDate"), System.Globalization.CultureInfo.InvariantCulture) > app.Today);
        var paid = await client.Get($"/api/invoices/{paidLate}");
        Assert.Equal(JsonValueKind.Null, paid.GetProperty("outlook").ValueKind);
        var lines = await client.Get($"/api/customers/{c}/open-items");
        Assert.NotEqual(JsonValueKind.Null, Assert.Single(lines.GetProperty("items").EnumerateArray()).GetProperty("outlook").ValueKind);

        // The customer page shows it in the open items.
        var page = await (await client.GetAsync($"/team/customers/{c}")).Content.ReadAsStringAsync();
        Assert.Contains("Expected payment", page, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"late-chance\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_customer_list_sorts_by_days_late_and_by_score_with_the_unmeasured_last_and_pages_kept()
    {
        var client = await app.ClientAs("CreditManager");
        var prefix = Http.Unique("HB");
        var due = app.Today.AddDays(-60);
        async Task Customer(string suffix, int? daysLate)
        {
            var number = $"{prefix}-{suffix}";
            await client.CreateCustomer(number);
            await client.Invoice(number, Http.Unique("INV"), 100m, issueDate: Day(due.AddDays(-30)), dueDate: Day(due));
            if (daysLate is { } late)
            {
                await client.Payment(number, Http.Unique("PAY"), 100m, receivedOn: Day(due.AddDays(late)));
            }
        }

        await Customer("A", 30);
        await Customer("B", 0);
        await Customer("C", 10);
        await Customer("D", null); // nothing paid: no days late, no score

        async Task<List<string>> Order(string sort, int page = 1, int pageSize = 25)
        {
            var list = await client.Get($"/api/customers?search={prefix}&sort={sort}&page={page}&pageSize={pageSize}");
            return [.. list.GetProperty("items").EnumerateArray().Select(i => i.Str("number")[(prefix.Length + 1)..])];
        }

        Assert.Equal(["B", "C", "A", "D"], await Order("days-late"));
        Assert.Equal(["A", "C", "B", "D"], await Order("-days-late"));
        Assert.Equal(["A", "C", "B", "D"], await Order("score"));
        Assert.Equal(["B", "C", "A", "D"], await Order("-score"));
        Assert.Equal(["A", "D"], await Order("days-late", page: 2, pageSize: 2));

        var first = await client.Get($"/api/customers?search={prefix}&sort=-days-late");
        Assert.Equal(4, first.GetProperty("total").GetInt32());
        var a = first.GetProperty("items")[0];
        Assert.Equal(30m, a.Dec("daysLate"));
        Assert.True(a.Dec("score") < 80m);
        Assert.Equal(JsonValueKind.Null, first.GetProperty("items")[3].GetProperty("score").ValueKind);

        // The other sorts still carry the figures; an unknown sort is refused by name.
        var byNumber = await client.Get($"/api/customers?search={prefix}");
        Assert.Equal(0m, byNumber.GetProperty("items")[1].Dec("daysLate"));
        await (await client.GetAsync("/api/customers?sort=lateness")).AssertProblem(400, "validation", "sort");

        // The Team list: the columns, sortable.
        var html = await (await client.GetAsync($"/team/customers?search={prefix}&sort=-score")).Content.ReadAsStringAsync();
        Assert.Contains("Days late", html, StringComparison.Ordinal);
        Assert.Contains("Payment score", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf($"{prefix}-B", StringComparison.Ordinal) < html.IndexOf($"{prefix}-A", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_customer_list_filters_by_days_late_and_by_score_leaving_out_the_unmeasured()
    {
        var client = await app.ClientAs("CreditManager");
        var prefix = Http.Unique("HF");
        var due = app.Today.AddDays(-90);
        async Task Customer(string suffix, int? daysLate)
        {
            var number = $"{prefix}-{suffix}";
            await client.CreateCustomer(number);
            await client.Invoice(number, Http.Unique("INV"), 100m, issueDate: Day(due.AddDays(-30)), dueDate: Day(due));
            if (daysLate is { } late)
            {
                await client.Payment(number, Http.Unique("PAY"), 100m, receivedOn: Day(due.AddDays(late)));
            }
        }

        await Customer("A", 45);
        await Customer("B", 0);
        await Customer("C", 12);
        await Customer("D", null);

        async Task<List<string>> Found(string filter, string sort = "number")
        {
            var list = await client.Get($"/api/customers?search={prefix}&sort={sort}&{filter}");
            Assert.Equal(list.GetProperty("items").GetArrayLength(), list.GetProperty("total").GetInt32());
            return [.. list.GetProperty("items").EnumerateArray().Select(i => i.Str("number")[(prefix.Length + 1)..])];
        }

        Assert.Equal(["A", "C"], await Found("daysLateOver=10"));
        var all = await client.Get($"/api/customers?search={prefix}");
        Assert.Equal(12m, all.GetProperty("items")[2].Dec("daysLate"));
        Assert.Equal(["A"], await Found("daysLateOver=12"));
        Assert.Equal(["A", "C"], await Found("scoreBelow=80"));
        Assert.Equal(["C", "A"], await Found("scoreBelow=80", sort: "days-late"));
        Assert.Equal(["A"], await Found("daysLateOver=20&scoreBelow=80", sort: "-balance"));
        Assert.Equal(["A", "B", "C", "D"], await Found("pageSize=25"));
        await (await client.GetAsync("/api/customers?daysLateOver=-1")).AssertProblem(400, "validation", "daysLateOver");
        await (await client.GetAsync("/api/customers?scoreBelow=101")).AssertProblem(400, "validation", "scoreBelow");

        // The Team list: the same filter from its own choices, said in words; a figure not offered is dropped.
        var html = await (await client.GetAsync($"/team/customers?q={prefix}&late-over=30")).Content.ReadAsStringAsync();
        Assert.Contains($"{prefix}-A", html, StringComparison.Ordinal);
        Assert.DoesNotContain($"{prefix}-C", html, StringComparison.Ordinal);
        Assert.Contains("paying more than 30 days late only", html, StringComparison.Ordinal);
        var typed = await (await client.GetAsync($"/team/customers?q={prefix}&late-over=7")).Content.ReadAsStringAsync();
        Assert.Contains($"{prefix}-D", typed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_needs_a_sign_in()
    {
        var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/customers?sort=days-late")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/customers/X/open-items")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/invoices/X")).StatusCode);
    }

    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
