using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Credo.Web.Features.CashApplication;
using Credo.Web.Tests.Imports;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.CashApplication;

/// <summary>The remittance advice page (issue 15 §3) through HTTP: paste or upload, what was understood and what happened, errors by field, CSRF and roles; SQLite and PostgreSQL.</summary>
public sealed partial class AdvicePageTests(CredoApp app) : IClassFixture<CredoApp>
{
    private const string Page = "/team/cash-application/advices";
    private static readonly DateOnly On = new(2026, 2, 10);

    private static async Task<string> Token(HttpClient client) =>
        TokenPattern().Match(await client.GetStringAsync(Page)).Groups[1].Value;

    private static async Task<HttpResponseMessage> Post(HttpClient client, string? text, (byte[] Bytes, string Name, string Type)? file, string currency, string? token = "")
    {
        var form = new MultipartFormDataContent { { new StringContent(text ?? ""), "Text" }, { new StringContent(currency), "Currency" } };
        if (token is not null)
        {
            form.Add(new StringContent(token.Length > 0 ? token : await Token(client)), "__RequestVerificationToken");
        }

        if (file is { } f)
        {
            var content = new ByteArrayContent(f.Bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue(f.Type);
            form.Add(content, "Upload", f.Name);
        }

        return await client.PostAsync(Page, form);
    }

    /// <summary>A customer with two invoices; the first's amount made unique so that no other line has this total.</summary>
    private async Task<(string First, string Second, decimal Total)> Invoices()
    {
        var manager = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        var (first, second) = (Http.Unique("INV"), Http.Unique("INV"));
        var big = 3_000m + (Random.Shared.Next(1, 999_99) / 100m);
        await manager.Invoice(customer, first, big);
        await manager.Invoice(customer, second, 99.90m);
        return (first, second, big + 99.90m);
    }

    private static async Task Statement(HttpClient client, decimal amount)
    {
        var iban = "DE" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(CultureInfo.InvariantCulture) + "0000000";
        var xml = Camt053Writer.Write(iban, "USD", Http.Unique("STMT"), 1, On, 0, [new(On, (long)(amount * 100), "Muster Handels GmbH", null, "Zahlung Februar", Http.Unique("REF"))]);
        var form = new MultipartFormDataContent();
        var file = new StringContent(xml, Encoding.UTF8);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        form.Add(file, "file", "statement.xml");
        Assert.True((await client.PostAsync($"/api/cash-application/statements?account={iban}", form)).IsSuccessStatusCode);
    }

    private static string Amount(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Pasted_email_text_for_a_waiting_line_shows_what_was_understood_and_that_the_line_is_applied()
    {
        var (first, second, total) = await Invoices();
        var client = await app.ClientAs("Collector");
        await Statement(client, total);

        var response = await Post(client, $"Dear team,\nwe paid\n{first} {Amount(total - 99.90m)}\n{second} 99.90\nTotal {Amount(total)}", null, "USD");

        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, html);
        Assert.Contains($"A remittance advice (email) names {first}", WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.Contains("The line is applied", html, StringComparison.Ordinal);
        Assert.Equal(0m, (await client.Get($"/api/invoices/{first}")).Dec("open"));
    }

    [Fact]
    public async Task An_uploaded_csv_before_its_money_is_kept_waiting_and_listed_then_applied_when_the_line_arrives()
    {
        var (first, second, total) = await Invoices();
        var client = await app.ClientAs("Collector");
        var csv = Encoding.UTF8.GetBytes($"Invoice,Amount paid\n{first},{Amount(total - 99.90m)}\n{second},99.90\n");

        var response = await Post(client, null, (csv, "advice.csv", "text/csv"), "USD");

        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.True(response.IsSuccessStatusCode, html);
        Assert.Contains("the advice is kept and applied when its money arrives", html, StringComparison.Ordinal);
        Assert.Contains($"A remittance advice (CSV file) names {first}", html, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"advices-waiting\"", html, StringComparison.Ordinal);

        await Statement(client, total);

        Assert.Equal(0m, (await client.Get($"/api/invoices/{first}")).Dec("open"));
        Assert.DoesNotContain($"names {first}", WebUtility.HtmlDecode(await client.GetStringAsync(Page)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_are_shown_by_field_and_nothing_is_kept()
    {
        var client = await app.ClientAs("Collector");
        var before = await app.Db(db => Task.FromResult(db.RemittanceAdvices.Count()));

        var empty = await (await Post(client, "", null, "USD")).Content.ReadAsStringAsync();
        var both = await (await Post(client, "INV-1234 1.00", ("x"u8.ToArray(), "a.csv", "text/csv"), "USD")).Content.ReadAsStringAsync();
        var noInvoice = await (await Post(client, "Thank you for your patience", null, "USD")).Content.ReadAsStringAsync();
        var noCurrency = await (await Post(client, "INV-1234 1.00", null, "")).Content.ReadAsStringAsync();

        Assert.Contains("data-testid=\"advice-text-error\">Paste the advice", empty, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"advice-upload-error\">Paste the text or choose a file, not both.", both, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"advice-text-error\">The advice names no invoice number", noInvoice, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"advice-currency-error\">", noCurrency, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", noCurrency, StringComparison.Ordinal);
        Assert.Equal(before, await app.Db(db => Task.FromResult(db.RemittanceAdvices.Count())));
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused_and_a_viewer_may_not_post()
    {
        var collector = await app.ClientAs("Collector");
        var viewer = await app.ClientAs("Viewer");

        var forged = await Post(collector, "INV-99887766 5.00", null, "USD", token: null);
        var asViewer = await Post(viewer, "INV-99887766 5.00", null, "USD");

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        // A viewer's page has no form (so no antiforgery token to post with): refused either way, nothing kept.
        Assert.True(asViewer.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, asViewer.StatusCode.ToString());
        Assert.DoesNotContain("<form method=\"post\" enctype", await viewer.GetStringAsync(Page), StringComparison.Ordinal);
        var anonymous = await app.Anonymous().GetAsync(Page);
        Assert.NotEqual(HttpStatusCode.OK, anonymous.StatusCode);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
