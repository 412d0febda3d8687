using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Credo.Web.Data;
using Credo.Web.Tests.Credit;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Credo.Web.Tests.Collections.CollectionsHttp;

namespace Credo.Web.Tests.Collections;

/// <summary>
/// Issue 14 §5 and cases leftovers through HTTP: escalate (audited), send a statement, the rank in the reporting currency
/// (a missing rate said plainly), a partly disputed invoice ranked by its undisputed rest, every worklist, promise and
/// case endpoint's 401 and 403, the old disputes endpoint opening a case, and Credit:OverdueLeavesOutDisputed.
/// </summary>
public sealed class WorklistLeftoversTests(CredoApp app) : IClassFixture<CredoApp>
{
    private DateOnly Today => app.Today;

    private async Task<string> Overdue(HttpClient client, string customer, decimal amount, int days, string currency = "USD")
    {
        var number = Http.Unique("INV");
        var due = Today.AddDays(-days);
        await client.Invoice(customer, number, amount, issueDate: Iso(due.AddDays(-30)), dueDate: Iso(due), currency: currency);
        return number;
    }

    private static JsonElement Row(JsonElement list, string customer) => list.GetProperty("rows").EnumerateArray().Single(r => r.Str("customer") == customer);

    private static IEnumerable<string> Reasons(JsonElement row) => row.GetProperty("reasons").EnumerateArray().Select(r => r.Str("text")!);

