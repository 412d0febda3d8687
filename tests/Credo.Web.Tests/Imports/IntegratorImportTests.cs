using System.Net;
using System.Text;
using Credo.Web.Data;
using Credo.Web.Features.Imports;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Imports;

/// <summary>Imports as an integrator meets them with two real ERP exports (issue 12 §5).</summary>
public sealed class IntegratorImportTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task One_source_column_feeds_two_fields_and_value_maps_translate_any_field()
    {
        var client = await app.ClientAs("CreditManager");
        var a = Http.Unique("K");
        var mapping = """
            {
              "kind": "customers",
              "columns": { "KUNNR": "number, legalName", "LAND1": "country", "WAERS": "currency" },
              "valueMaps": { "country": { "276": "DE", "040": "AT" }, "currency": { "1": "EUR" } },
              "defaultTerms": "NET30"
            }
            """;
        var response = await client.Upload("customers", $"KUNNR,LAND1,WAERS\n{a},276,1\n", mapping);
        var report = await response.Json();
        Assert.True(response.IsSuccessStatusCode, report.ToString());

        var customer = await (await client.GetAsync($"/api/customers/{a}")).Json();
        Assert.Equal(a, customer.GetProperty("legalName").GetString());
        Assert.Equal("DE", customer.GetProperty("billingAddress").GetProperty("country").GetString());
        Assert.Equal("EUR", customer.GetProperty("currency").GetString());

        var unknown = await client.Upload("customers", $"KUNNR\n{Http.Unique("K")}\n", """{"kind":"customers","columns":{"KUNNR":"number, nickname"}}""");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("nickname", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Identical_repeated_customer_rows_are_one_customer_and_different_ones_are_refused()
    {
        var client = await app.ClientAs("CreditManager");
        var a = Http.Unique("R");
        var csv = $"number,legalName,currency,terms\n{a},Repeat Ltd,USD,NET30\n{a},Repeat Ltd,USD,NET30\n{a},Repeat Ltd,USD,NET30\n";
        var report = await (await client.Upload("customers", csv)).Json();
        Assert.Equal("Succeeded", report.GetProperty("status").GetString());
        Assert.Equal(1, report.GetProperty("rowsAdded").GetInt64());
        Assert.Equal(2, report.GetProperty("rowsUnchanged").GetInt64());

        var b = Http.Unique("R");
        var refused = await client.Upload("customers", $"number,legalName,currency,terms\n{b},One Ltd,USD,NET30\n{b},Another Ltd,USD,NET30\n");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("different details", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_error_is_kept_summarised_by_reason_and_downloadable_as_csv()
    {
        var client = await app.ClientAs("CreditManager");
        var rows = new StringBuilder("customer,document,date,amount\n");
        for (var i = 0; i < 150; i++)
        {
            rows.Append(Http.Unique("NOBODY")).Append(',').Append(Http.Unique("INV")).Append(",2026-01-10,10.00\n");
        }

        rows.Append("x,").Append(Http.Unique("INV")).Append(",not-a-date,10.00\n");
        var response = await client.Upload("invoices", rows.ToString(), partial: true);
        var report = await response.Json();
        Assert.True(response.IsSuccessStatusCode, report.ToString());
        Assert.Equal(151, report.GetProperty("errorCount").GetInt64());
        Assert.Equal(ImportFile.MaxReportedErrors, report.GetProperty("errors").GetArrayLength());
        var summary = report.GetProperty("errorSummary").EnumerateArray().ToList();
        Assert.Equal(2, summary.Count);
        Assert.Equal("customer", summary[0].GetProperty("field").GetString());
        Assert.Equal(150, summary[0].GetProperty("rows").GetInt64());
        Assert.Equal("No customer '…'. Import customers first.", summary[0].GetProperty("reason").GetString());

        var csvUrl = report.GetProperty("errorsCsv").GetString()!;
        var csv = await client.GetAsync(csvUrl);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("line,field,reason", lines[0]);
        Assert.Equal(152, lines.Length);

        var viewer = await app.ClientAs("Viewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(csvUrl)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync(csvUrl)).StatusCode);
    }

    [Fact]
    public async Task A_due_date_before_the_document_date_is_read_from_a_mapped_baseline_date()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("S");
        await client.CreateCustomer(customer, "EUR", "NET30");
        var early = Http.Unique("INV");
        var refused = await client.Upload("invoices", $"customer,document,date,amount,dueOn\n{customer},{early},2026-03-10,100.00,2026-03-05\n");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("map that column to baselineDate", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var mapping = """{"kind":"invoices","columns":{"KUNNR":"customer","BELNR":"document","BLDAT":"date","ZFBDT":"baselineDate","FAEDT":"dueOn","WRBTR":"amount"}}""";
        var withDue = Http.Unique("INV");
        var fromTerms = Http.Unique("INV");
        var response = await client.Upload("invoices", $"KUNNR,BELNR,BLDAT,ZFBDT,FAEDT,WRBTR\n{customer},{withDue},2026-03-10,2026-02-01,2026-03-03,100.00\n{customer},{fromTerms},2026-03-10,2026-02-01,,50.00\n", mapping);
        Assert.True(response.IsSuccessStatusCode, (await response.Json()).ToString());
        var due = await app.Db(db => db.Entries.AsNoTracking().Where(e => e.Document == withDue || e.Document == fromTerms).ToDictionaryAsync(e => e.Document!, e => e.DueOn));
        Assert.Equal(new DateOnly(2026, 3, 3), due[withDue]);
        Assert.Equal(new DateOnly(2026, 3, 3), due[fromTerms]); // NET30 from the baseline 2026-02-01
    }

    [Fact]
    public async Task Timestamps_end_in_Z_when_created_and_when_read_back()
    {
        var client = await app.ClientAs("CreditManager");
        var created = await (await client.Upload("customers", $"number,legalName,currency,terms\n{Http.Unique("Z")},Zulu Ltd,USD,NET30\n")).Json();
        var read = await (await client.GetAsync($"/api/imports/{created.GetProperty("batchId").GetInt64()}")).Json();
        foreach (var report in new[] { created, read })
        {
            Assert.EndsWith("Z", report.GetProperty("startedAtUtc").GetString(), StringComparison.Ordinal);
            Assert.EndsWith("Z", report.GetProperty("finishedAtUtc").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(created.GetProperty("startedAtUtc").GetString(), read.GetProperty("startedAtUtc").GetString());
    }

    [Fact]
    public async Task A_file_sent_as_multipart_to_a_json_endpoint_is_answered_with_an_explanation()
    {
        var client = await app.ClientAs("Admin");
        var form = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes("a,b\n1,2\n")), "file", "statement.csv" } };
        var response = await client.PostAsync("/api/customers", form);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = await response.Json();
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("JSON", detail, StringComparison.Ordinal);
        Assert.Contains("multipart/form-data", detail, StringComparison.Ordinal);
        Assert.Contains("/api/cash-application/statements", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "after it committed: all 1 of its ledger rows are in")]
    [InlineData(false, "before it committed: nothing was written")]
    public async Task An_import_left_running_by_a_crash_is_marked_interrupted_at_start_with_what_it_committed(bool committed, string said)
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("X");
        await client.CreateCustomer(customer);
        var batchId = await app.Db(async db =>
        {
            // What a kill -9 leaves: the batch row says Running; its rows committed or not.
            var batch = new ImportBatch { Kind = ImportKind.Invoices, FileName = "crash.csv", FileSha256 = string.Empty, Status = ImportStatus.Running, StartedAtUtc = db.UtcNow, StartedBy = "test" };
            db.ImportBatches.Add(batch);
            await db.SaveChangesAsync();
            if (committed)
            {
                var id = await db.Customers.Where(c => c.Number == customer).Select(c => c.Id).SingleAsync();
                db.Entries.Add(new LedgerEntry
                {
                    CustomerId = id, Kind = Domain.Ledger.EntryKind.Invoice, Document = Http.Unique("INV"), PostedOn = new DateOnly(2026, 1, 1), DueOn = new DateOnly(2026, 1, 31),
                    Currency = "USD", AmountMinor = 100, OpenMinor = 100, State = Domain.Ledger.ItemState.Open, ImportBatchId = batch.Id, RecordedAtUtc = db.UtcNow, RecordedBy = "test",
                });
                await db.SaveChangesAsync();
            }

            return batch.Id;
        });

        // The start-up task, as the next start runs it.
        await app.InScope(sp => InterruptedImports.MarkAsync(sp.GetRequiredService<CreditDb>(), CancellationToken.None));

        var report = await (await client.GetAsync($"/api/imports/{batchId}")).Json();
        Assert.Equal("Interrupted", report.GetProperty("status").GetString());
        Assert.Equal(committed ? 1 : 0, report.GetProperty("rowsAdded").GetInt64());
        Assert.Contains(said, report.GetProperty("errors")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
    }
}
