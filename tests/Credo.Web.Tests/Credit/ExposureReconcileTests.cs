using System.Net.Http.Json;
using Credo.Web.Data;
using Credo.Web.Features.Credit;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Credit;

public sealed class ExposureReconcileTests(CredoApp app) : IClassFixture<CredoApp>
{
    private DateOnly Today => app.Today; // the app's clock (issue 12 §6)

    [Fact]
    public async Task Foreign_currency_items_are_converted_at_their_posting_date_and_reconcile_exactly()
    {
        var client = await app.ClientAs("Admin");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer, currency: "EUR");
        var rate = await client.PutAsJsonAsync("/api/exchange-rates", new { from = "EUR", to = "USD", effectiveOn = Today.AddDays(-400), rate = 1.0837m }, CredoApp.Json);
        Assert.True(rate.IsSuccessStatusCode);
        await client.SetLimit("customer", customer, 10_000m, currency: "USD");
        var first = await app.PostInvoice(customer, 333_33, Today.AddDays(5), "EUR");
        await app.PostInvoice(customer, 1_00, Today.AddDays(5), "EUR");
        await app.Settle(first, 111_11);

        // 222.22 EUR → 240.82 USD; 1.00 EUR → 1.08 USD (each item rounded once, half away from zero)
        Assert.Equal(241.90m, (await client.Line("customer", customer)).GetProperty("receivables").GetDecimal());
        var report = await app.InScope(sp => sp.GetRequiredService<ReconcileExposure>().Handle(repair: false, CancellationToken.None));
        Assert.Empty(report.Differences);
    }

    [Fact]
    public async Task A_ledger_item_that_cannot_be_valued_against_a_line_fails_closed_and_leaves_nothing_open()
    {
        var client = await app.ClientAs("Admin");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        await client.SetLimit("customer", customer, 1_000m);
        var outcome = await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            var id = (await db.CustomerId(customer, CancellationToken.None))!.Value;
            db.Entries.Add(CreditDriver.Invoice(id, 10_00, Today, "CHF"));
            var refused = await Assert.ThrowsAsync<Credo.Web.Infrastructure.RefusalException>(() => db.SaveChangesAsync());
            db.ChangeTracker.Clear();
            db.Entries.Add(CreditDriver.Invoice(id, 20_00, Today));
            await db.SaveChangesAsync();
            return (refused.Message, db.Database.CurrentTransaction is null);
        });
        Assert.Contains("CHF", outcome.Message, StringComparison.Ordinal);
        Assert.True(outcome.Item2);
        Assert.Equal(20m, (await client.Line("customer", customer)).GetProperty("receivables").GetDecimal());
    }

    [Fact]
    public async Task A_bulk_change_that_bypasses_the_hook_is_reported_and_repaired()
    {
        var client = await app.ClientAs("Admin");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        await client.SetLimit("customer", customer, 1_000m);
        var invoice = await app.PostInvoice(customer, 500_00, Today.AddDays(5));
        await app.InScope(sp => sp.GetRequiredService<CreditDb>().Entries.Where(e => e.Id == invoice)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.OpenMinor, 200_00)));

        var report = await (await client.PostJson("/api/credit-lines/reconciliation", new { })).Json();
        var difference = Assert.Single(report.GetProperty("differences").EnumerateArray(), d => d.GetProperty("level").GetString() == "customer"
            && d.GetProperty("cachedReceivableMinor").GetInt64() == 500_00);
        Assert.Equal(200_00, difference.GetProperty("derivedReceivableMinor").GetInt64());

        await client.PostJson("/api/credit-lines/reconciliation?repair=true", new { });
        var after = await app.InScope(sp => sp.GetRequiredService<ReconcileExposure>().Handle(repair: false, CancellationToken.None));
        Assert.Empty(after.Differences);
        Assert.Equal(200m, (await client.Line("customer", customer)).GetProperty("receivables").GetDecimal());
    }

    [Fact]
    public async Task A_new_group_line_starts_with_the_exposure_already_below_it_and_releases_it_exactly()
    {
        var client = await app.ClientAs("Admin");
        var parent = Http.Unique("G");
        var child = Http.Unique("G");
        await client.CreateGroup(parent);
        await client.CreateGroup(child, parent);
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer, groupCode: child);
        await client.SetLimit("customer", customer, 1_000m);
        await app.PostInvoice(customer, 100_00, Today.AddDays(5));
        var order = Http.Unique("SO");
        await client.CheckOk(customer, order, 250m);

        await client.SetLimit("group", parent, 400m);
        var line = await client.Line("group", parent);
        Assert.Equal(100m, line.GetProperty("receivables").GetDecimal());
        Assert.Equal(250m, line.GetProperty("reserved").GetDecimal());
        var held = await client.CheckOk(customer, Http.Unique("SO"), 50.01m);
        Assert.Equal("group", held.GetProperty("reasons")[0].GetProperty("level").GetString());

        await client.PostJson($"/api/credit-checks/{order}/void", new { reason = "x" });
        Assert.Equal(0m, (await client.Line("group", parent)).GetProperty("reserved").GetDecimal());
        var levels = await (await client.GetAsync($"/api/credit-lines/availability/{customer}")).Json();
        Assert.Equal(300m, levels.GetProperty("levels").EnumerateArray().Single(l => l.GetProperty("level").GetString() == "group").GetProperty("headroom").GetDecimal());
    }
}

public sealed class LineCreationRaceTests(CredoApp app) : IClassFixture<CredoApp>
{
    private DateOnly Today => app.Today; // the app's clock (issue 12 §6)

