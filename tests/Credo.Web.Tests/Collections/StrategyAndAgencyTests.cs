using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Credo.Web.Data;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Credo.Web.Tests.Collections.CollectionsHttp;

namespace Credo.Web.Tests.Collections;

/// <summary>Strategies per segment chosen by rules and validated on publish, the policy backtest, and the hand-over to a collection agency, through HTTP.</summary>
public sealed class StrategyAndAgencyTests(CredoApp app) : IClassFixture<CredoApp>
{
    private static async Task<string> Segment(HttpClient client)
    {
        var code = Http.Unique("seg").ToLowerInvariant();
        Assert.True((await client.PostJson("/api/segments", new { dimension = "region", code, name = "Firm region" })).IsSuccessStatusCode);
        return code;
    }

    private static async Task<string> DebtorIn(HttpClient client, string segment)
    {
        var number = Http.Unique("D");
        var response = await client.PostJson("/api/customers", new
        {
            number, legalName = "Debtor " + number, currency = "USD", terms = "NET30", taxId = "DE123456789",
            billingAddress = new { line1 = "1 Main St", city = "Town", postalCode = "12345", country = "US" },
            contacts = new[] { new { name = "Pat Payables", role = "Accounts payable", email = Recipient(number), phone = "+1 555 0100" } },
            segments = new[] { new { dimension = "region", code = segment } },
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return number;
    }

    /// <summary>The policy in force plus a "firm" strategy (first notice at 3 days) for one segment.</summary>
    private static async Task<JsonElement> PublishFirmFor(HttpClient manager, string segment, string? strategyInRule = null)
    {
        var current = await manager.Get("/api/collections/policy");
        var definition = JsonNode.Parse(current.GetProperty("definition").GetRawText())!;
        var firm = definition["levels"]!.DeepClone();
        firm[1]!["daysFromDue"] = 3;
        definition["strategies"] = new JsonArray(new JsonObject { ["code"] = "firm", ["name"] = "Firm", ["levels"] = firm });
        definition["strategyRules"] = new JsonArray(new JsonObject { ["segment"] = "region:" + segment, ["strategy"] = strategyInRule ?? "firm" });
        var response = await manager.PostJson("/api/collections/policy", new { definition, note = "Firm in one region" });
        return await response.Json();
    }

    [Fact]
    public async Task A_rule_puts_a_segment_on_its_strategy_and_a_rule_naming_no_strategy_is_refused_on_publish()
    {
        var manager = await app.ClientAs("CreditManager");
        var segment = await Segment(manager);
        var bad = await PublishFirmFor(manager, segment, "nope");
        Assert.Equal("strategyRules[0].strategy", bad.Str("field"));
        await PublishFirmFor(manager, segment);

        var firm = await DebtorIn(manager, segment);
        var standard = await manager.Debtor();
        await manager.Due(firm, 4);
        await manager.Due(standard, 4);
        var plan = await manager.Preview();
        Assert.Equal(("first-notice", "Firm"), (plan.MessageFor(firm)!.Value.Str("level"), plan.MessageFor(firm)!.Value.Str("strategy")));
        Assert.Equal(("reminder", "Standard"), (plan.MessageFor(standard)!.Value.Str("level"), plan.MessageFor(standard)!.Value.Str("strategy")));
    }

    [Fact]
    public async Task The_backtest_shows_how_many_messages_each_version_would_have_sent_and_to_whom()
    {
        var manager = await app.ClientAs("CreditManager");
        var segment = await Segment(manager);
        var published = await PublishFirmFor(manager, segment);
        var firm = await DebtorIn(manager, segment);
        await manager.Due(firm, 4); // due 26 November

        var viewer = await app.ClientAs("Viewer");
        var backtest = await viewer.Get($"/api/collections/policy/backtest?from={Iso(AsOf.AddDays(-10))}&through={Iso(AsOf)}");
        var versions = backtest.GetProperty("versions").EnumerateArray().ToList();
        var latest = versions.First();
        Assert.Equal(published.GetProperty("number").GetInt32(), latest.GetProperty("number").GetInt32());
        var row = latest.GetProperty("recipients").EnumerateArray().Single(r => r.Str("customer") == firm);
        Assert.Equal(["Friendly reminder", "First notice"], row.GetProperty("levels").EnumerateArray().Select(l => l.GetString()));
        Assert.Equal("Firm", row.Str("strategy"));
        var before = versions.Skip(1).First(); // the version before: no firm strategy, only the friendly reminder by 30 November
        Assert.Equal(["Friendly reminder"], before.GetProperty("recipients").EnumerateArray().Single(r => r.Str("customer") == firm).GetProperty("levels").EnumerateArray().Select(l => l.GetString()));

        await (await viewer.GetAsync($"/api/collections/policy/backtest?from={Iso(AsOf)}&through={Iso(AsOf.AddDays(-1))}")).AssertProblem(400, "validation", "from");
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/api/collections/policy/backtest")).StatusCode);
    }

    [Fact]
    public async Task Handing_customers_over_to_an_agency_exports_their_overdue_items_with_contacts_on_the_timeline_and_as_an_event()
    {
        var manager = await app.ClientAs("CreditManager");
        var segment = await Segment(manager);
        var customer = await DebtorIn(manager, segment);
        var late = await manager.Due(customer, 90, 1_234.5m);
        var notYet = await manager.Due(customer, -60); // due well after the app's today

        var response = await manager.PostJson("/api/collections/agency-exports", new { agency = "Acme Collections", customers = new[] { customer } });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("customer,legal_name,tax_id,address,contact_name,contact_email,contact_phone,invoice,issued_on,due_on,days_past_due,currency,amount,open_to_collect", lines[0]);
        var row = Assert.Single(lines.Skip(1));
        Assert.StartsWith($"{customer},Debtor {customer},DE123456789,\"1 Main St, 12345, Town, US\",Pat Payables,{Recipient(customer)},'+1 555 0100,{late},", row, StringComparison.Ordinal);
        Assert.EndsWith(",USD,1234.50,1234.50", row, StringComparison.Ordinal);
        Assert.DoesNotContain(notYet, row, StringComparison.Ordinal);

        var entry = (await manager.Get($"/api/collections/customers/{customer}/timeline")).EnumerateArray().First();
        Assert.Equal(("Handed over to a collection agency", "To Acme Collections: 1,234.50 USD on 1 item."), (entry.Str("what"), entry.Str("detail")));
        var events = await app.InScope(sp => sp.GetRequiredService<CreditDb>().Outbox.AsNoTracking().Where(m => m.Topic == "collections.handed-over-to-agency").ToListAsync());
        Assert.Contains(events, e => e.PayloadJson.Contains(customer, StringComparison.Ordinal));

        await (await manager.PostJson("/api/collections/agency-exports", new { agency = "Acme", customers = new[] { "NOPE" } })).AssertProblem(400, "validation", "customers");
        await (await manager.PostJson("/api/collections/agency-exports", new { agency = "", customers = new[] { customer } })).AssertProblem(400, "validation", "agency");
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientAs("Collector")).PostJson("/api/collections/agency-exports", new { agency = "Acme", customers = new[] { customer } })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostJson("/api/collections/agency-exports", new { agency = "Acme", customers = new[] { customer } })).StatusCode);
    }
}
