using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Credo.Web.Features.CashApplication;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.CashApplication;

/// <summary>
/// Lines paying invoices in another currency (issue 15, stage 3), through the API on SQLite and PostgreSQL: converted
/// at the value date's rate from the rate history, the exchange difference posted as its own ledger adjustment, the
/// words in both currencies; a missing rate waits for a person; beyond the tolerance only suggested; a re-import adds nothing.
/// </summary>
public sealed class CrossCurrencyTests(CredoApp app) : IClassFixture<CredoApp>
{
    private static readonly DateOnly On = new(2026, 2, 10);

    private async Task<(HttpClient Manager, string Customer, string Iban)> Setup()
    {
        var manager = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        var iban = "DE" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture) + "0000000";
        return (manager, customer, iban);
    }

    private static async Task Rate(HttpClient client, string from, string to, decimal rate)
    {
        var response = await client.PutAsJsonAsync("/api/exchange-rates", new { from, to, effectiveOn = On.AddDays(-1), rate }, CredoApp.Json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Statement(string iban, string currency, string statementId, long amountMinor, string payer, string remittance, string reference) =>
        Camt053Writer.Write(iban, currency, statementId, 1, On, 0, [new(On, amountMinor, payer, null, remittance, reference)]);

    private static async Task<JsonElement> Import(HttpClient client, string iban, string xml)
    {
        var form = new MultipartFormDataContent();
        var file = new StringContent(xml, Encoding.UTF8);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        form.Add(file, "file", "statement.xml");
        var response = await client.PostAsync($"/api/cash-application/statements?account={iban}", form);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    private static async Task<JsonElement> OnlyLine(HttpClient client, JsonElement report) =>
        (await client.Get($"/api/cash-application/statements/{report.GetProperty("statements")[0].GetProperty("id").GetInt64()}/lines"))[0];

    private static string Said(JsonElement line) => string.Join('\n', line.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()));

    [Fact]
    public async Task A_euro_line_naming_a_dollar_invoice_is_applied_at_the_days_rate_with_the_exchange_loss_posted_apart_and_undone_whole()
    {
        var (manager, customer, iban) = await Setup();
        await Rate(manager, "EUR", "USD", 1.085m);
        var invoice = Http.Unique("INV");
        await manager.Invoice(customer, invoice, 1_090m, issueDate: "2026-01-10");

        var report = await Import(manager, iban, Statement(iban, "EUR", Http.Unique("STMT"), 1_000_00, "Customer " + customer, $"Invoice {invoice}", Http.Unique("REF")));
        var line = await OnlyLine(manager, report);

        Assert.Equal(1, report.GetProperty("applied").GetInt32());
        Assert.Equal("applied", line.Str("status"));
        Assert.Equal("1,000.00 EUR at 1.0850 = 1,085.00 USD; 5.00 USD exchange difference (a loss)", line.Str("exchange"));
        Assert.Equal("USD", line.Str("allocationCurrency"));
        Assert.Equal(1_085m, line.GetProperty("allocations")[0].GetProperty("amount").GetDecimal());
        Assert.Contains("Paid in EUR for invoices in USD", Said(line), StringComparison.Ordinal);
        Assert.Equal(0m, (await manager.Get($"/api/invoices/{invoice}")).Dec("open"));
        await app.AssertReconciled();

        var undone = await (await manager.PostJson($"/api/cash-application/lines/{line.GetProperty("id").GetInt64()}/undo", new { reason = "wrong customer" }, Http.Unique("key"))).Json();
        Assert.Equal("unmatched", undone.Str("status"));
        Assert.Equal(1_090m, (await manager.Get($"/api/invoices/{invoice}")).Dec("open"));
        await app.AssertReconciled();
    }

    [Fact]
    public async Task A_gain_raises_the_invoice_by_its_own_adjustment_and_the_payment_pays_all_of_it()
    {
        var (manager, customer, iban) = await Setup();
        await Rate(manager, "EUR", "USD", 1.085m);
        var invoice = Http.Unique("INV");
        await manager.Invoice(customer, invoice, 1_080m, issueDate: "2026-01-10");

        var line = await OnlyLine(manager, await Import(manager, iban, Statement(iban, "EUR", Http.Unique("STMT"), 1_000_00, "Customer " + customer, $"Invoice {invoice}", Http.Unique("REF"))));

        Assert.Equal("applied", line.Str("status"));
        Assert.Equal("1,000.00 EUR at 1.0850 = 1,085.00 USD; 5.00 USD exchange difference (a gain)", line.Str("exchange"));
        Assert.Equal(0m, (await manager.Get($"/api/invoices/{invoice}")).Dec("open"));
        await app.AssertReconciled();
    }

    [Fact]
    public async Task Without_a_rate_for_the_value_date_the_line_waits_for_a_person_and_nothing_is_posted()
    {
        var (manager, customer, iban) = await Setup();
        var invoice = Http.Unique("INV");
        await manager.Invoice(customer, invoice, 500m, issueDate: "2026-01-10");

        var line = await OnlyLine(manager, await Import(manager, iban, Statement(iban, "CHF", Http.Unique("STMT"), 450_00, "Customer " + customer, $"Invoice {invoice}", Http.Unique("REF"))));

        Assert.Equal("unmatched", line.Str("status"));
        Assert.Contains("Waits for a person", Said(line), StringComparison.Ordinal);
        Assert.Contains("there is no CHF to USD exchange rate in effect on the value date 2026-02-10", Said(line), StringComparison.Ordinal);
        Assert.Equal(500m, (await manager.Get($"/api/invoices/{invoice}")).Dec("open"));
    }

    [Fact]
    public async Task Beyond_the_tolerance_the_line_is_only_suggested_and_a_confirmation_pays_the_converted_amount()
    {
        var (manager, customer, iban) = await Setup();
        await Rate(manager, "EUR", "USD", 1.085m);
        var invoice = Http.Unique("INV");
        await manager.Invoice(customer, invoice, 1_090m, issueDate: "2026-01-10");

        var line = await OnlyLine(manager, await Import(manager, iban, Statement(iban, "EUR", Http.Unique("STMT"), 900_00, "Customer " + customer, $"Invoice {invoice}", Http.Unique("REF"))));

        Assert.Equal("suggested", line.Str("status"));
        Assert.Contains("beyond the 1.00 % tolerance", Said(line), StringComparison.Ordinal);
        Assert.Equal(1_090m, (await manager.Get($"/api/invoices/{invoice}")).Dec("open"));

        var confirmed = await (await manager.PostJson($"/api/cash-application/lines/{line.GetProperty("id").GetInt64()}/confirm", new { }, Http.Unique("key"))).Json();
        Assert.Equal("applied", confirmed.Str("status"));
        Assert.Equal("900.00 EUR at 1.0850 = 976.50 USD", confirmed.Str("exchange"));
        Assert.Equal(113.50m, (await manager.Get($"/api/invoices/{invoice}")).Dec("open"));
        await app.AssertReconciled();
    }

    [Fact]
    public async Task The_same_statement_imported_again_adds_nothing_and_posts_nothing()
    {
        var (manager, customer, iban) = await Setup();
        await Rate(manager, "EUR", "USD", 1.085m);
        var invoice = Http.Unique("INV");
        await manager.Invoice(customer, invoice, 1_085m, issueDate: "2026-01-10");
        var xml = Statement(iban, "EUR", Http.Unique("STMT"), 1_000_00, "Customer " + customer, $"Invoice {invoice}", Http.Unique("REF"));

        var first = await Import(manager, iban, xml);
        var again = await Import(manager, iban, xml);

        Assert.Equal(1, first.GetProperty("linesAdded").GetInt32());
        Assert.Equal(0, again.GetProperty("linesAdded").GetInt32());
        Assert.Equal(1, first.GetProperty("applied").GetInt32());
        Assert.Equal(0, again.GetProperty("applied").GetInt32());
        Assert.Equal(0m, (await manager.Get($"/api/invoices/{invoice}")).Dec("open"));
        await app.AssertReconciled();
    }
}
