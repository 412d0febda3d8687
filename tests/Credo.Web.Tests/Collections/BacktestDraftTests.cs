using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Pages;
using Credo.Web.Tests.Support;
using static Credo.Web.Tests.Collections.CollectionsHttp;

namespace Credo.Web.Tests.Collections;

/// <summary>
/// A draft dunning policy replayed beside the version in force over the same history, before it is published
/// (issue 14 §1): through the API and the backtest page, refused by field as publishing refuses, for managers only.
/// </summary>
public sealed class BacktestDraftTests(CredoApp app) : IClassFixture<CredoApp>
{
    private static async Task<string> Segment(HttpClient client)
    {
        var code = Http.Unique("seg").ToLowerInvariant();
        Assert.True((await client.PostJson("/api/segments", new { dimension = "region", code, name = "Draft region" })).IsSuccessStatusCode);
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

    /// <summary>The policy in force plus a "firm" strategy (first notice at 3 days) for one more segment; the other rules kept.</summary>
    private static async Task<(int InForce, JsonNode Draft)> FirmDraftFor(HttpClient manager, string segment, string strategy = "firm")
    {
        var current = await manager.Get("/api/collections/policy");
        var definition = JsonNode.Parse(current.GetProperty("definition").GetRawText())!;
        var firm = definition["levels"]!.DeepClone();
        firm[1]!["daysFromDue"] = 3;
        var strategies = definition["strategies"] as JsonArray ?? [];
        strategies.Add(new JsonObject { ["code"] = "draft-firm", ["name"] = "Firm", ["levels"] = firm });
        definition["strategies"] = strategies.DeepClone();
        var rules = definition["strategyRules"] as JsonArray ?? [];
        rules.Insert(0, new JsonObject { ["segment"] = "region:" + segment, ["strategy"] = strategy == "firm" ? "draft-firm" : strategy });
        definition["strategyRules"] = rules.DeepClone();
        return (current.GetProperty("number").GetInt32(), definition);
    }

    [Fact]
    public async Task A_draft_is_replayed_beside_the_version_in_force_without_being_stored()
    {
        var manager = await app.ClientAs("CreditManager");
        var segment = await Segment(manager);
        var firm = await DebtorIn(manager, segment);
        await manager.Due(firm, 4);
        var (inForce, draft) = await FirmDraftFor(manager, segment);

        var response = await manager.PostJson("/api/collections/policy/backtest", new { definition = draft, from = Iso(AsOf.AddDays(-10)), through = Iso(AsOf) });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var backtest = await response.Json();
        var versions = backtest.GetProperty("versions").EnumerateArray().ToList();
        Assert.Equal(2, versions.Count);
        Assert.True(versions[0].GetProperty("draft").GetBoolean());
        Assert.Equal(inForce + 1, versions[0].GetProperty("number").GetInt32());
        Assert.Equal(JsonValueKind.Null, versions[0].GetProperty("publishedAtUtc").ValueKind);
        Assert.False(versions[1].GetProperty("draft").GetBoolean());
        Assert.Equal(inForce, versions[1].GetProperty("number").GetInt32());

        string[] Levels(JsonElement version) => [.. version.GetProperty("recipients").EnumerateArray().Single(r => r.Str("customer") == firm).GetProperty("levels").EnumerateArray().Select(l => l.GetString()!)];
        Assert.Equal(["Friendly reminder", "First notice"], Levels(versions[0]));
        Assert.Equal(["Friendly reminder"], Levels(versions[1]));
        var difference = backtest.GetProperty("difference");
        Assert.Equal(inForce, difference.GetProperty("againstVersion").GetInt32());
        Assert.Equal(1, difference.GetProperty("moreMessages").GetInt32()); // only the draft's segment changes
        Assert.Empty(difference.GetProperty("onlyDraft").EnumerateArray());

        Assert.Equal(inForce, (await manager.Get("/api/collections/policy")).GetProperty("number").GetInt32()); // nothing published
    }

    [Fact]
    public async Task A_bad_draft_is_refused_by_field_and_only_managers_replay_drafts()
    {
        var manager = await app.ClientAs("CreditManager");
        var segment = await Segment(manager);
        var (_, bad) = await FirmDraftFor(manager, segment, strategy: "nope");
        var refused = await manager.PostJson("/api/collections/policy/backtest", new { definition = bad });
        await refused.AssertProblem(400, "validation", "strategyRules[0].strategy");
        await (await manager.PostJson("/api/collections/policy/backtest", new { from = Iso(AsOf) })).AssertProblem(400, "validation", "definition");
        var (_, good) = await FirmDraftFor(manager, segment);
        await (await manager.PostJson("/api/collections/policy/backtest", new { definition = good, from = Iso(AsOf), through = Iso(AsOf.AddDays(-1)) })).AssertProblem(400, "validation", "from");

        foreach (var role in new[] { "Viewer", "Collector" })
        {
            var client = await app.ClientAs(role);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJson("/api/collections/policy/backtest", new { definition = good })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostJson("/api/collections/policy/backtest", new { definition = good })).StatusCode);
    }

    [Fact]
    public async Task The_backtest_page_replays_a_draft_for_managers_and_says_one_customer_in_the_singular()
    {
        var manager = await PageSession.SignedIn(app, "CreditManager");
        var page = await manager.Client.GetStringAsync("/team/collections/backtest");
        Assert.Contains("Test a draft before publishing it", page, StringComparison.Ordinal);
        Assert.DoesNotContain(" 1 customers", page, StringComparison.Ordinal);

        var api = await app.ClientAs("CreditManager");
        var segment = await Segment(api);
        var firm = await DebtorIn(api, segment);
        await api.Due(firm, 4);
        var (inForce, draft) = await FirmDraftFor(api, segment);
        var replayed = await manager.PostForm("/team/collections/backtest?handler=Draft",
            new() { ["Draft"] = draft.ToJsonString(), ["from"] = Iso(AsOf.AddDays(-10)), ["through"] = Iso(AsOf) }, "/team/collections/backtest");
        var shown = await replayed.Content.ReadAsStringAsync();
        Assert.True(replayed.StatusCode == HttpStatusCode.OK, shown);
        Assert.Contains($"Draft (would be version {inForce + 1})", shown, StringComparison.Ordinal);
        Assert.Contains($"The draft against version {inForce}", shown, StringComparison.Ordinal);
        Assert.Contains("1 reminder more", shown, StringComparison.Ordinal);

        var broken = await manager.PostForm("/team/collections/backtest?handler=Draft", new() { ["Draft"] = "{ not json" }, "/team/collections/backtest");
        var problem = await broken.Content.ReadAsStringAsync();
        Assert.Contains("<code>definition</code>", problem, StringComparison.Ordinal);

        var collector = await PageSession.SignedIn(app, "Collector");
        Assert.DoesNotContain("Test a draft", await collector.Client.GetStringAsync("/team/collections/backtest"), StringComparison.Ordinal);
        var denied = await collector.PostForm("/team/collections/backtest?handler=Draft", new() { ["Draft"] = draft.ToJsonString() }, "/team/collections/backtest");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Contains("/account/denied", denied.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
