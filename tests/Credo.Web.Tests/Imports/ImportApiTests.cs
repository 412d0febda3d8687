using System.Net;
using System.Text;
using System.Text.Json;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Features.Credit;
using Credo.Web.Tests.Credit;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Imports;

public sealed class ImportApiTests(CredoApp app) : IClassFixture<CredoApp>
{
    private static readonly string InvoiceMapping = ImportSupport.Fixture("erp-invoices.json");

    private const string InvoiceHeader = "Kundennr;Belegnr;Belegdatum;Fällig am;Betrag brutto;Währung;ZB;Bestellnr";

    [Fact]
    public async Task Customers_load_from_an_erp_export_unedited()
    {
        var client = await app.ClientAs("CreditManager");
        var a = Http.Unique("D");
        var b = Http.Unique("D");
        var csv = "\uFEFFDebitor;Name 1;Name 2;USt-IdNr;E-Mail;Ort;Land;ZB\r\n" +
                  $"{a};\"Müller; Söhne GmbH\";Müller;DE123456789;ap@mueller.example;Köln;de;Z014\r\n" +
                  $"{b};Schmidt AG;;;;Berlin;DE;Z000\r\n";
        var report = await (await client.Upload("customers", csv, ImportSupport.Fixture("erp-customers.json"))).Json();
        Assert.Equal("Succeeded", report.GetProperty("status").GetString());
        Assert.Equal(2, report.GetProperty("rowsAdded").GetInt64());

        var customer = await (await client.GetAsync($"/api/customers/{a}")).Json();
        Assert.Equal("Müller; Söhne GmbH", customer.GetProperty("legalName").GetString());
        Assert.Equal("EUR", customer.GetProperty("currency").GetString());
        Assert.Equal("NET14", customer.GetProperty("terms").GetString());
        Assert.Equal("DE", customer.GetProperty("billingAddress").GetProperty("country").GetString());
        var other = await (await client.GetAsync($"/api/customers/{b}")).Json();
        Assert.Equal("DUE", other.GetProperty("terms").GetString());
    }

    [Fact]
    public async Task Invoices_load_with_foreign_headers_dates_decimals_semicolons_bom_and_quoted_newlines()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        var p = Http.Unique("INV");
        await client.CreateCustomer(customer, "EUR", "NET60");
        var response = await client.Upload("invoices", ImportSupport.Filled("erp-invoices.csv", customer, p), InvoiceMapping);
        var report = await response.Json();
        Assert.True(response.IsSuccessStatusCode, report.ToString());
        Assert.Equal(3, report.GetProperty("rowsAdded").GetInt64());

