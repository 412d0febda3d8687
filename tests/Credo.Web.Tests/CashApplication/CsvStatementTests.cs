using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.CashApplication;

/// <summary>CSV bank statements through a saved column mapping per bank (issue 15 §1); on SQLite and PostgreSQL.</summary>
public sealed class CsvStatementTests(CredoApp app) : IClassFixture<CredoApp>
{
    /// <summary>A German bank's export: semicolons, dd.MM.yyyy, decimal commas, thousands dots, S/H for debit and credit.</summary>
    private const string SparkasseLayout = """
        {
          "kind": "bank-lines",
          "columns": {
            "Buchungstag": "bookedOn", "Valutadatum": "valueOn", "Betrag": "amount", "Soll/Haben": "creditDebit",
            "Waehrung": "currency", "Beguenstigter/Zahlungspflichtiger": "payerName", "Kontonummer/IBAN": "payerAccount",
            "Verwendungszweck": "remittance", "Kundenreferenz": "reference", "Saldo": "balance"
          },
          "valueMaps": { "creditDebit": { "H": "C", "S": "D" } },
          "dateFormats": ["dd.MM.yyyy"],
          "decimalSeparator": ",",
          "thousandsSeparator": ".",
          "delimiter": ";"
        }
        """;

    private static string Iban() => "DE" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture) + "0000000";

    private async Task<string> SaveLayout()
    {
        var name = Http.Unique("sparkasse");
        var admin = await app.ClientAs("Admin");
        var put = await admin.PutAsync($"/api/import-mappings/{name}", new StringContent(SparkasseLayout, Encoding.UTF8, "application/json"));
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        return name;
    }

    private static HttpContent File(string content)
    {
        var form = new MultipartFormDataContent();
        var file = new StringContent(content, Encoding.UTF8);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "umsaetze.csv");
        return form;
    }

    private static string Csv(string invoice, string reference) => $"""
        Buchungstag;Valutadatum;Verwendungszweck;Beguenstigter/Zahlungspflichtiger;Kontonummer/IBAN;Betrag;Soll/Haben;Waehrung;Kundenreferenz;Saldo
        10.02.2026;10.02.2026;"RE {invoice}; Danke";Muster GmbH;DE02120300000000202051;1.100,00;H;USD;{reference}-1;2.100,00
        10.02.2026;10.02.2026;Kontofuehrung Februar;;;"12,50";S;USD;{reference}-2;2.087,50
        """;

    [Fact]
    public async Task A_csv_export_is_read_through_the_banks_saved_mapping_and_matched()
    {
        var layout = await SaveLayout();
        var manager = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        var invoice = Http.Unique("INV");
        await manager.Invoice(customer, invoice, 1_100m);
        var iban = Iban();
        var client = await app.ClientAs("Collector");

        var response = await client.PostAsync($"/api/cash-application/statements?account={iban}&mapping={layout}", File(Csv(invoice, Http.Unique("REF"))));

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var report = await response.Json();
        Assert.Equal((2, 1), (report.GetProperty("linesAdded").GetInt32(), report.GetProperty("applied").GetInt32()));
        Assert.Equal("csv", report.GetProperty("statements")[0].Str("format"));
        Assert.Equal(JsonValueKind.Null, report.GetProperty("statements")[0].GetProperty("balanceWarning").ValueKind);
        Assert.Equal(0m, (await client.Get($"/api/invoices/{invoice}")).Dec("open"));
        var id = report.GetProperty("statements")[0].GetProperty("id").GetInt64();
        var lines = (await client.Get($"/api/cash-application/statements/{id}/lines")).EnumerateArray().ToList();
        Assert.Equal(-12.50m, lines[1].Dec("amount"));
        await app.AssertReconciled();
    }

    [Fact]
    public async Task The_same_csv_file_twice_adds_nothing()
    {
        var layout = await SaveLayout();
        var client = await app.ClientAs("Collector");
        var iban = Iban();
        var csv = Csv(Http.Unique("INV"), Http.Unique("REF"));
        Assert.True((await client.PostAsync($"/api/cash-application/statements?account={iban}&mapping={layout}", File(csv))).IsSuccessStatusCode);

        var again = await (await client.PostAsync($"/api/cash-application/statements?account={iban}&mapping={layout}", File(csv))).Json();

        Assert.Equal(0, again.GetProperty("linesAdded").GetInt32());
    }

    [Fact]
    public async Task A_bad_csv_file_is_refused_whole_with_every_problem_by_line_field_and_reason()
    {
        var layout = await SaveLayout();
        var client = await app.ClientAs("Collector");
        var iban = Iban();
        var csv = """
            Buchungstag;Valutadatum;Verwendungszweck;Beguenstigter/Zahlungspflichtiger;Kontonummer/IBAN;Betrag;Soll/Haben;Waehrung;Kundenreferenz;Saldo
            10.02.2026;10.02.2026;ok;A;;100,00;H;USD;R1;
            31.02.2026;10.02.2026;bad date;B;;100,00;H;USD;R2;
            10.02.2026;10.02.2026;bad amount;C;;1,234;H;USD;R3;
            10.02.2026;10.02.2026;bad mark;D;;5,00;X;USD;R4;
            """;

        var response = await client.PostAsync($"/api/cash-application/statements?account={iban}&mapping={layout}", File(csv));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Json();
        var errors = problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt64(), e.Str("field"))).ToList();
        Assert.Equal([(3L, "bookedOn"), (4L, "amount"), (5L, "creditDebit")], errors);
        var statements = (await client.Get("/api/cash-application/statements")).EnumerateArray();
        Assert.DoesNotContain(statements, s => s.Str("account") == iban);
    }

    [Fact]
    public async Task A_preview_reads_the_file_and_writes_nothing()
    {
        var layout = await SaveLayout();
        var client = await app.ClientAs("Collector");
        var iban = Iban();

        var preview = await (await client.PostAsync($"/api/cash-application/statements/preview?account={iban}&mapping={layout}", File(Csv("INV-1", Http.Unique("REF"))))).Json();

        var statement = preview.GetProperty("statements")[0];
        Assert.Equal((iban, 2), (statement.Str("account"), statement.GetProperty("lines").GetArrayLength()));
        Assert.Equal(100_000L, statement.GetProperty("openingMinor").GetInt64());
        Assert.Equal("1,100.00 USD", statement.GetProperty("lines")[0].Str("amount"));
        Assert.DoesNotContain((await client.Get("/api/cash-application/statements")).EnumerateArray(), s => s.Str("account") == iban);
    }

    [Fact]
    public async Task An_unknown_layout_or_a_mapping_of_another_kind_is_refused()
    {
        var client = await app.ClientAs("Collector");
        var missing = await client.PostAsync($"/api/cash-application/statements/preview?account={Iban()}&mapping=no-such-bank", File("a;b\n1;2"));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Equal("mapping", (await missing.Json()).Str("field"));
    }

    [Fact]
    public async Task Preview_needs_a_signed_in_person_who_works_the_queue()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostAsync("/api/cash-application/statements/preview", File("x"))).StatusCode);
        var viewer = await app.ClientAs("Viewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/api/cash-application/statements/preview", File("x"))).StatusCode);
    }
}
