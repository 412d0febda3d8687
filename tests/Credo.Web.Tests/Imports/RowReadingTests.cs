using System.Text;
using Credo.Web.Data;
using Credo.Web.Features.Imports;
using Credo.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Imports;

/// <summary>The reader and the row parser on their own: no database.</summary>
public sealed class RowReadingTests
{
    private static readonly ColumnMapping Erp = ColumnMapping.Parse(ImportSupport.Fixture("erp-invoices.json")).Value!;

    private static (List<SourceRecord> Records, CsvSource Source) Read(string csv, ColumnMapping mapping)
    {
        var source = CsvSource.Open(new MemoryStream(Encoding.UTF8.GetBytes(csv)), mapping);
        return ([.. source.Records()], source);
    }

    [Theory]
    [InlineData(";")]
    [InlineData(",")]
    [InlineData("\t")]
    public void The_separator_is_detected_and_a_bom_is_skipped(string separator)
    {
        var csv = "\uFEFF" + string.Join(separator, "customer", "document", "date", "amount") + "\n" + string.Join(separator, "C1", "INV-1", "2026-03-01", "10.00") + "\n";
        var (records, source) = Read(csv, ColumnMapping.Native(ImportKind.Invoices));
        Assert.Empty(source.HeaderErrors);
        Assert.Equal("customer", source.Header[0]);
        var record = Assert.Single(records);
        Assert.Null(record.Problem);
        Assert.Equal("C1", record.Values[0]);
    }

    [Fact]
    public void Line_numbers_are_physical_lines_where_records_start()
    {
        var csv = "customer,document,date,amount,poNumber\nC1,A,2026-03-01,1.00,\"x\ny\nz\"\n\nC1,B,2026-03-01,1.00,\r\nC1,C,2026-03-01,1.00,\"p\r\nq\"\r\nC1,D,2026-03-01,1.00,\n";
        var (records, _) = Read(csv, ColumnMapping.Native(ImportKind.Invoices));
        Assert.Equal([2L, 6L, 7L, 9L], records.Select(r => r.Line));
        Assert.All(records, r => Assert.Null(r.Problem));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\uFEFF")]
    [InlineData("\n\n")]
    public void An_empty_file_is_refused_at_line_1(string csv)
    {
        var (records, source) = Read(csv, ColumnMapping.Native(ImportKind.Invoices));
        Assert.Equal(1, Assert.Single(source.HeaderErrors).Line);
        Assert.Empty(records);
    }

    [Fact]
    public void A_stray_quote_is_a_row_problem()
    {
        var (records, _) = Read("customer,document,date,amount,poNumber\nC1,A,2026-03-01,1.00,12\" screen\n", ColumnMapping.Native(ImportKind.Invoices));
        Assert.Equal((2L, "row"), (records[0].Problem!.Line, records[0].Problem!.Field));
    }

    [Fact]
    public void A_missing_required_column_is_one_header_error_naming_it()
    {
        var (records, source) = Read("Kundennr;Belegnr;Belegdatum\nC1;A;01.03.2026\n", Erp);
        var error = Assert.Single(source.HeaderErrors);
        Assert.Equal((1L, "amount"), (error.Line, error.Field));
        Assert.Contains("'Betrag brutto'", error.Reason, StringComparison.Ordinal);
        Assert.Empty(records);
    }

    [Theory]
    [InlineData("1.234,50", 1234.50)]
    [InlineData("0,01", 0.01)]
    [InlineData("12", 12)]
    public void Amounts_read_with_the_mappings_separators(string text, decimal expected)
    {
        var (records, _) = Read($"Kundennr;Belegnr;Belegdatum;Betrag brutto\nC1;A;01.03.2026;{text}\n", Erp);
        var errors = new List<RowError>();
        var row = new RowParser(Erp).ParseLedger(records[0], errors);
        Assert.Empty(errors);
        Assert.Equal(expected, row!.Amount);
    }

    [Theory]
    [InlineData("10,005", "EUR", "amount")]
    [InlineData("100,5", "JPY", "amount")]
    [InlineData("1,234", "BHD", null)]
    [InlineData("1,2345", "BHD", "amount")]
    public void Precision_is_the_currencys(string amount, string currency, string? field)
    {
        var (records, _) = Read($"Kundennr;Belegnr;Belegdatum;Betrag brutto;Währung\nC1;A;01.03.2026;{amount};{currency}\n", Erp);
        var errors = new List<RowError>();
        var parser = new RowParser(Erp);
        var row = parser.ParseLedger(records[0], errors)!;
        var draft = parser.Resolve(row, new CustomerFacts(1, "C1", "EUR", "NET30"), errors);
        Assert.Equal(field, errors.SingleOrDefault()?.Field);
        Assert.Equal(field is null, draft is not null);
    }

    [Fact]
    public void The_content_hash_changes_with_any_posted_value()
    {
        var (records, _) = Read("Kundennr;Belegnr;Belegdatum;Betrag brutto\nC1;A;01.03.2026;10,00\nC1;A;01.03.2026;10,01\nC1;A;01.03.2026;10,00\n", Erp);
        var parser = new RowParser(Erp);
        var customer = new CustomerFacts(1, "C1", "EUR", "NET30");
        var hashes = records.Select(r => parser.Resolve(parser.ParseLedger(r, [])!, customer, [])!.ContentHash).ToList();
        Assert.NotEqual(hashes[0], hashes[1]);
        Assert.Equal(hashes[0], hashes[2]);
    }

    [Theory]
    [InlineData("""{"kind":"invoices","columns":{"X":"nope"}}""", "mapping.columns.X")]
    [InlineData("""{"kind":"invoices","decimalSeparator":";"}""", "mapping.decimalSeparator")]
    [InlineData("""{"kind":"invoices","decimalSeparator":",","thousandsSeparator":","}""", "mapping.thousandsSeparator")]
    [InlineData("""{"kind":"invoices","termsMap":{"Z1":"someday"}}""", "mapping.termsMap.Z1")]
    [InlineData("""{"kind":"invoices","defaultCurrency":"XXX1"}""", "mapping.defaultCurrency")]
    [InlineData("""{"kind":"invoices","unknownKey":1}""", "mapping")]
    public void Invalid_mappings_are_refused_naming_the_json_field(string json, string field)
    {
        var result = ColumnMapping.Parse(json);
        Assert.False(result.IsOk);
        Assert.StartsWith(field, result.Error!.Field, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_generator_is_deterministic_per_seed()
    {
        async Task<byte[]> Generate(int seed)
        {
            using var stream = new MemoryStream();
            await new SyntheticData(seed).WriteInvoices(stream, 2_000, 17);
            return stream.ToArray();
        }

        Assert.Equal(await Generate(5), await Generate(5));
        Assert.NotEqual(await Generate(5), await Generate(6));
    }
}

/// <summary>The UI's preview and pages.</summary>
public sealed class ImportPagesTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task Preview_shows_the_first_rows_with_per_cell_errors()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer, "EUR");
        var mapping = ColumnMapping.Parse(ImportSupport.Fixture("erp-invoices.json")).Value!;
        var rows = string.Join("\n", Enumerable.Range(1, 12).Select(i => $"{customer};P-{i};{(i == 3 ? "31.02.2026" : "01.03.2026")};;10,00;;;"));
        var csv = "Kundennr;Belegnr;Belegdatum;Fällig am;Betrag brutto;Währung;ZB;Bestellnr\n" + rows + "\nNOBODY;P-X;01.03.2026;;1,00;;;\n";
        var preview = await app.InScope(sp => sp.GetRequiredService<PreviewImport>().Handle(new MemoryStream(Encoding.UTF8.GetBytes(csv)), mapping, CancellationToken.None));
        Assert.Equal(10, preview.Rows.Count);
        Assert.Equal(";", preview.Delimiter);
        Assert.Contains("date", preview.Rows[2].Errors.Keys);
        Assert.Empty(preview.Rows[0].Errors);
        Assert.Equal(0, await app.Db(db => Task.FromResult(db.Entries.Count(e => e.Document!.StartsWith("P-")))));
    }

