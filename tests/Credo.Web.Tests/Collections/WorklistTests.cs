using System.Net;
using System.Text.Json;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;
using static Credo.Web.Tests.Collections.CollectionsHttp;

namespace Credo.Web.Tests.Collections;

/// <summary>The worklist, contacts, snoozes, the timeline and assignment rules through HTTP, with role checks.</summary>
public sealed class WorklistTests(CredoApp app) : IClassFixture<CredoApp>
{
    private DateOnly Today => app.Today; // the app's clock (issue 12 §6)

    private async Task<string> Overdue(HttpClient client, decimal amount, int days)
    {
        var customer = await client.Debtor();
        var due = Today.AddDays(-days);
        await client.Invoice(customer, Http.Unique("INV"), amount, issueDate: Iso(due.AddDays(-30)), dueDate: Iso(due));
        return customer;
    }

    private static JsonElement Row(JsonElement list, string customer) => list.GetProperty("rows").EnumerateArray().Single(r => r.Str("customer") == customer);

    [Fact]
    public async Task The_queue_ranks_by_amount_times_days_and_shows_the_reasons()
    {
        var manager = await app.ClientAs("CreditManager");
        var small = await Overdue(manager, 1_000m, 10);
        var big = await Overdue(manager, 20_000m, 40);
        var list = await manager.Get("/api/collections/worklist?queue=all");
        var (s, b) = (Row(list, small), Row(list, big));
        Assert.True(b.GetProperty("rank").GetInt32() < s.GetProperty("rank").GetInt32());
        Assert.Equal(800 + 20, b.GetProperty("points").GetInt64()); // 20,000 × 40 / 1000, plus 20 for 20,000 owed
        Assert.Contains(b.GetProperty("reasons").EnumerateArray(), r => r.Str("text").Contains("20,000.00 USD overdue on 1 item, the oldest 40 days late", StringComparison.Ordinal));
        Assert.Null(b.GetProperty("collector").GetString());
    }

    [Fact]
    public async Task Calls_notes_and_snoozes_go_on_the_timeline_and_a_snoozed_customer_leaves_the_queue()
    {
        var collector = await app.ClientAs("Collector");
        var manager = await app.ClientAs("CreditManager");
        var customer = await Overdue(manager, 500m, 15);
        Assert.Equal(HttpStatusCode.Created, (await collector.PostJson($"/api/collections/customers/{customer}/contacts", new { kind = "call", outcome = "voicemail", text = "Left a message for Pat" })).StatusCode);
        await (await collector.PostJson($"/api/collections/customers/{customer}/contacts", new { kind = "call", outcome = "shouted" })).AssertProblem(400, "validation", "outcome");
        await (await collector.PostJson($"/api/collections/customers/{customer}/contacts", new { kind = "note" })).AssertProblem(400, "validation", "text");
        Assert.StartsWith(Iso(Today) + ": Call, left a voicemail", Row(await manager.Get("/api/collections/worklist?queue=all"), customer).Str("lastContact"), StringComparison.Ordinal);

        await (await collector.PostJson($"/api/collections/customers/{customer}/snooze", new { until = Iso(Today) })).AssertProblem(400, "validation", "until");
        Assert.Equal(HttpStatusCode.OK, (await collector.PostJson($"/api/collections/customers/{customer}/snooze", new { until = Iso(Today.AddDays(3)), reason = "Owner on holiday" })).StatusCode);
        var after = await manager.Get("/api/collections/worklist?queue=all");
        Assert.DoesNotContain(after.GetProperty("rows").EnumerateArray(), r => r.Str("customer") == customer);

        var timeline = await manager.Get($"/api/collections/customers/{customer}/timeline");
        Assert.Equal(["Snoozed", "Call: Left a voicemail"], timeline.EnumerateArray().Select(e => e.Str("what")));
        Assert.StartsWith("API key test-collector", timeline[0].Str("by"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assignment_rules_put_customers_in_a_collectors_queue_and_collectors_only_see_their_own()
    {
        var manager = await app.ClientAs("CreditManager");
        var customer = await Overdue(manager, 700m, 20);
        await (await manager.PostJson("/api/collections/assignments", new { scope = "customer", key = customer, collector = "nobody@credo.local" })).AssertProblem(400, "validation", "collector");
        await (await manager.PostJson("/api/collections/assignments", new { scope = "planet", key = customer, collector = "x" })).AssertProblem(400, "validation", "scope");
        await (await manager.PostJson("/api/collections/assignments", new { scope = "group", key = "NO-SUCH-GROUP", collector = "x" })).AssertProblem(400, "validation", "key");

        var list = await manager.Get("/api/collections/worklist?queue=unassigned");
        Assert.Contains(list.GetProperty("rows").EnumerateArray(), r => r.Str("customer") == customer);
        var collector = await app.ClientAs("Collector");
        var own = await collector.Get("/api/collections/worklist?queue=all"); // a collector always gets their own queue
        Assert.Equal("mine", own.Str("queue"));
        Assert.DoesNotContain(own.GetProperty("rows").EnumerateArray(), r => r.Str("customer") == customer);
    }

    [Fact]
    public async Task Roles_viewer_reads_the_worklist_and_timeline_but_cannot_work_anonymous_is_401()
    {
        var manager = await app.ClientAs("CreditManager");
        var customer = await Overdue(manager, 300m, 9);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/api/collections/worklist")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostJson($"/api/collections/customers/{customer}/contacts", new { kind = "note", text = "x" })).StatusCode);
        var viewer = await app.ClientAs("Viewer");
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/collections/worklist")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/collections/customers/{customer}/timeline")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/collections/assignments")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJson($"/api/collections/customers/{customer}/contacts", new { kind = "note", text = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJson($"/api/collections/customers/{customer}/snooze", new { until = Iso(Today.AddDays(2)) })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJson("/api/collections/assignments", new { scope = "customer", key = customer, collector = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientAs("Collector")).PostJson("/api/collections/assignments", new { scope = "customer", key = customer, collector = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.DeleteAsync("/api/collections/assignments/1")).StatusCode);
        await (await manager.GetAsync("/api/collections/customers/NOPE/timeline")).AssertProblem(404, "not-found");
    }
}