        var entries = await app.Db(db => db.Entries.AsNoTracking().Where(e => e.Document!.StartsWith(p)).OrderBy(e => e.Document).ToListAsync());
        Assert.Equal([123450L, 9999L, 50000L], entries.Select(e => e.AmountMinor));
        Assert.All(entries, e => Assert.Equal("EUR", e.Currency));
        Assert.Equal(new DateOnly(2026, 3, 31), entries[0].DueOn); // from the column
        Assert.Equal(new DateOnly(2026, 3, 19), entries[1].DueOn); // Z014 through the terms map
        Assert.Equal(new DateOnly(2026, 5, 9), entries[2].DueOn); // the customer's NET60
        Assert.Equal("PO-2;\r\nsecond line", entries[1].PoNumber);
        Assert.Equal(5, entries[2].SourceLine); // the quoted newline of line 3 runs on to line 4
    }

    [Fact]
    public async Task Credit_notes_settle_the_invoice_they_name()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer, "EUR");
        var inv = Http.Unique("INV");
        (await client.Upload("invoices", $"{InvoiceHeader}\n{customer};{inv};01.03.2026;;100,00;EUR;;\n", InvoiceMapping)).EnsureSuccessStatusCode();

        var cn = Http.Unique("CN");
        var response = await client.Upload("credit-notes", $"\uFEFFKundennr;Gutschrift;Datum;Betrag;Zu Rechnung;Grund\n{customer};{cn};02.03.2026;30,00;{inv};Damaged goods\n", ImportSupport.Fixture("erp-credit-notes.json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var (invoice, credit, allocated) = await app.Db(async db =>
        {
            var i = await db.Entries.AsNoTracking().SingleAsync(e => e.Document == inv);
            var c = await db.Entries.AsNoTracking().SingleAsync(e => e.Document == cn);
            var a = await db.Allocations.AsNoTracking().Where(x => x.CreditId == c.Id).SumAsync(x => x.AmountMinor);
            return (i, c, a);
        });
        Assert.Equal(-3000, credit.AmountMinor);
        Assert.Equal(3000, allocated);
        Assert.Equal(7000, invoice.OpenMinor);
        Assert.Equal(ItemState.PartiallyPaid, invoice.State);
        Assert.Equal(0, credit.OpenMinor);
        Assert.Equal(ItemState.Paid, credit.State);
        Assert.Equal("Damaged goods", credit.Reason);
    }

    [Fact]
    public async Task Payments_settle_the_named_invoice_else_oldest_first_and_keep_the_rest_on_account()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer, "EUR");
        var i1 = Http.Unique("INV");
        var i2 = Http.Unique("INV");
        var i3 = Http.Unique("INV");
        (await client.Upload("invoices", $"{InvoiceHeader}\n{customer};{i1};01.01.2026;31.01.2026;100,00;;;\n{customer};{i2};01.02.2026;28.02.2026;200,00;;;\n{customer};{i3};01.03.2026;31.03.2026;300,00;;;\n", InvoiceMapping))
            .EnsureSuccessStatusCode();

        var p1 = Http.Unique("PAY");
        var p2 = Http.Unique("PAY");
        var payments = $"\uFEFFKundennr;Zahlungsref;Valuta;Betrag;Rechnungsnr\n{customer};{p1};2026-03-05;300,00;{i3}\n{customer};{p2};10.03.2026;250,00;\n";
        var response = await client.Upload("payments", payments, ImportSupport.Fixture("erp-payments.json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var open = await app.Db(db => db.Entries.AsNoTracking().Where(e => e.Document == i1 || e.Document == i2 || e.Document == i3 || e.Document == p1 || e.Document == p2)
            .ToDictionaryAsync(e => e.Document!, e => (e.OpenMinor, e.State, e.Method)));
        Assert.Equal((0L, ItemState.Paid), (open[i3].OpenMinor, open[i3].State));
        Assert.Equal((0L, ItemState.Paid), (open[i1].OpenMinor, open[i1].State)); // oldest first
        Assert.Equal((5000L, ItemState.PartiallyPaid), (open[i2].OpenMinor, open[i2].State));
        Assert.Equal(0L, open[p2].OpenMinor);
        Assert.Equal("bank-transfer", open[p1].Method); // the mapping's constant

        // Without autoAllocate and without an invoice, a payment stays on account.
        var p3 = Http.Unique("PAY");
        var onAccount = ImportSupport.Fixture("erp-payments.json").Replace("\"autoAllocate\": true", "\"autoAllocate\": false", StringComparison.Ordinal);
        (await client.Upload("payments", $"Kundennr;Zahlungsref;Valuta;Betrag;Rechnungsnr\n{customer};{p3};11.03.2026;10,00;\n", onAccount)).EnsureSuccessStatusCode();
        var unapplied = await app.Db(db => db.Entries.AsNoTracking().Where(e => e.Document == p3).Select(e => e.OpenMinor).SingleAsync());
        Assert.Equal(-1000, unapplied);
    }

    [Fact]
    public async Task A_payment_settling_the_rest_of_a_part_written_off_invoice_leaves_it_written_off_as_the_ledger_derives()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer, "EUR");
        var invoice = Http.Unique("INV");
        (await client.PostJson("/api/invoices", new { customerNumber = customer, number = invoice, issueDate = "2026-01-05", dueDate = "2026-02-04", amount = 100m, currency = "EUR" })).EnsureSuccessStatusCode();
        (await client.PostJson($"/api/invoices/{invoice}/write-off", new { amount = 30m, reason = "Agreed short payment", on = "2026-02-10" })).EnsureSuccessStatusCode();

        var payment = Http.Unique("PAY");
        var response = await client.Upload("payments", $"Kundennr;Zahlungsref;Valuta;Betrag;Rechnungsnr\n{customer};{payment};15.02.2026;70,00;{invoice}\n", ImportSupport.Fixture("erp-payments.json"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var state = await app.Db(db => db.Entries.AsNoTracking().Where(e => e.Document == invoice).Select(e => new { e.OpenMinor, e.State }).SingleAsync());
        Assert.Equal(0L, state.OpenMinor);
        Assert.Equal(ItemState.WrittenOff, state.State);
        var admin = await app.ClientAs("Admin");
        var reconcile = await (await admin.GetAsync("/api/admin/reconcile")).Json();
        Assert.Equal(0, reconcile.GetProperty("differences").GetArrayLength());
    }

    [Fact]
    public async Task Imported_invoices_and_payments_move_the_receivables_of_the_credit_lines_in_the_same_transaction()
    {
        var client = await app.ClientAs("Admin");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer, "EUR");
        await client.SetLimit("customer", customer, 10_000m, currency: "EUR");
        var i1 = Http.Unique("INV");
        var i2 = Http.Unique("INV");
        (await client.Upload("invoices", $"{InvoiceHeader}\n{customer};{i1};01.01.2026;31.01.2026;100,00;;;\n{customer};{i2};01.02.2026;28.02.2026;200,00;;;\n", InvoiceMapping))
            .EnsureSuccessStatusCode();
        Assert.Equal(300m, (await client.Line("customer", customer)).GetProperty("receivables").GetDecimal());

        // A payment settles 120.00 oldest first; a rolled-back import (one bad row) moves nothing.
        (await client.Upload("payments", $"Kundennr;Zahlungsref;Valuta;Betrag;Rechnungsnr\n{customer};{Http.Unique("PAY")};10.03.2026;120,00;\n", ImportSupport.Fixture("erp-payments.json")))
            .EnsureSuccessStatusCode();
        var rejected = await client.Upload("invoices", $"{InvoiceHeader}\n{customer};{Http.Unique("INV")};01.03.2026;31.03.2026;50,00;;;\n{customer};{Http.Unique("INV")};01.03.2026;31.03.2026;-1;;;\n", InvoiceMapping);
        Assert.Contains("\"rowsRejected\":1", await rejected.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(180m, (await client.Line("customer", customer)).GetProperty("receivables").GetDecimal());
        var report = await app.InScope(sp => sp.GetRequiredService<ReconcileExposure>().Handle(repair: false, CancellationToken.None));
        Assert.Empty(report.Differences);
    }

    public static TheoryData<string, string, long, string> Malformed => new()
    {
        // name, rows after the header ({C} customer, {P} prefix), expected line, field
        { "bad date", "{C};{P}-1;01.03.2026;;10,00;;;\n{C};{P}-2;31.02.2026;;10,00;;;\n", 3, "date" },
        { "negative amount", "{C};{P}-1;01.03.2026;;-10,00;;;\n", 2, "amount" },
        { "over-precise amount", "{C};{P}-1;01.03.2026;;10,005;;;\n", 2, "amount" },
        { "over-precise for the currency", "{C};{P}-1;01.03.2026;;100,5;JPY;;\n", 2, "amount" },
        { "unknown currency", "{C};{P}-1;01.03.2026;;10,00;XYZ;;\n", 2, "currency" },
        { "unknown customer", "NOBODY-{P};{P}-1;01.03.2026;;10,00;;;\n", 2, "customer" },
        { "duplicate reference", "{C};{P}-1;01.03.2026;;10,00;;;\n{C};{P}-2;01.03.2026;;10,00;;;\n{C};{P}-1;02.03.2026;;11,00;;;\n", 4, "document" },
        { "truncated last row", "{C};{P}-1;01.03.2026;;10,00;;;\n{C};{P}-2;01.03.20", 3, "row" },
        { "unterminated quote", "{C};{P}-1;01.03.2026;;10,00;;;\n{C};{P}-2;01.03.2026;;10,00;;;\"PO-9", 3, "row" },
        { "line of a record after a quoted newline", "{C};{P}-1;01.03.2026;;10,00;;;\"a\nb\nc\"\n{C};{P}-2;01.13.2026;;10,00;;;\n", 5, "date" },
        { "unknown terms code", "{C};{P}-1;01.03.2026;;10,00;;Z999;\n", 2, "terms" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task Malformed_rows_refuse_the_whole_file_naming_line_field_and_reason(string name, string rows, long line, string field)
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        var prefix = Http.Unique("M");
        await client.CreateCustomer(customer, "EUR");
        var csv = "\uFEFF" + InvoiceHeader + "\r\n" + rows.Replace("{C}", customer, StringComparison.Ordinal).Replace("{P}", prefix, StringComparison.Ordinal);
        var batchesBefore = await app.Db(db => db.ImportBatches.CountAsync());

        var response = await client.Upload("invoices", csv, InvoiceMapping);

        var problem = await response.AssertProblem(400, "import-refused");
        var errors = problem.GetProperty("errors");
        Assert.True(errors.GetArrayLength() >= 1, name);
        var first = errors[0];
        Assert.Equal(line, first.GetProperty("line").GetInt64());
        Assert.Equal(field, first.GetProperty("field").GetString());
        Assert.False(string.IsNullOrWhiteSpace(first.GetProperty("reason").GetString()));
        Assert.Equal(0, await app.EntryCount(customer));
        Assert.Equal(0, await app.Db(db => db.Entries.CountAsync(e => e.Document!.StartsWith(prefix))));
        Assert.Equal(batchesBefore + 1, await app.Db(db => db.ImportBatches.CountAsync()));
    }

    [Fact]
    public async Task A_missing_required_column_is_reported_once_naming_the_column()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer, "EUR");
        var csv = $"Kundennr;Belegnr;Belegdatum\n{customer};X-{customer}-1;01.03.2026\n{customer};X-{customer}-2;01.03.2026\n";
        var problem = await (await client.Upload("invoices", csv, InvoiceMapping)).AssertProblem(400, "import-refused", "amount");
        var errors = problem.GetProperty("errors");
        Assert.Equal(1, errors.GetArrayLength());
        Assert.Equal(1, errors[0].GetProperty("line").GetInt64());
        Assert.Contains("Betrag brutto", errors[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await app.EntryCount(customer));
    }

    [Fact]
    public async Task Importing_the_same_file_twice_adds_nothing_and_a_changed_row_is_a_conflict()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        var p = Http.Unique("INV");
        await client.CreateCustomer(customer, "EUR");
        var file = ImportSupport.Filled("erp-invoices.csv", customer, p);
        var first = await (await client.Upload("invoices", file, InvoiceMapping)).Json();
        Assert.Equal(3, first.GetProperty("rowsAdded").GetInt64());

        var again = await client.Upload("invoices", file, InvoiceMapping);
        var second = await again.Json();
        Assert.True(again.IsSuccessStatusCode, second.ToString());
        Assert.Equal(0, second.GetProperty("rowsAdded").GetInt64());
        Assert.Equal(3, second.GetProperty("rowsUnchanged").GetInt64());
        Assert.Equal(3, await app.EntryCount(customer));

        var changed = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(file).Replace("500,00", "501,00", StringComparison.Ordinal));
        var conflict = await (await client.Upload("invoices", changed, InvoiceMapping)).AssertProblem(400, "import-refused", "document");
        Assert.StartsWith("Conflict:", conflict.GetProperty("errors")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, conflict.GetProperty("batch").GetProperty("conflicts").GetInt64());
        Assert.Equal(3, await app.EntryCount(customer));
    }

    [Fact]
    public async Task Concurrent_imports_of_the_same_file_add_its_rows_once_and_both_succeed()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer, "EUR");
        var file = ImportSupport.Filled("erp-invoices.csv", customer, Http.Unique("INV"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.Upload("invoices", file, InvoiceMapping)));

        var reports = new List<JsonElement>();
        foreach (var response in responses)
        {
            var report = await response.Json();
            Assert.True(response.IsSuccessStatusCode, report.ToString());
            reports.Add(report);
        }

        Assert.Equal(3, reports.Sum(r => r.GetProperty("rowsAdded").GetInt64()));
        Assert.Equal(9, reports.Sum(r => r.GetProperty("rowsUnchanged").GetInt64()));
        Assert.Equal(3, await app.EntryCount(customer));
    }

    [Fact]
    public async Task Partial_mode_writes_the_valid_rows_and_reports_the_rest()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        var p = Http.Unique("INV");
        await client.CreateCustomer(customer, "EUR");
        var csv = $"{InvoiceHeader}\n{customer};{p}-1;01.03.2026;;10,00;;;\n{customer};{p}-2;xx;;10,00;;;\n{customer};{p}-3;01.03.2026;;30,00;;;\n";
        var response = await client.Upload("invoices", csv, InvoiceMapping, partial: true);
        var report = await response.Json();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Succeeded", report.GetProperty("status").GetString());
        Assert.Equal(2, report.GetProperty("rowsAdded").GetInt64());
        Assert.Equal(1, report.GetProperty("rowsRejected").GetInt64());
        Assert.Equal(3, report.GetProperty("errors")[0].GetProperty("line").GetInt64());
        Assert.Equal(2, await app.EntryCount(customer));

        var id = report.GetProperty("batchId").GetInt64();
        var status = await (await client.GetAsync($"/api/imports/{id}")).Json();
        Assert.Equal(2, status.GetProperty("rowsAdded").GetInt64());
        Assert.Equal(1, await app.Db(db => db.Audit.CountAsync(a => a.Action == "import" && a.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }

    [Fact]
    public async Task A_saved_mapping_is_used_by_name()
    {
        var client = await app.ClientAs("CreditManager");
        var name = Http.Unique("erp");
        var put = await client.PutAsync($"/api/import-mappings/{name}", new StringContent(InvoiceMapping, Encoding.UTF8, "application/json"));
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        var read = await (await client.GetAsync($"/api/import-mappings/{name}")).Json();
        Assert.Equal("invoices", read.GetProperty("kind").GetString());

        var customer = Http.Unique("C");
        await client.CreateCustomer(customer, "EUR");
        var response = await client.Upload("invoices", ImportSupport.Filled("erp-invoices.csv", customer, Http.Unique("INV")), mappingName: name);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var bad = await client.PutAsync($"/api/import-mappings/{name}", new StringContent("""{"kind":"invoices","columns":{"X":"nonsense"}}""", Encoding.UTF8, "application/json"));
        await bad.AssertProblem(400, "validation", "mapping.columns.X");
    }

    [Fact]
    public async Task Viewer_cannot_import_and_anonymous_is_unauthorised()
    {
        var viewer = await app.ClientAs("Viewer");
        var response = await viewer.Upload("invoices", $"{InvoiceHeader}\n", InvoiceMapping);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PutAsync("/api/import-mappings/x", new StringContent("{}"))).StatusCode);

        var anonymous = app.Anonymous();
        anonymous.DefaultRequestHeaders.Accept.Add(new("application/json"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Upload("invoices", $"{InvoiceHeader}\n", InvoiceMapping)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/exports/customers.csv")).StatusCode);
    }

    [Fact]
    public async Task Unknown_kind_and_bad_mapping_are_refused_by_field()
    {
        var client = await app.ClientAs("Admin");
        await (await client.Upload("orders", "a\n")).AssertProblem(400, "validation", "kind");
        await (await client.Upload("invoices", "a\n", """{"kind":"payments"}""")).AssertProblem(400, "validation", "mapping.kind");
        await (await client.Upload("invoices", "a\n", mappingName: "no-such-mapping")).AssertProblem(400, "validation", "mappingName");
    }

    internal static JsonElement Errors(JsonElement problem) => problem.GetProperty("errors");
}
