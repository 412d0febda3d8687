using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.Analytics;

/// <summary>/api/analytics: aging by customer, group (rolled up), segment and portfolio; bucket sets; drill-down; CSV; metrics; roles.</summary>
public sealed class AgingApiTests(CredoApp app) : IClassFixture<CredoApp>
{
    private const string AsOf = "2026-06-30";

    private static JsonElement Row(JsonElement aging, string subject, string currency = "USD", string rows = "rows") =>
        aging.GetProperty(rows).EnumerateArray().Single(r => r.Str("subject") == subject && r.Str("currency") == currency);

    private static decimal[] Buckets(JsonElement row) => [.. row.GetProperty("buckets").EnumerateArray().Select(b => b.GetDecimal())];

    [Fact]
    public async Task Aging_by_customer_buckets_by_days_past_due_with_unapplied_and_disputed_apart()
    {
        var client = await app.ClientAs("CreditManager");
        var c = Http.Unique("AG");
        await client.CreateCustomer(c);
        await client.Invoice(c, Http.Unique("INV"), 100m, issueDate: "2026-06-01", dueDate: "2026-07-01"); // current
        await client.Invoice(c, Http.Unique("INV"), 200m, issueDate: "2026-05-01", dueDate: "2026-06-10"); // 20 days: 1–30
        await client.Invoice(c, Http.Unique("INV"), 300m, issueDate: "2026-01-01", dueDate: "2026-02-01"); // 149 days: over 120
        var disputed = Http.Unique("INV");
        await client.Invoice(c, disputed, 50m, issueDate: "2026-04-01", dueDate: "2026-05-01");
        var dispute = await client.PostJson($"/api/invoices/{disputed}/disputes", new { reason = "Damaged goods" });
        Assert.True(dispute.IsSuccessStatusCode, await dispute.Content.ReadAsStringAsync());
        var payment = Http.Unique("PAY");
        await client.Payment(c, payment, 30m, receivedOn: "2026-06-20", autoAllocate: false);

        // Disputes count from the day they were opened (today, by the app's clock): without asOf the aging is today's.
        var aging = await client.Get("/api/analytics/aging?by=customer");
        Assert.Equal(["Current", "1–30", "31–60", "61–90", "91–120", "Over 120"], aging.GetProperty("buckets").EnumerateArray().Select(b => b.GetString()));
        var row = Row(aging, c);
        Assert.Equal(50m, row.Dec("disputed"));
        Assert.Equal(-30m, row.Dec("unapplied"));
        Assert.Equal(620m, row.Dec("total"));

        var past = await client.Get($"/api/analytics/aging?asOf={AsOf}");
        var then = Row(past, c);
        Assert.Equal([100m, 200m, 50m, 0m, 0m, 300m], Buckets(then)); // the dispute was not open yet on June 30
        Assert.Equal(0m, then.Dec("disputed"));
        Assert.Equal(-30m, then.Dec("unapplied"));

        var byDocument = Row(await client.Get($"/api/analytics/aging?asOf={AsOf}&basis=document"), c);
        Assert.Equal([0m, 100m, 200m, 50m, 0m, 300m], Buckets(byDocument)); // 29, 60, 90 and 180 days since issue

        var cell = await client.Get($"/api/analytics/aging/items?asOf={AsOf}&subject={c}&currency=USD&bucket=5");
        var item = Assert.Single(cell.GetProperty("items").EnumerateArray());
        Assert.Equal(300m, item.Dec("open"));
        Assert.Equal(149, item.GetProperty("ageDays").GetInt32());
        var unapplied = await client.Get($"/api/analytics/aging/items?asOf={AsOf}&subject={c}&currency=USD&bucket=unapplied");
        Assert.Equal(payment, Assert.Single(unapplied.GetProperty("items").EnumerateArray()).Str("document"));
    }

