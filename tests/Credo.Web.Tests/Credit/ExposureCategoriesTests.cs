using System.Text.Json;
using Credo.Web.Data;
using Credo.Web.Features.Credit;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Credo.Web.Tests.Credit;

/// <summary>
/// Credit:Exposure decides which categories (receivables, approved orders, shipped not invoiced) count against
/// limits, everywhere a headroom is computed; every category is kept and reconciled whatever counts.
/// </summary>
public sealed class ExposureCategoriesTests(CredoApp app) : IClassFixture<CredoApp>
{
    private DateOnly Today => app.Today; // the app's clock (issue 12 §6)

    private async Task<HttpClient> Configured(WebApplicationFactory<Program> factory)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", await app.KeyFor("CreditManager"));
        return client;
    }

    private WebApplicationFactory<Program> Counting(bool receivables, bool orders, bool shipped) =>
        app.WithWebHostBuilder(b => b
            .UseSetting("Credit:Exposure:Receivables", receivables ? "true" : "false")
            .UseSetting("Credit:Exposure:Orders", orders ? "true" : "false")
            .UseSetting("Credit:Exposure:ShippedNotInvoiced", shipped ? "true" : "false"));

    /// <summary>A customer with limit 1,000 and 300 open receivables, an approved order of 200 and a shipped, not invoiced one of 100.</summary>
    private async Task<string> CustomerWithEveryCategory(HttpClient client)
    {
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        await client.SetLimit("customer", customer, 1_000m);
        await app.PostInvoice(customer, 300_00, Today.AddDays(20));
        Assert.Equal("approved", (await client.CheckOk(customer, Http.Unique("SO"), 200m)).GetProperty("outcome").GetString());
        var shipped = Http.Unique("SO");
        Assert.Equal("approved", (await client.CheckOk(customer, shipped, 100m)).GetProperty("outcome").GetString());
        Assert.True((await client.PostJson($"/api/credit-checks/{shipped}/shipment", new { })).IsSuccessStatusCode);
        return customer;
    }

    [Fact]
    public async Task A_customer_with_receivables_only_is_approved_when_receivables_do_not_count()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        await client.SetLimit("customer", customer, 1_000m);
        await app.PostInvoice(customer, 900_00, Today.AddDays(20));
        Assert.Equal("held", (await client.CheckOk(customer, Http.Unique("SO"), 500m)).GetProperty("outcome").GetString());

        using var withoutReceivables = Counting(receivables: false, orders: true, shipped: true);
        var configured = await Configured(withoutReceivables);
        var answer = await configured.CheckOk(customer, Http.Unique("SO"), 500m);
        Assert.Equal("approved", answer.GetProperty("outcome").GetString());
        var level = answer.GetProperty("levels")[0];
        Assert.Equal(0m, level.GetProperty("used").GetDecimal());
        Assert.Equal(900m, level.GetProperty("exposure").GetProperty("receivables").GetDecimal());
        Assert.DoesNotContain("receivables", level.GetProperty("exposure").GetProperty("counted").EnumerateArray().Select(c => c.GetString()));
    }

    [Theory]
    [InlineData(true, true, true, 600)]
    [InlineData(false, true, true, 300)]
    [InlineData(true, false, true, 400)]
    [InlineData(true, true, false, 500)]
    [InlineData(true, false, false, 300)]
    [InlineData(false, true, false, 200)]
    [InlineData(false, false, true, 100)]
    public async Task Every_headroom_subtracts_only_the_counted_categories(bool receivables, bool orders, bool shipped, int used)
    {
        var customer = await CustomerWithEveryCategory(await app.ClientAs("CreditManager"));
        using var factory = Counting(receivables, orders, shipped);
        var client = await Configured(factory);

        // The line and the availability report every category, and which count.
        var line = await client.Line("customer", customer);
        Assert.Equal(1_000m - used, line.GetProperty("headroom").GetDecimal());
        Assert.Equal(300m, line.GetProperty("exposure").GetProperty("receivables").GetDecimal());
        Assert.Equal(200m, line.GetProperty("exposure").GetProperty("orders").GetDecimal());
        Assert.Equal(100m, line.GetProperty("exposure").GetProperty("shippedNotInvoiced").GetDecimal());
        var availability = await (await client.GetAsync($"/api/credit-lines/availability/{customer}")).Json();
        var level = availability.GetProperty("levels")[0];
        Assert.Equal(used, level.GetProperty("used").GetDecimal());
        Assert.Equal(1_000m - used, level.GetProperty("headroom").GetDecimal());
        var counted = level.GetProperty("exposure").GetProperty("counted").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Equal(receivables, counted.Contains("receivables"));
        Assert.Equal(orders, counted.Contains("orders"));
        Assert.Equal(shipped, counted.Contains("shipped-not-invoiced"));

        // The check (through the batch writer) decides on the same figure: the headroom fits, a cent more does not.
        Assert.Equal("held", (await client.CheckOk(customer, Http.Unique("SO"), 1_000m - used + 0.01m)).GetProperty("outcome").GetString());
        Assert.Equal("approved", (await client.CheckOk(customer, Http.Unique("SO"), 1_000m - used)).GetProperty("outcome").GetString());
        Assert.Equal(0, factory.Services.GetRequiredService<CheckQueue>().Statistics.ChecksAlone);

        // The customer page shows every category and marks the ones that do not count.
        var html = await (await client.GetAsync($"/team/customers/{customer}/credit")).Content.ReadAsStringAsync();
        Assert.Contains($"data-category=\"Open receivables\" data-counted=\"{(receivables ? "true" : "false")}\"", html, StringComparison.Ordinal);
        Assert.Contains($"data-category=\"Shipped, not invoiced\" data-counted=\"{(shipped ? "true" : "false")}\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_release_rechecks_held_orders_with_the_counted_categories()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        await client.SetLimit("customer", customer, 1_000m);
        await app.PostInvoice(customer, 800_00, Today.AddDays(20));
        var order = Http.Unique("SO");
        Assert.Equal("held", (await client.CheckOk(customer, order, 500m)).GetProperty("outcome").GetString());

        using var factory = Counting(receivables: false, orders: true, shipped: true);
        var configured = await Configured(factory);
        var swept = await (await configured.PostJson("/api/credit-holds/auto-release", new { })).Json();
        Assert.True(swept.GetProperty("released").GetInt32() >= 1);
        Assert.Equal("active", (await (await client.GetAsync($"/api/credit-checks/{order}")).Json()).GetProperty("state").GetString());
    }

    [Fact]
    public async Task Shipping_moves_the_order_to_the_shipped_category_and_posting_releases_it_exactly()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        await client.SetLimit("customer", customer, 1_000m);
        var order = Http.Unique("SO");
        await client.CheckOk(customer, order, 400m);
        for (var i = 0; i < 2; i++)
        {
            var shipped = await (await client.PostJson($"/api/credit-checks/{order}/shipment", new { })).Json();
            Assert.Equal("shipped", shipped.GetProperty("state").GetString());
        }

        var line = await client.Line("customer", customer);
        Assert.Equal(0m, line.GetProperty("reserved").GetDecimal());
        Assert.Equal(400m, line.GetProperty("exposure").GetProperty("shippedNotInvoiced").GetDecimal());
        Assert.Equal(600m, line.GetProperty("headroom").GetDecimal());
        await Reconciles();

        await client.PostJson($"/api/credit-checks/{order}/posting", new { invoiceDocument = "INV-9" });
        line = await client.Line("customer", customer);
        Assert.Equal(0m, line.GetProperty("exposure").GetProperty("shippedNotInvoiced").GetDecimal());
        Assert.Equal(1_000m, line.GetProperty("headroom").GetDecimal());
        await Reconciles();
    }

    [Fact]
    public async Task Reconcile_proves_the_shipped_cache_too_and_repairs_it()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = await CustomerWithEveryCategory(client);
        await app.InScope(sp => sp.GetRequiredService<CreditDb>().CreditLines.Where(l => l.Level == Domain.Credit.LimitLevel.Customer && l.SubjectId == sp.GetRequiredService<CreditDb>().Customers.Single(c => c.Number == customer).Id)
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.ShippedMinor, l => l.ShippedMinor + 7)));
        var report = await app.InScope(sp => sp.GetRequiredService<ReconcileExposure>().Handle(repair: true, CancellationToken.None));
        var difference = Assert.Single(report.Differences, d => d.CachedShippedMinor != d.DerivedShippedMinor);
        Assert.Equal(100_00, difference.DerivedShippedMinor);
        await Reconciles();
    }

    [Theory]
    [InlineData("Credit:Exposure:Receivable", "false", "Credit:Exposure:Receivable is not an exposure category")]
    [InlineData("Credit:HoldSlaHours", "0", "Credit:HoldSlaHours is 0")]
    [InlineData("Credit:Exposure:Orders", "maybe", "Credit:Exposure:Orders")]
    public void Wrong_credit_settings_are_refused_naming_the_key(string key, string value, string message)
    {
        var e = Assert.ThrowsAny<Exception>(() => Options((key, value)).Value);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Counting_no_category_at_all_is_refused()
    {
        var e = Assert.Throws<OptionsValidationException>(() => Options(("Credit:Exposure:Receivables", "false"), ("Credit:Exposure:Orders", "false"), ("Credit:Exposure:ShippedNotInvoiced", "false")).Value);
        Assert.Contains("counts no category", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_old_shipped_switch_still_sets_the_category_when_the_new_key_is_absent()
    {
        var options = Options(("Credit:CountShippedNotInvoiced", "false")).Value;
        Assert.False(options.Counted.ShippedNotInvoiced);
        Assert.True(options.Counted.Receivables);
        Assert.Throws<OptionsValidationException>(() => Options(("Credit:CountShippedNotInvoiced", "false"), ("Credit:Exposure:ShippedNotInvoiced", "true")).Value);
    }

    [Fact]
    public void The_settings_are_validated_when_the_host_starts()
    {
        using var scope = app.Services.CreateScope();
        var validators = app.Services.GetServices<IStartupValidator>();
        Assert.NotEmpty(validators);
        Assert.Equal(48, app.Services.GetRequiredService<IOptions<CreditOptions>>().Value.HoldSlaHours);
    }

    /// <summary>The credit options as the host registers them (AddCredit), over the given settings.</summary>
    private static IOptions<CreditOptions> Options(params (string Key, string Value)[] settings)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value)).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(config).AddLogging();
        services.AddCredit();
        return services.BuildServiceProvider().GetRequiredService<IOptions<CreditOptions>>();
    }

    private async Task Reconciles()
    {
        var report = await app.InScope(sp => sp.GetRequiredService<ReconcileExposure>().Handle(repair: false, CancellationToken.None));
        Assert.True(report.Differences.Count == 0, JsonSerializer.Serialize(report.Differences));
    }
}
