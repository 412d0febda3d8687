using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Credo.Web.Features.CashApplication;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.CashApplication;

/// <summary>Remittance advices apart from the money (email body, CSV, PDF) linked to their line and fed to the matcher (issue 15 §3); SQLite and PostgreSQL.</summary>
public sealed class RemittanceAdviceTests(CredoApp app) : IClassFixture<CredoApp>
{
    private static readonly DateOnly On = new(2026, 2, 10);

    /// <summary>A customer with two invoices, and a statement line paying both whose remittance names neither.</summary>
    private async Task<(HttpClient Client, string First, string Second, long Line, decimal Total)> Waiting()
    {
        var manager = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        var (first, second) = (Http.Unique("INV"), Http.Unique("INV"));
        var cents = Random.Shared.Next(1, 99_99);
        await manager.Invoice(customer, first, 1_000m + (cents / 100m));
        await manager.Invoice(customer, second, 250.50m);
        var total = 1_250.50m + (cents / 100m);
        var iban = "DE" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(CultureInfo.InvariantCulture) + "0000000";
        var client = await app.ClientAs("Collector");
        var xml = Camt053Writer.Write(iban, "USD", Http.Unique("STMT"), 1, On, 0, [new(On, (long)(total * 100), "Muster Handels GmbH", null, "Zahlung Februar", Http.Unique("REF"))]);
        var form = new MultipartFormDataContent();
        var file = new StringContent(xml, Encoding.UTF8);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        form.Add(file, "file", "statement.xml");
        var report = await (await client.PostAsync($"/api/cash-application/statements?account={iban}", form)).Json();
        var statement = report.GetProperty("statements")[0].GetProperty("id").GetInt64();
        var line = (await client.Get($"/api/cash-application/statements/{statement}/lines"))[0];
        Assert.NotEqual("applied", line.Str("status"));
        return (client, first, second, line.GetProperty("id").GetInt64(), total);
    }