    [Fact]
    public async Task A_group_line_created_while_members_are_checked_counts_every_reservation()
    {
        var client = await app.ClientAs("Admin");
        var group = Http.Unique("G");
        await client.CreateGroup(group);
        var members = Enumerable.Range(0, 3).Select(_ => Http.Unique("C")).ToArray();
        foreach (var m in members)
        {
            await client.CreateCustomer(m, groupCode: group);
            await client.SetLimit("customer", m, 1_000_000m);
        }

        var checks = Enumerable.Range(0, 30).Select(i => Task.Run(() => client.CheckOk(members[i % 3], Http.Unique("SO"), 10m))).ToList();
        await Task.Delay(5);
        await client.SetLimit("group", group, 1_000_000m);
        await Task.WhenAll(checks);

        var line = await client.Line("group", group);
        Assert.Equal(300m, line.GetProperty("reserved").GetDecimal());
        var report = await app.InScope(sp => sp.GetRequiredService<ReconcileExposure>().Handle(repair: false, CancellationToken.None));
        Assert.Empty(report.Differences);
    }

    [Fact]
    public async Task A_customer_moved_behind_the_change_tracker_is_reported_as_a_missing_share_and_repaired()
    {
        var client = await app.ClientAs("Admin");
        var (from, to) = (Http.Unique("G"), Http.Unique("G"));
        await client.CreateGroup(from);
        await client.CreateGroup(to);
        await client.SetLimit("group", to, 1_000m);
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer, groupCode: from);
        await client.SetLimit("customer", customer, 1_000m);
        Assert.Equal("approved", (await client.CheckOk(customer, Http.Unique("SO"), 100m)).GetProperty("outcome").GetString());

        // A bulk statement (as an import might run) moves the customer without the hooks seeing it.
        await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            var toId = await db.Groups.Where(g => g.Code == to).Select(g => g.Id).SingleAsync();
            return await db.Customers.Where(c => c.Number == customer).ExecuteUpdateAsync(u => u.SetProperty(c => c.GroupId, toId));
        });

        var report = await app.InScope(sp => sp.GetRequiredService<ReconcileExposure>().Handle(repair: true, CancellationToken.None));
        Assert.Equal(1, Assert.Single(report.Differences).MissingShares);
        Assert.Equal(100m, (await client.Line("group", to)).GetProperty("reserved").GetDecimal());
        Assert.Empty((await app.InScope(sp => sp.GetRequiredService<ReconcileExposure>().Handle(repair: false, CancellationToken.None))).Differences);
    }

    [Fact]
    public async Task A_customer_moved_to_another_group_or_segment_takes_its_orders_and_receivables_along_at_once()
    {
        var client = await app.ClientAs("Admin");
        var (from, to) = (Http.Unique("G"), Http.Unique("G"));
        await client.CreateGroup(from);
        await client.CreateGroup(to);
        await client.SetLimit("group", from, 5_000m);
        await client.SetLimit("group", to, 1_000m);
        var region = Http.Unique("R");
        (await client.PostJson("/api/segments", new { dimension = "region", code = region, name = "Region " + region })).EnsureSuccessStatusCode();
        await client.SetLimit("segment", "region:" + region, 2_000m);
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer, groupCode: from);
        await client.SetLimit("customer", customer, 1_000m);
        var order = Http.Unique("SO");
        Assert.Equal("approved", (await client.CheckOk(customer, order, 100m)).GetProperty("outcome").GetString());
        await app.PostInvoice(customer, 250_00, Today.AddDays(30));
        Assert.Equal(350m, Used(await client.Line("group", from)));

        await Save(client, customer, to, []);
        Assert.Equal(0m, Used(await client.Line("group", from)));
        var toLine = await client.Line("group", to);
        Assert.Equal(100m, toLine.GetProperty("reserved").GetDecimal());
        Assert.Equal(250m, toLine.GetProperty("receivables").GetDecimal());
        await AssertReconciled();

        await Save(client, customer, to, [region]);
        Assert.Equal(350m, Used(await client.Line("segment", "region:" + region)));
        await AssertReconciled();

        // The order's release follows the shares it now has: voiding it frees the new group and segment, not the old.
        (await client.PostJson($"/api/credit-checks/{order}/void", new { reason = "cancelled" })).EnsureSuccessStatusCode();
        Assert.Equal(250m, Used(await client.Line("segment", "region:" + region)));
        Assert.Equal(250m, Used(await client.Line("group", to)));
        await Save(client, customer, to, []);
        Assert.Equal(0m, Used(await client.Line("segment", "region:" + region)));
        await AssertReconciled();
    }

    private static decimal Used(System.Text.Json.JsonElement line) => line.GetProperty("reserved").GetDecimal() + line.GetProperty("receivables").GetDecimal();

    private static async Task Save(HttpClient client, string customer, string group, string[] regions)
    {
        var current = await (await client.GetAsync($"/api/customers/{customer}")).Json();
        var saved = await client.PutAsJsonAsync($"/api/customers/{customer}", new
        {
            legalName = "Moved",
            currency = "USD",
            terms = "NET30",
            groupCode = group,
            segments = regions.Select(r => new { dimension = "region", code = r }).ToArray(),
            version = current.GetProperty("version").GetInt32(),
        }, CredoApp.Json);
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
    }

    private async Task AssertReconciled() =>
        Assert.Empty((await app.InScope(sp => sp.GetRequiredService<ReconcileExposure>().Handle(repair: false, CancellationToken.None))).Differences);
}
