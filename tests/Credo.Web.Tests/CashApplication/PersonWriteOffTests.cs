using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Credo.Web.Features.CashApplication;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Credo.Web.Tests.CashApplication;

/// <summary>
/// A small difference written off on a person's confirmation or match (issue 15 §3): the same policy and roles as the
/// engine's batch, through the one rule (SmallDifferences); on SQLite and PostgreSQL.
/// </summary>
public sealed class PersonWriteOffTests(CredoApp app) : IClassFixture<CredoApp>
{
    private static readonly DateOnly On = new(2026, 2, 10);

    private async Task<(Func<string, Task<HttpClient>> As, string Customer, string Iban)> Setup(WebApplicationFactory<Program> host)
    {
        async Task<HttpClient> As(string role)
        {
            var client = host.CreateClient();
            client.DefaultRequestHeaders.Add("X-Api-Key", await app.KeyFor(role));
            return client;
        }

        var manager = await As("CreditManager");
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        var iban = "DE" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture) + "0000000";
        return (As, customer, iban);
    }

    private static async Task<long> OneLine(HttpClient client, string iban, long amountMinor, string remittance)
    {
        var xml = Camt053Writer.Write(iban, "USD", Http.Unique("STMT"), 1, On, 0, [new(On, amountMinor, "Someone", null, remittance, Http.Unique("REF"))]);
        var form = new MultipartFormDataContent();
        var file = new StringContent(xml, Encoding.UTF8);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        form.Add(file, "file", "statement.xml");
        var report = await (await client.PostAsync($"/api/cash-application/statements?account={iban}", form)).Json();
        var statement = report.GetProperty("statements")[0].GetProperty("id").GetInt64();
        return (await client.Get($"/api/cash-application/statements/{statement}/lines"))[0].GetProperty("id").GetInt64();
    }

    private static IEnumerable<string> Evidence(JsonElement line) => line.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()!);

    [Fact]
    public async Task A_credit_managers_confirmation_writes_off_the_small_difference_and_a_collectors_leaves_it_open()
    {
        using var host = app.WithWebHostBuilder(b => b.UseSetting("CashApplication:WriteOffMaxMinor:USD", "500"));
        var (As, customer, iban) = await Setup(host);
        var manager = await As("CreditManager");
        var collector = await As("Collector");
        var (first, second) = (Http.Unique("INV"), Http.Unique("INV"));
        await manager.Invoice(customer, first, 100m);
        await manager.Invoice(customer, second, 100m);
        var byManager = await OneLine(manager, iban, 97_50, $"Invoice {first}");
        var byCollector = await OneLine(collector, iban, 97_50, $"Invoice {second}");
        Assert.Equal("suggested", (await manager.Get($"/api/cash-application/lines/{byManager}")).Str("status"));

        var confirmed = await (await manager.PostJson($"/api/cash-application/lines/{byManager}/confirm", new { }, Http.Unique("key"))).Json();
        var notWritten = await (await collector.PostJson($"/api/cash-application/lines/{byCollector}/confirm", new { }, Http.Unique("key"))).Json();

        Assert.Equal(0m, (await manager.Get($"/api/invoices/{first}")).Dec("open"));
        Assert.Contains($"Written off by policy: 2.50 USD left open on {first} (small differences up to 5.00 USD are written off)", Evidence(confirmed));
        Assert.Equal(2.5m, (await manager.Get($"/api/invoices/{second}")).Dec("open"));
        Assert.Contains(Evidence(notWritten), e => e.Contains("only an administrator or a credit manager may write off", StringComparison.Ordinal));
        await app.AssertReconciled();
    }

    [Fact]
    public async Task A_match_by_hand_short_within_tolerance_is_written_off_but_a_partial_payment_is_not()
    {
        using var host = app.WithWebHostBuilder(b => b.UseSetting("CashApplication:WriteOffMaxMinor:USD", "500"));
        var (As, customer, iban) = await Setup(host);
        var manager = await As("CreditManager");
        var (small, partial) = (Http.Unique("INV"), Http.Unique("INV"));
        await manager.Invoice(customer, small, 50m);
        await manager.Invoice(customer, partial, 80m);
        var shortLine = await OneLine(manager, iban, 48_00, "February");
        var partialLine = await OneLine(manager, iban, 40_00, "March");

        var matched = await (await manager.PostJson($"/api/cash-application/lines/{shortLine}/match",
            new { customerNumber = customer, allocations = new[] { new { invoiceNumber = small, amount = 48m } } }, Http.Unique("key"))).Json();
        await manager.PostJson($"/api/cash-application/lines/{partialLine}/match",
            new { customerNumber = customer, allocations = new[] { new { invoiceNumber = partial, amount = 40m } } }, Http.Unique("key"));

        Assert.Equal(0m, (await manager.Get($"/api/invoices/{small}")).Dec("open"));
        Assert.Contains($"Written off by policy: 2.00 USD left open on {small} (small differences up to 5.00 USD are written off)", Evidence(matched));
        Assert.Equal(40m, (await manager.Get($"/api/invoices/{partial}")).Dec("open"));
        await app.AssertReconciled();
    }
}