    private static HttpContent Advice(byte[] content, string name, string type)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(type);
        form.Add(file, "file", name);
        return form;
    }

    private static string Amount(decimal amount) => amount.ToString("N2", CultureInfo.InvariantCulture);

    [Fact]
    public async Task An_email_advice_is_linked_to_the_line_of_its_total_and_the_matcher_applies_it()
    {
        var (client, first, second, line, total) = await Waiting();
        var body = $"""
            Dear accounts team,
            we paid today:
              {first}   {Amount(total - 250.50m)}
              {second}    250.50
            Total: {Amount(total)} USD
            """;

        var response = await client.PostAsync("/api/cash-application/remittances?currency=USD", Advice(Encoding.UTF8.GetBytes(body), "mail.txt", "text/plain"));

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var result = await response.Json();
        Assert.Equal((line, "email", "applied"), (result.GetProperty("lineId").GetInt64(), result.Str("form"), result.Str("status")));
        Assert.Equal(0m, (await client.Get($"/api/invoices/{first}")).Dec("open"));
        Assert.Equal(0m, (await client.Get($"/api/invoices/{second}")).Dec("open"));
        var evidence = (await client.Get($"/api/cash-application/lines/{line}")).GetProperty("evidence").EnumerateArray().Select(e => e.GetString()!);
        Assert.Contains(evidence, e => e.StartsWith($"A remittance advice (email) names {first}", StringComparison.Ordinal));
        await app.AssertReconciled();
    }

    [Fact]
    public async Task An_email_opening_with_a_greeting_sent_twice_with_one_idempotency_key_is_applied_once_and_replayed()
    {
        var (client, first, second, line, total) = await Waiting();
        var body = Encoding.UTF8.GetBytes($"""
            Hello,

            we paid today:
              {first}   {Amount(total - 250.50m)}
              {second}    250.50
            Total: {Amount(total)} USD
            """);
        var key = Http.Unique("advice");

        async Task<HttpResponseMessage> Send()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cash-application/remittances?currency=USD") { Content = Advice(body, "mail.txt", "text/plain") };
            request.Headers.Add("Idempotency-Key", key);
            return await client.SendAsync(request);
        }

        var once = await Send();
        var twice = await Send();

        Assert.True(once.IsSuccessStatusCode, await once.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, twice.StatusCode);
        Assert.True(twice.Headers.Contains("Idempotent-Replayed"));
        var replayed = await twice.Json();
        Assert.Equal((line, "applied"), (replayed.GetProperty("lineId").GetInt64(), replayed.Str("status")));
        Assert.Equal(0m, (await client.Get($"/api/invoices/{first}")).Dec("open"));
        await app.AssertReconciled();
    }

    [Fact]
    public async Task A_csv_advice_for_a_named_line_feeds_the_matcher()
    {
        var (client, first, second, line, total) = await Waiting();
        var csv = $"Invoice number;Amount paid\n{first};{(total - 250.50m).ToString("0.00", CultureInfo.InvariantCulture)}\n{second};250.50\n";

        var result = await (await client.PostAsync($"/api/cash-application/remittances?line={line}", Advice(Encoding.UTF8.GetBytes(csv), "advice.csv", "text/csv"))).Json();

        Assert.Equal(("csv", "applied"), (result.Str("form"), result.Str("status")));
        Assert.Equal(0m, (await client.Get($"/api/invoices/{first}")).Dec("open"));
    }

    [Fact]
    public async Task A_pdf_advice_is_read_from_its_text()
    {
        var (client, first, second, line, total) = await Waiting();
        var pdf = TextPdf(["Remittance advice", $"{first}  {Amount(total - 250.50m)}", $"{second}  250.50", $"Total {Amount(total)}"]);

        var response = await client.PostAsync($"/api/cash-application/remittances?line={line}", Advice(pdf, "advice.pdf", "application/pdf"));

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var result = await response.Json();
        Assert.Equal(("pdf", "applied"), (result.Str("form"), result.Str("status")));
        Assert.Equal(JsonValueKind.Array, result.GetProperty("invoices").ValueKind);
        Assert.Equal(0m, (await client.Get($"/api/invoices/{second}")).Dec("open"));
    }

    [Fact]
    public async Task An_advice_without_invoice_numbers_or_without_a_total_and_a_line_is_refused_and_nothing_moves()
    {
        var (client, first, _, line, _) = await Waiting();

        var nothing = await client.PostAsync($"/api/cash-application/remittances?line={line}", Advice("Thanks for your patience"u8.ToArray(), "mail.txt", "text/plain"));
        var noTotal = await client.PostAsync("/api/cash-application/remittances?currency=USD", Advice(Encoding.UTF8.GetBytes($"We paid {first}."), "mail.txt", "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, noTotal.StatusCode);
        Assert.NotEqual(0m, (await client.Get($"/api/invoices/{first}")).Dec("open"));
    }

    /// <summary>A statement of one line paying <paramref name="amount"/> whose remittance names no invoice; the line as the API shows it.</summary>
    private static async Task<JsonElement> Statement(HttpClient client, decimal amount)
    {
        var iban = "DE" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(CultureInfo.InvariantCulture) + "0000000";
        var xml = Camt053Writer.Write(iban, "USD", Http.Unique("STMT"), 1, On, 0, [new(On, (long)(amount * 100), "Muster Handels GmbH", null, "Zahlung Februar", Http.Unique("REF"))]);
        var form = new MultipartFormDataContent();
        var file = new StringContent(xml, Encoding.UTF8);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        form.Add(file, "file", "statement.xml");
        var report = await (await client.PostAsync($"/api/cash-application/statements?account={iban}", form)).Json();
        var statement = report.GetProperty("statements")[0].GetProperty("id").GetInt64();
        return (await client.Get($"/api/cash-application/statements/{statement}/lines"))[0];
    }

    [Fact]
    public async Task An_advice_that_arrives_before_its_money_waits_and_the_line_of_its_total_is_applied_with_it_once()
    {
        var manager = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        var (first, second) = (Http.Unique("INV"), Http.Unique("INV"));
        var big = 7_000m + (Random.Shared.Next(1, 999_99) / 100m);
        await manager.Invoice(customer, first, big);
        await manager.Invoice(customer, second, 250.50m);
        var total = big + 250.50m;
        var client = await app.ClientAs("Collector");
        var csv = $"Invoice number;Amount paid\n{first};{big.ToString("0.00", CultureInfo.InvariantCulture)}\n{second};250.50\n";

        var kept = await client.PostAsync("/api/cash-application/remittances?currency=USD", Advice(Encoding.UTF8.GetBytes(csv), "advice.csv", "text/csv"));

        Assert.True(kept.IsSuccessStatusCode, await kept.Content.ReadAsStringAsync());
        var waiting = await kept.Json();
        Assert.Equal(("csv", "waiting", JsonValueKind.Null), (waiting.Str("form"), waiting.Str("status"), waiting.GetProperty("lineId").ValueKind));
        Assert.NotEqual(0m, (await client.Get($"/api/invoices/{first}")).Dec("open"));

        var line = await Statement(client, total);

        Assert.Equal("applied", line.Str("status"));
        Assert.Equal(0m, (await client.Get($"/api/invoices/{first}")).Dec("open"));
        Assert.Equal(0m, (await client.Get($"/api/invoices/{second}")).Dec("open"));
        Assert.Contains(line.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()!), e => e.StartsWith($"A remittance advice (CSV file) names {first}", StringComparison.Ordinal));

        // The advice is used: a second line of the same total is matched without it.
        var again = await Statement(client, total);
        Assert.NotEqual("applied", again.Str("status"));
        Assert.DoesNotContain(again.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()!), e => e.StartsWith("A remittance advice", StringComparison.Ordinal));
        await app.AssertReconciled();
    }

    [Fact]
    public async Task Kept_advices_are_append_only()
    {
        var client = await app.ClientAs("Collector");
        var kept = await (await client.PostAsync("/api/cash-application/remittances?currency=USD", Advice(Encoding.UTF8.GetBytes($"{Http.Unique("INV")} 12.34"), "mail.txt", "text/plain"))).Json();
        Assert.Equal("waiting", kept.Str("status"));
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<Credo.Web.Data.CreditDb>();
        var id = kept.GetProperty("adviceId").GetInt64();

        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlAsync($"UPDATE remittance_advices SET \"Said\" = 'changed' WHERE \"Id\" = {id}"));
        await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlAsync($"DELETE FROM remittance_advices WHERE \"Id\" = {id}"));
    }

    [Fact]
    public async Task Advices_need_a_signed_in_person_who_works_the_queue()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostAsync("/api/cash-application/remittances?currency=USD", Advice("INV-1 1.00"u8.ToArray(), "a.txt", "text/plain"))).StatusCode);
        var viewer = await app.ClientAs("Viewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/api/cash-application/remittances?currency=USD", Advice("INV-1 1.00"u8.ToArray(), "a.txt", "text/plain"))).StatusCode);
    }

    /// <summary>A one-page PDF with a text layer (Helvetica, one line per string), written by hand with a correct cross-reference table.</summary>
    public static byte[] TextPdf(IReadOnlyList<string> lines)
    {
        var stream = new StringBuilder("BT /F1 11 Tf 50 780 Td 14 TL\n");
        foreach (var line in lines)
        {
            stream.Append('(').Append(line.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal)).Append(") Tj T*\n");
        }

        stream.Append("ET");
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            $"<< /Length {Encoding.ASCII.GetByteCount(stream.ToString())} >>\nstream\n{stream}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(Encoding.ASCII.GetByteCount(pdf.ToString()));
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = Encoding.ASCII.GetByteCount(pdf.ToString());
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        offsets.ForEach(o => pdf.Append(CultureInfo.InvariantCulture, $"{o:D10} 00000 n \n"));
        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
