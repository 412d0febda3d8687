using System.Net.Http.Json;
using Credo.Web.Features.Credit;
using Credo.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Credit;

/// <summary>A line moves to another currency together with a new limit in it; its exposure is derived again in the same transaction.</summary>
public sealed class LineCurrencyChangeTests(CredoApp app) : IClassFixture<CredoApp>
{
    private DateOnly Today => app.Today; // the app's clock (issue 12 §6)

    [Fact]
    public async Task A_line_changes_currency_with_a_new_limit_converting_its_exposure_and_recording_it()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        await client.SetLimit("customer", customer, 1_000m, "USD");
        await app.PostInvoice(customer, 300_00, Today.AddDays(20)); // posted 10 days ago
        var order = Http.Unique("SO");
        await client.CheckOk(customer, order, 200m);

        // A limit in another currency without saying so is refused, as is a move without a limit.
        await (await client.PutAsJsonAsync($"/api/credit-lines/customer/{customer}", new { limit = 1_500m, currency = "CAD", reason = "typo" }, CredoApp.Json))
            .AssertProblem(409, "line-currency-fixed", "currency");
        await (await client.PutAsJsonAsync($"/api/credit-lines/customer/{customer}", new { currency = "CAD", reason = "moved", changeCurrency = true }, CredoApp.Json))
            .AssertProblem(400, "validation", "limit");

        // No USD -> CAD rate yet: refused, nothing changes.
        var refused = await client.PutAsJsonAsync($"/api/credit-lines/customer/{customer}", new { limit = 1_500m, currency = "CAD", reason = "Customer moved to Canada", changeCurrency = true }, CredoApp.Json);
        await refused.AssertProblem(400, "validation", "currency");
        Assert.Equal("USD", (await client.Line("customer", customer)).GetProperty("currency").GetString());

        var rate = await client.PutAsJsonAsync("/api/exchange-rates", new { from = "USD", to = "CAD", effectiveOn = Today.AddDays(-60), rate = 1.4m }, CredoApp.Json);
        Assert.True(rate.IsSuccessStatusCode, await rate.Content.ReadAsStringAsync());
        var moved = await client.PutAsJsonAsync($"/api/credit-lines/customer/{customer}", new { limit = 1_500m, currency = "CAD", reason = "Customer moved to Canada", changeCurrency = true }, CredoApp.Json);
        var line = await moved.Json();
        Assert.True(moved.IsSuccessStatusCode, line.ToString());
        Assert.Equal("CAD", line.GetProperty("currency").GetString());
        Assert.Equal(420m, line.GetProperty("receivables").GetDecimal());
        Assert.Equal(280m, line.GetProperty("reserved").GetDecimal());
        Assert.Equal(800m, line.GetProperty("headroom").GetDecimal());
        var change = line.GetProperty("history")[0];
        Assert.Equal("USD", change.GetProperty("oldCurrency").GetString());
        Assert.Equal(1_000m, change.GetProperty("oldLimit").GetDecimal());
        Assert.Equal("CAD", change.GetProperty("currency").GetString());
        Assert.Equal(1_500m, change.GetProperty("newLimit").GetDecimal());
        await Reconciles();

        // The next check decides in CAD; voiding the order releases exactly its converted share.
        var answer = await client.CheckOk(customer, Http.Unique("SO"), 100m);
        Assert.Equal(140m, answer.GetProperty("levels")[0].GetProperty("requested").GetDecimal());
        await client.PostJson($"/api/credit-checks/{order}/void", new { reason = "cancelled" });
        Assert.Equal(140m, (await client.Line("customer", customer)).GetProperty("reserved").GetDecimal());
        await Reconciles();
    }

    private async Task Reconciles()
    {
        var report = await app.InScope(sp => sp.GetRequiredService<ReconcileExposure>().Handle(repair: false, CancellationToken.None));
        Assert.True(report.Differences.Count == 0, System.Text.Json.JsonSerializer.Serialize(report.Differences));
    }
}
