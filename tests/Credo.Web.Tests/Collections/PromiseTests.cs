using System.Net;
using System.Text.Json;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;
using static Credo.Web.Tests.Collections.CollectionsHttp;

namespace Credo.Web.Tests.Collections;

/// <summary>Promises to pay and payment plans through HTTP: they pause dunning, are kept or broken from the ledger, and resume it when broken.</summary>
public sealed class PromiseTests(CredoApp app) : IClassFixture<CredoApp>
{
    private DateOnly Today => app.Today; // the app's clock (issue 12 §6)

    private async Task<string> DueFromToday(HttpClient client, string customer, int daysPastDue, decimal amount = 400m)
    {
        var number = Http.Unique("INV");
        var due = Today.AddDays(-daysPastDue);
        await client.Invoice(customer, number, amount, issueDate: Iso(due.AddDays(-30)), dueDate: Iso(due));
        return number;
    }

    private static async Task<JsonElement> Promise(HttpClient client, string customer, DateOnly on, decimal amount, params string[] invoices)
    {
        var response = await client.PostJson($"/api/collections/customers/{customer}/promises", new { promisedOn = Iso(on), amount, invoices, channel = "phone", note = "Said the cheque is in the post" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Json();
    }

    [Fact]
    public async Task A_promise_leaves_its_invoices_out_of_dunning_and_is_kept_when_paid_within_the_tolerance()
    {
        var collector = await app.ClientAs("Collector");
        var manager = await app.ClientAs("CreditManager");
        var customer = await manager.Debtor();
        var promised = await DueFromToday(manager, customer, 10);
        var other = await DueFromToday(manager, customer, 12);

        var promise = await Promise(collector, customer, Today.AddDays(5), 400m, promised);
        Assert.Equal("open", promise.Str("status"));
        Assert.StartsWith("apikey:test-collector", promise.Str("takenBy"), StringComparison.Ordinal);

        var plan = await manager.Preview(Today);
        var message = plan.MessageFor(customer)!.Value;
        Assert.Equal([other], message.GetProperty("items").EnumerateArray().Select(i => i.Str("document")));
        var left = Assert.Single(message.GetProperty("leftOutItems").EnumerateArray());
        Assert.Equal("promised", left.Str("reason"));
        Assert.Contains($"promised to be paid by {Iso(Today.AddDays(5))}", left.Str("why"), StringComparison.Ordinal);

        await manager.Payment(customer, Http.Unique("PAY"), 397m, allocations: [new { invoiceNumber = promised, amount = 397m }], receivedOn: Iso(Today));
        var after = await (await collector.PostAsync($"/api/collections/customers/{customer}/promises/check", null)).Read<JsonElement>();
        Assert.Equal("kept", after[0].Str("status"));
    }

    [Fact]
    public async Task A_broken_promise_resumes_dunning_on_the_run_and_goes_on_the_timeline()
    {
        var manager = await app.ClientAs("CreditManager");
        var customer = await manager.Debtor();
        var invoice = await DueFromToday(manager, customer, 10);
        await Promise(manager, customer, Today.AddDays(3), 400m, invoice);

        var early = await manager.Preview(Today.AddDays(4)); // within the two grace days: still open
        Assert.True(early.MessageFor(customer) is null, early.MessageFor(customer).ToString() + early.GetProperty("promiseChanges"));

        var later = Today.AddDays(6);
        var run = await manager.Run(later);
        Assert.Contains(run.GetProperty("plan").GetProperty("promiseChanges").EnumerateArray(), c => c.GetString()!.Contains("broken", StringComparison.Ordinal));
        Assert.Equal([invoice], run.GetProperty("plan").MessageFor(customer)!.Value.GetProperty("items").EnumerateArray().Select(i => i.Str("document")));
        var promises = await manager.Get($"/api/collections/customers/{customer}/promises");
        Assert.Equal("broken", promises[0].Str("status"));
    }

    [Fact]
    public async Task A_payment_plan_pauses_the_customer_until_an_instalment_is_broken()
    {
        var manager = await app.ClientAs("CreditManager");
        var customer = await manager.Debtor();
        await DueFromToday(manager, customer, 20, 300m);
        await DueFromToday(manager, customer, 40, 301m);
        var response = await manager.PostJson($"/api/collections/customers/{customer}/payment-plans", new { instalments = 3, firstOn = Iso(Today.AddDays(7)), everyDays = 30, channel = "phone" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var plan = await response.Json();
        Assert.Equal([200.34m, 200.33m, 200.33m], plan.GetProperty("instalments").EnumerateArray().Select(i => i.GetProperty("amount").Dec("value")));

        var today = await manager.Preview(Today);
        Assert.True(today.LeftOutFor(customer) is not null, today.MessageFor(customer).ToString());
        var paused = today.LeftOutFor(customer)!.Value;
        Assert.Equal("payment-plan", paused.Str("reason"));

        var broken = await manager.Preview(Today.AddDays(12)); // first instalment unpaid past its grace days
        Assert.NotNull(broken.MessageFor(customer));
    }

    [Fact]
    public async Task Bad_promises_are_refused_by_field_and_a_cancelled_promise_cannot_be_cancelled_again()
    {
        var manager = await app.ClientAs("CreditManager");
        var customer = await manager.Debtor();
        var invoice = await DueFromToday(manager, customer, 10);
        var stranger = await manager.Debtor();
        var theirs = await DueFromToday(manager, stranger, 10);

        await (await manager.PostJson($"/api/collections/customers/{customer}/promises", new { promisedOn = Iso(Today.AddDays(-1)), amount = 10m, channel = "phone" })).AssertProblem(400, "validation", "promisedOn");
        await (await manager.PostJson($"/api/collections/customers/{customer}/promises", new { promisedOn = Iso(Today), amount = 10m, channel = "carrier pigeon" })).AssertProblem(400, "validation", "channel");
        await (await manager.PostJson($"/api/collections/customers/{customer}/promises", new { promisedOn = Iso(Today), amount = 0m, channel = "phone" })).AssertProblem(400, "validation", "amount");
        await (await manager.PostJson($"/api/collections/customers/{customer}/promises", new { promisedOn = Iso(Today), amount = 10m, channel = "phone", invoices = new[] { theirs } })).AssertProblem(400, "validation", "invoices");
        await (await manager.PostJson("/api/collections/customers/NOPE/promises", new { promisedOn = Iso(Today), amount = 10m, channel = "phone" })).AssertProblem(404, "not-found");

        var promise = await Promise(manager, customer, Today, 50m, invoice);
        var id = promise.GetProperty("id").GetInt64();
        await (await manager.PostJson($"/api/collections/promises/{id}/cancel", new { reason = "" })).AssertProblem(400, "validation", "reason");
        Assert.Equal("cancelled", (await (await manager.PostJson($"/api/collections/promises/{id}/cancel", new { reason = "Recorded on the wrong account" })).Read<JsonElement>()).Str("status"));
        await (await manager.PostJson($"/api/collections/promises/{id}/cancel", new { reason = "again" })).AssertProblem(409, "promise-transition-not-allowed");
    }

    [Fact]
    public async Task Roles_collectors_record_viewers_read_anonymous_is_refused()
    {
        var manager = await app.ClientAs("CreditManager");
        var customer = await manager.Debtor();
        await DueFromToday(manager, customer, 10);
        var body = new { promisedOn = Iso(Today), amount = 10m, channel = "phone" };
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostJson($"/api/collections/customers/{customer}/promises", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync($"/api/collections/customers/{customer}/promises")).StatusCode);
        var viewer = await app.ClientAs("Viewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJson($"/api/collections/customers/{customer}/promises", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJson($"/api/collections/customers/{customer}/payment-plans", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJson("/api/collections/promises/1/cancel", new { reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientAs("CreditAnalyst")).PostJson($"/api/collections/customers/{customer}/promises", body)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/collections/customers/{customer}/promises")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await (await app.ClientAs("Collector")).PostJson($"/api/collections/customers/{customer}/promises", body)).StatusCode);
    }
}