    [Fact]
    public async Task Escalating_a_customer_is_audited_on_the_timeline_and_raises_it_on_the_worklist()
    {
        var manager = await app.ClientAs("CreditManager");
        var collector = await app.ClientAs("Collector");
        var customer = await manager.Debtor();
        await Overdue(manager, customer, 1_000m, 20);
        var before = Row(await manager.Get("/api/collections/worklist?queue=all"), customer).GetProperty("points").GetInt64();

        await (await collector.PostJson($"/api/collections/customers/{customer}/escalations", new { reason = "" })).AssertProblem(400, "validation", "reason");
        await (await collector.PostJson($"/api/collections/customers/{customer}/escalations", new { to = "nobody@credo.local", reason = "x" })).AssertProblem(400, "validation", "to");
        await (await collector.PostJson("/api/collections/customers/NOPE/escalations", new { reason = "x" })).AssertProblem(404, "not-found");
        var escalated = await collector.PostJson($"/api/collections/customers/{customer}/escalations", new { reason = "Refuses to talk to me; owner wants a manager" });
        Assert.Equal(HttpStatusCode.Created, escalated.StatusCode);

        var row = Row(await manager.Get("/api/collections/worklist?queue=all"), customer);
        Assert.Equal(before + 200, row.GetProperty("points").GetInt64());
        Assert.Contains("Escalated to a manager in the last 30 days", Reasons(row));
        var entry = (await manager.Get($"/api/collections/customers/{customer}/timeline")).EnumerateArray().First();
        Assert.Equal(("Escalated", "To the credit managers: Refuses to talk to me; owner wants a manager"), (entry.Str("what"), entry.Str("detail")));
        var audit = await app.InScope(sp => sp.GetRequiredService<CreditDb>().Audit.AsNoTracking().Where(a => a.Action == "escalate" && a.EntityId == customer).ToListAsync());
        var row1 = Assert.Single(audit);
        Assert.StartsWith("apikey:test-collector", row1.Actor, StringComparison.Ordinal);
        Assert.Contains("owner wants a manager", row1.AfterJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_statement_is_emailed_from_the_worklist_to_the_payables_contact_and_goes_on_the_timeline()
    {
        var manager = await app.ClientAs("CreditManager");
        var collector = await app.ClientAs("Collector");
        var customer = await manager.Debtor();
        var late = await Overdue(manager, customer, 1_000m, 20);
        var notYet = await Overdue(manager, customer, 250m, -5);

        var sent = await collector.PostJson($"/api/collections/customers/{customer}/statements", new { });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var email = Assert.Single(await app.EmailsTo(Recipient(customer)));
        Assert.Equal("collections-statement", email.Tag);
        Assert.Contains($"{late}  {Iso(Today.AddDays(-20))}  20  1,000.00 USD", email.TextBody, StringComparison.Ordinal);
        Assert.Contains(notYet, email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Total open: 1,250.00 USD", email.TextBody, StringComparison.Ordinal);
        Assert.Contains("Test Wholesale Ltd", email.TextBody, StringComparison.Ordinal);
        var entry = (await manager.Get($"/api/collections/customers/{customer}/timeline")).EnumerateArray().First();
        Assert.Equal("Statement sent", entry.Str("what"));
        Assert.Equal($"To Pat Payables ({Recipient(customer)}): 1,250.00 USD open on 2 items.", entry.Str("detail"));

        var silent = Http.Unique("C");
        await manager.CreateCustomer(silent);
        await Overdue(manager, silent, 100m, 5);
        await (await collector.PostJson($"/api/collections/customers/{silent}/statements", new { })).AssertProblem(409, "no-contact");
    }

    [Fact]
    public async Task The_rank_converts_other_currencies_at_the_rate_in_effect_and_says_plainly_when_there_is_none()
    {
        var manager = await app.ClientAs("CreditManager");
        var admin = await app.ClientAs("Admin");
        var customer = Http.Unique("D");
        (await manager.PostJson("/api/customers", new { number = customer, legalName = "Swiss " + customer, currency = "CHF", terms = "NET30" })).EnsureSuccessStatusCode();
        await Overdue(manager, customer, 10_000m, 50, "CHF");

        var row = Row(await manager.Get("/api/collections/worklist?queue=all"), customer);
        Assert.Equal(0, row.GetProperty("points").GetInt64()); // never counted at a rate of 1
        Assert.Contains($"No exchange rate from CHF to USD on {Iso(Today)}: amounts in CHF are left out of the rank", Reasons(row));

        var rate = await admin.PutAsJsonAsync("/api/exchange-rates", new { from = "CHF", to = "USD", effectiveOn = Today.AddDays(-100), rate = 1.2m, reason = "Test rate" }, CredoApp.Json);
        Assert.True(rate.IsSuccessStatusCode, await rate.Content.ReadAsStringAsync());
        row = Row(await manager.Get("/api/collections/worklist?queue=all"), customer);
        Assert.Equal(600 + 12, row.GetProperty("points").GetInt64()); // 12,000.00 USD × 50 days / 1000, plus 12 for 12,000 USD owed
        Assert.Contains("10,000.00 CHF overdue on 1 item, the oldest 50 days late (12,000.00 USD at the rates of " + Iso(Today) + ")", Reasons(row));
    }

    [Fact]
    public async Task A_partly_disputed_invoice_ranks_by_its_undisputed_rest()
    {
        var manager = await app.ClientAs("CreditManager");
        var customer = await manager.Debtor();
        var invoice = await Overdue(manager, customer, 400m, 20);
        (await manager.PostJson("/api/collections/cases", new { invoice, reason = "price", amount = 150m })).EnsureSuccessStatusCode();
        var row = Row(await manager.Get("/api/collections/worklist?queue=all"), customer);
        Assert.Equal(250m, row.GetProperty("overdue")[0].Dec("value"));
        Assert.Contains("250.00 USD overdue on 1 item, the oldest 20 days late", Reasons(row));
    }

    [Fact]
    public async Task The_old_disputes_endpoint_opens_a_case_through_the_case_use_case()
    {
        var manager = await app.ClientAs("CreditManager");
        var customer = await manager.Debtor();
        var named = await Overdue(manager, customer, 300m, 10);
        var free = await Overdue(manager, customer, 200m, 10);

        var flagged = await (await manager.PostJson($"/api/invoices/{named}/disputes", new { reason = "damaged" })).Json();
        Assert.True(flagged.GetProperty("disputed").GetBoolean());
        (await manager.PostJson($"/api/invoices/{free}/disputes", new { reason = "Boxes arrived wet" })).EnsureSuccessStatusCode();
        await (await manager.PostJson($"/api/invoices/{free}/disputes", new { reason = "Again" })).AssertProblem(409, "dispute-already-open");

        var cases = (await manager.Get($"/api/collections/cases?customer={customer}&status=open")).EnumerateArray().ToList();
        Assert.Equal([(named, "damaged", 300m), (free, "other", 200m)], cases.Select(c => (c.Str("invoice")!, c.Str("reason")!, c.GetProperty("disputed").Dec("value"))).OrderByDescending(c => c.Item3));
        var one = await manager.Get($"/api/collections/cases/{cases.Single(c => c.Str("invoice") == free).GetProperty("id").GetInt64()}");
        Assert.Contains("Boxes arrived wet", one.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overdue_leaves_out_disputed_invoices_only_when_the_setting_says_so()
    {
        var admin = await app.ClientAs("Admin");
        var customer = Http.Unique("C");
        await admin.CreateCustomer(customer);
        await admin.SetLimit("customer", customer, 1_000_000m);
        var invoice = await Overdue(admin, customer, 250m, 45);
        (await admin.PostJson("/api/collections/cases", new { invoice, reason = "not-received" })).EnsureSuccessStatusCode();

        var counted = await admin.CheckOk(customer, Http.Unique("SO"), 10m);
        Assert.Equal("held", counted.Str("outcome")); // off by default: a disputed invoice still counts
        Assert.Contains(counted.GetProperty("reasons").EnumerateArray(), r => r.Str("code") == "overdue");

        await using var leaving = app.WithWebHostBuilder(b => b.UseSetting("Credit:OverdueLeavesOutDisputed", "true"));
        var client = leaving.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", await app.KeyFor("Admin"));
        var left = await client.CheckOk(customer, Http.Unique("SO"), 10m);
        Assert.DoesNotContain(left.GetProperty("reasons").EnumerateArray(), r => r.Str("code") == "overdue");
    }

    public static TheoryData<string, string, bool> Endpoints => new()
    {
        // method, path ({c} a customer), a write (Viewer 403) or a read (Viewer allowed)
        { "GET", "/api/collections/worklist", false },
        { "GET", "/api/collections/customers/{c}/timeline", false },
        { "GET", "/api/collections/customers/{c}/promises", false },
        { "GET", "/api/collections/cases", false },
        { "GET", "/api/collections/cases/1", false },
        { "GET", "/api/collections/cases/1/attachments/1", false },
        { "GET", "/api/collections/messages/1/letter", false },
        { "POST", "/api/collections/customers/{c}/contacts", true },
        { "POST", "/api/collections/customers/{c}/escalations", true },
        { "POST", "/api/collections/customers/{c}/statements", true },
        { "POST", "/api/collections/customers/{c}/snooze", true },
        { "POST", "/api/collections/customers/{c}/promises", true },
        { "POST", "/api/collections/customers/{c}/payment-plans", true },
        { "POST", "/api/collections/customers/{c}/promises/check", true },
        { "POST", "/api/collections/promises/1/cancel", true },
        { "POST", "/api/collections/cases", true },
        { "POST", "/api/collections/cases/1/notes", true },
        { "POST", "/api/collections/cases/1/events", true },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_worklist_promise_and_case_endpoint_is_401_without_a_key_and_403_for_a_viewer_when_it_writes(string method, string path, bool writes)
    {
        var url = path.Replace("{c}", "C-ROLES", StringComparison.Ordinal);
        HttpRequestMessage Request() => new(new HttpMethod(method), url) { Content = method == "POST" ? JsonContent.Create(new { }) : null };
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().SendAsync(Request())).StatusCode);
        var viewer = (await (await app.ClientAs("Viewer")).SendAsync(Request())).StatusCode;
        if (writes)
        {
            Assert.Equal(HttpStatusCode.Forbidden, viewer);
        }
        else
        {
            Assert.NotEqual(HttpStatusCode.Forbidden, viewer);
            Assert.NotEqual(HttpStatusCode.Unauthorized, viewer);
        }
    }
}