    [Fact]
    public async Task Group_aging_rolls_up_every_level_and_segments_and_portfolio_count_each_customer()
    {
        var client = await app.ClientAs("CreditManager");
        var holding = Http.Unique("HOLD");
        var region = Http.Unique("REG");
        Assert.True((await client.PostJson("/api/groups", new { code = holding, name = "Holding" })).IsSuccessStatusCode);
        Assert.True((await client.PostJson("/api/groups", new { code = region, name = "Region", parentCode = holding })).IsSuccessStatusCode);
        var segment = Http.Unique("seg").ToLowerInvariant();
        Assert.True((await client.PostJson("/api/segments", new { dimension = "region", code = segment, name = "Far north" })).IsSuccessStatusCode);
        var store = Http.Unique("ST");
        var head = Http.Unique("HQ");
        await client.CreateCustomer(store, groupCode: region);
        await client.CreateCustomer(head, groupCode: holding);
        var put = await client.GetAsync($"/api/customers/{store}");
        var customer = await put.Json();
        var update = await client.PutAsJsonAsync($"/api/customers/{store}", new
        {
            number = store, legalName = "Store", currency = "USD", terms = "NET30", groupCode = region,
            segments = new[] { new { dimension = "region", code = segment } }, version = customer.GetProperty("version").GetInt32(),
        });
        Assert.True(update.IsSuccessStatusCode, await update.Content.ReadAsStringAsync());
        await client.Invoice(store, Http.Unique("INV"), 100m, issueDate: "2026-06-01", dueDate: "2026-06-20");
        await client.Invoice(head, Http.Unique("INV"), 40m, issueDate: "2026-06-01", dueDate: "2026-07-20");

        var groups = await client.Get($"/api/analytics/aging?asOf={AsOf}&by=group");
        Assert.Equal(140m, Row(groups, holding).Dec("total"));
        Assert.Equal(100m, Row(groups, region).Dec("total"));
        Assert.Equal("Holding", Row(groups, holding).Str("name"));

        var segments = await client.Get($"/api/analytics/aging?asOf={AsOf}&by=segment");
        Assert.Equal([0m, 100m, 0m, 0m, 0m, 0m], Buckets(Row(segments, "region:" + segment)));

        var filtered = await client.Get($"/api/analytics/aging?asOf={AsOf}&by=portfolio&group={holding}");
        Assert.Equal(140m, Row(filtered, "portfolio").Dec("total"));
    }