    [Fact]
    public async Task A_background_import_reports_its_progress_until_it_is_done()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer, "USD");
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, $"customer,document,date,amount\n{customer},{customer}-1,2026-03-01,10.00\n{customer},{customer}-2,2026-03-02,20.00\n");
        var id = await app.InScope(sp => sp.GetRequiredService<BackgroundImports>()
            .Start(ImportKind.Invoices, path, "upload.csv", ColumnMapping.Native(ImportKind.Invoices), "credo", partial: false, "user:test"));

        System.Text.Json.JsonElement status = default;
        for (var i = 0; i < 100; i++)
        {
            status = await (await client.GetAsync($"/api/imports/{id}")).Json();
            if (status.GetProperty("status").GetString() != "Running")
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal("Succeeded", status.GetProperty("status").GetString());
        Assert.Equal(2, status.GetProperty("rowsAdded").GetInt64());
        Assert.False(File.Exists(path));
        var recordedBy = await app.Db(db => Task.FromResult(db.Entries.Where(e => e.Document == customer + "-1").Select(e => e.RecordedBy).Single()));
        Assert.Equal("user:test", recordedBy);
        var page = await (await client.GetAsync($"/team/imports/{id}?handler=Status")).Content.ReadAsStringAsync();
        Assert.Contains("Done", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_upload_page_previews_and_runs_an_import()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer, "USD");
        var page = await (await client.GetAsync("/team/imports")).Content.ReadAsStringAsync();
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        Assert.NotEmpty(token);

        MultipartFormDataContent Form(string csv)
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent(token), "__RequestVerificationToken" },
                { new StringContent("invoices"), "Kind" },
                { new StringContent("credo"), "MappingName" },
                { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "Upload", "invoices.csv" },
            };
            return form;
        }

        var csv = $"customer,document,date,amount\n{customer},{customer}-1,2026-03-01,10.00\n{customer},{customer}-2,2026-13-01,10.00\n";
        var preview = await client.PostAsync("/team/imports?handler=Preview", Form(csv));
        var html = await preview.Content.ReadAsStringAsync();
        Assert.True(preview.IsSuccessStatusCode, html);
        Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.Contains("is not a date", html, StringComparison.Ordinal);

        var run = await client.PostAsync("/team/imports?handler=Run", Form(csv.Replace("2026-13-01", "2026-03-02", StringComparison.Ordinal)));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, run.StatusCode);
        var location = run.Headers.Location!.OriginalString;
        Assert.StartsWith("/team/imports/", location, StringComparison.Ordinal);
        for (var i = 0; i < 100 && await app.EntryCount(customer) < 2; i++)
        {
            await Task.Delay(100);
        }

        Assert.Equal(2, await app.EntryCount(customer));
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync(location)).StatusCode);
    }

    [Fact]
    public async Task Import_pages_are_for_those_who_may_import()
    {
        var manager = await app.ClientAs("CreditManager");
        var page = await manager.GetAsync("/team/imports");
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Preview first 10 rows", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await manager.GetAsync("/team/imports/mappings")).StatusCode);

        var viewer = await app.ClientAs("Viewer");
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await viewer.GetAsync("/team/imports")).StatusCode);
    }
}