    [Fact]
    public async Task Reporting_currency_converts_at_the_rate_in_effect_and_names_a_missing_rate()
    {
        var client = await app.ClientAs("CreditManager");
        var admin = await app.ClientAs("Admin");
        var eur = Http.Unique("EU");
        await client.CreateCustomer(eur, currency: "EUR");
        await client.Invoice(eur, Http.Unique("INV"), 100m, issueDate: "2026-06-01", dueDate: "2026-07-01", currency: "EUR");
        var rate = await admin.PutAsJsonAsync("/api/exchange-rates", new { from = "EUR", to = "USD", effectiveOn = "2026-01-01", rate = 1.25m });
        Assert.True(rate.IsSuccessStatusCode, await rate.Content.ReadAsStringAsync());

        var aging = await client.Get($"/api/analytics/aging?asOf={AsOf}&by=customer&currency=EUR");
        Assert.Equal("USD", aging.Str("reportingCurrency"));
        Assert.Equal(100m, Row(aging, eur, "EUR").Dec("total"));
        Assert.Equal(125m, Row(aging, eur, "USD", "reporting").Dec("total"));

        var yen = Http.Unique("JP");
        await client.CreateCustomer(yen, currency: "JPY");
        await client.Invoice(yen, Http.Unique("INV"), 1000m, issueDate: "2026-06-01", currency: "JPY");
        var missing = await client.Get($"/api/analytics/aging?asOf={AsOf}&currency=JPY");
        Assert.Equal(JsonValueKind.Null, missing.GetProperty("reporting").ValueKind);
        Assert.Equal($"No rate from JPY to USD on {AsOf}.", missing.Str("reportingProblem"));
        var csv = await client.GetAsync($"/api/analytics/aging.csv?asOf={AsOf}&currency=reporting");
        var problem = await csv.AssertProblem(409, "no-exchange-rate");
        Assert.Contains("JPY to USD", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_saved_bucket_set_ages_by_its_bounds_and_a_bad_one_is_refused_by_field()
    {
        var manager = await app.ClientAs("CreditManager");
        var c = Http.Unique("BK");
        await manager.CreateCustomer(c);
        await manager.Invoice(c, Http.Unique("INV"), 70m, issueDate: "2026-06-01", dueDate: "2026-06-25"); // 5 days late

        var saved = await manager.PutAsJsonAsync("/api/analytics/bucket-sets/weekly", new { upperBounds = new[] { 0, 7, 14 } });
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        var aging = await manager.Get($"/api/analytics/aging?asOf={AsOf}&buckets=weekly");
        Assert.Equal(["Current", "1–7", "8–14", "Over 14"], aging.GetProperty("buckets").EnumerateArray().Select(b => b.GetString()));
        Assert.Equal([0m, 70m, 0m, 0m], Buckets(Row(aging, c)));

        var csv = await manager.GetStringAsync($"/api/analytics/aging.csv?asOf={AsOf}&buckets=weekly");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("asOf,by,subject,name,currency,current,1-7,8-14,over-14,unapplied,disputed,total", lines[0]);
        Assert.Contains($"{AsOf},customer,{c},Customer {c},USD,0.00,70.00,0.00,0.00,0.00,0.00,70.00", lines);

        var bad = await manager.PutAsJsonAsync("/api/analytics/bucket-sets/odd", new { upperBounds = new[] { 0, 30, 10 } });
        await bad.AssertProblem(400, "validation", "upperBounds");
        await (await manager.GetAsync($"/api/analytics/aging?asOf={AsOf}&buckets=nope")).AssertProblem(404, "not-found");
        await (await manager.GetAsync($"/api/analytics/aging?by=planet")).AssertProblem(400, "validation", "by");

        var collector = await app.ClientAs("Collector");
        Assert.Equal(HttpStatusCode.Forbidden, (await collector.PutAsJsonAsync("/api/analytics/bucket-sets/mine", new { upperBounds = new[] { 0, 30 } })).StatusCode);
    }

    [Fact]
    public async Task Metrics_give_month_end_DSO_and_CEI()
    {
        var client = await app.ClientAs("CreditManager");
        var c = Http.Unique("MT");
        await client.CreateCustomer(c);
        await client.Invoice(c, Http.Unique("INV"), 300m, issueDate: "2026-04-10", dueDate: "2026-05-10");
        await client.Invoice(c, Http.Unique("INV"), 310m, issueDate: "2026-05-10", dueDate: "2026-06-09");
        await client.Payment(c, Http.Unique("PAY"), 300m, receivedOn: "2026-05-20");

        var metrics = await client.Get("/api/analytics/metrics?from=2026-05-01&to=2026-05-31&by=customer");
        var subject = metrics.GetProperty("subjects").EnumerateArray().Single(s => s.Str("subject") == c);
        var may = Assert.Single(subject.GetProperty("months").EnumerateArray());
        Assert.Equal(310m, may.Dec("receivables"));
        Assert.Equal(310m, may.Dec("current"));
        Assert.Equal(310m, may.Dec("sales"));
        Assert.Equal(31m, may.Dec("dso"));
        Assert.Equal(31m, may.Dec("dsoCountback"));
        Assert.Equal(100m, may.Dec("cei")); // (300 + 310 − 310) / (300 + 310 − 310)
        Assert.Equal(100m, may.Dec("percentCurrent"));
    }

    [Theory]
    [InlineData("/api/analytics/aging")]
    [InlineData("/api/analytics/aging.csv")]
    [InlineData("/api/analytics/aging/items?subject=x&currency=USD")]
    [InlineData("/api/analytics/metrics")]
    [InlineData("/api/analytics/bucket-sets")]
    public async Task Analytics_need_a_sign_in_and_every_role_may_read(string url)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync(url)).StatusCode);
        var viewer = await app.ClientAs("Viewer");
        Assert.True((await viewer.GetAsync(url)).IsSuccessStatusCode);
    }
}

/// <summary>The aging PDF, read back with PdfPig.</summary>
public sealed class AgingPdfTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task The_aging_PDF_holds_the_same_figures_as_the_table()
    {
        var client = await app.ClientAs("Viewer");
        var manager = await app.ClientAs("CreditManager");
        var c = Http.Unique("PDF");
        await manager.CreateCustomer(c);
        await manager.Invoice(c, Http.Unique("INV"), 1234.5m, issueDate: "2026-05-01", dueDate: "2026-05-31"); // 30 days late on June 30

        var response = await client.GetAsync("/api/analytics/aging.pdf?asOf=2026-06-30&by=customer");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var text = string.Join("\n", pdf.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
        Assert.Contains("Aging as of 2026-06-30", text);
        Assert.Contains("Customer " + c, text);
        Assert.Contains("1,234.50", text);
        Assert.Contains("In USD", text);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/api/analytics/aging.pdf")).StatusCode);
    }
}

/// <summary>A customer's payment behaviour over windows.</summary>
public sealed class PaymentBehaviourApiTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task Payment_behaviour_weighs_the_invoices_paid_in_each_window()
    {
        var client = await app.ClientAs("CreditManager");
        var c = Http.Unique("PB");
        await client.CreateCustomer(c);
        var early = Http.Unique("INV");
        var late = Http.Unique("INV");
        await client.Invoice(c, early, 100m, issueDate: "2026-01-01", dueDate: "2026-01-31");
        await client.Payment(c, Http.Unique("PAY"), 100m, receivedOn: "2026-01-21");
        await client.Invoice(c, late, 100m, issueDate: "2026-02-01", dueDate: "2026-03-03");
        await client.Payment(c, Http.Unique("PAY"), 100m, receivedOn: "2026-04-02");
        var open = Http.Unique("INV"); // not yet due on the as-of date; the one disputed below (a dispute needs something open)
        await client.Invoice(c, open, 100m, issueDate: "2026-04-10", dueDate: "2026-05-10");

        var behaviour = await client.Get($"/api/analytics/customers/{c}/payment-behaviour?asOf=2026-04-30");
        var six = behaviour.GetProperty("windows").EnumerateArray().Single(w => w.GetProperty("months").GetInt32() == 6);
        Assert.Equal(2, six.GetProperty("invoiceCount").GetInt32());
        Assert.Equal(40m, six.Dec("daysToPay"));
        Assert.Equal(50m, six.Dec("percentOnTime"));
        Assert.Equal(30m, six.Dec("daysLate"));

        // The score month by month (24-month window to each month end), and the dispute rate from the disputes opened by then.
        var history = behaviour.GetProperty("scoreHistory").EnumerateArray().ToList();
        Assert.Equal(13, history.Count);
        Assert.Equal("2026-04-30", history[^1].Str("monthEnd"));
        Assert.Equal(70.87m, decimal.Round(history[^1].Dec("paydex"), 2));
        Assert.Equal(JsonValueKind.Null, history.Single(h => h.Str("monthEnd") == "2025-12-31").GetProperty("paydex").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, history.Single(h => h.Str("monthEnd") == "2026-01-31").GetProperty("paydex").ValueKind);
        Assert.Equal(0m, behaviour.GetProperty("disputes").Dec("percent"));
        var dispute = await client.PostJson($"/api/invoices/{open}/disputes", new { reason = "Short delivery" });
        Assert.True(dispute.IsSuccessStatusCode, await dispute.Content.ReadAsStringAsync());
        var now = await client.Get($"/api/analytics/customers/{c}/payment-behaviour");
        Assert.Equal((3, 1, 33.3m), (now.GetProperty("disputes").GetProperty("invoices").GetInt32(), now.GetProperty("disputes").GetProperty("disputed").GetInt32(), now.GetProperty("disputes").Dec("percent")));
        await (await client.GetAsync("/api/analytics/customers/nobody/payment-behaviour")).AssertProblem(404, "not-found");
    }
}
