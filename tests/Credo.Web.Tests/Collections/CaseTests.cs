using System.Net;
using System.Text.Json;
using Credo.Web.Data;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Credo.Web.Tests.Collections.CollectionsHttp;

namespace Credo.Web.Tests.Collections;

/// <summary>
/// Disputes and deductions as cases through HTTP: the disputed part leaves dunning, resolution posts through the
/// ledger (credit note, write-off) or nothing (valid), short payments open deduction cases, and the roles hold.
/// </summary>
public sealed class CaseTests(CredoApp app) : IClassFixture<CredoApp>
{
    private async Task<DateOnly> Today() =>
        await app.InScope(sp => Task.FromResult(DateOnly.FromDateTime(sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime)));

    private async Task<string> Overdue(HttpClient client, string customer, decimal amount = 400m)
    {
        var number = Http.Unique("INV");
        var due = (await Today()).AddDays(-10);
        await client.Invoice(customer, number, amount, issueDate: Iso(due.AddDays(-30)), dueDate: Iso(due));
        return number;
    }

    private static async Task<JsonElement> Open(HttpClient client, string invoice, string reason, decimal? amount = null, string? message = "The customer says so")
    {
        var response = await client.PostJson("/api/collections/cases", new { invoice, reason, amount, message });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    private static Task<HttpResponseMessage> Move(HttpClient client, long id, string step, string? note = "Checked the delivery note", decimal? amount = null) =>
        client.PostJson($"/api/collections/cases/{id}/events", new { @event = step, note, amount }, Http.Unique("key"));

    private static long Id(JsonElement c) => c.GetProperty("id").GetInt64();

    private async Task<decimal> OpenOn(HttpClient client, string invoice) => (await client.Get($"/api/invoices/{invoice}")).GetProperty("open").GetDecimal();

    [Fact]
    public async Task A_part_dispute_flags_the_invoice_and_dunning_chases_only_the_undisputed_rest()
    {
        var collector = await app.ClientAs("Collector");
        var manager = await app.ClientAs("CreditManager");
        var customer = await manager.Debtor();
        var invoice = await Overdue(manager, customer);

        var opened = await Open(collector, invoice, "price", 150m);
        Assert.Equal("open", opened.Str("status"));
        Assert.Equal("dispute", opened.Str("kind"));
        Assert.Equal(150m, opened.GetProperty("disputed").GetProperty("value").GetDecimal());
        Assert.Equal(Iso((await Today()).AddDays(10)), opened.Str("dueOn")); // price: ten days
        Assert.True((await manager.Get($"/api/invoices/{invoice}")).GetProperty("disputed").GetBoolean());

        var plan = await manager.Preview(await Today());
        var item = Assert.Single(plan.MessageFor(customer)!.Value.GetProperty("items").EnumerateArray());
        Assert.Equal(250m, item.GetProperty("open").GetProperty("value").GetDecimal());

        var twice = await collector.PostJson("/api/collections/cases", new { invoice, reason = "damaged" });
        await twice.AssertProblem(409, "case-already-open", "invoice");
    }

    [Fact]
    public async Task A_whole_invoice_dispute_is_left_out_of_dunning_with_its_reason()
    {
        var manager = await app.ClientAs("CreditManager");
        var customer = await manager.Debtor();
        var invoice = await Overdue(manager, customer);
        await Open(manager, invoice, "not-received");

        var plan = await manager.Preview(await Today());
        var left = plan.LeftOutFor(customer) ?? plan.MessageFor(customer);
        Assert.NotNull(left);
        Assert.Contains(left!.Value.GetProperty(plan.LeftOutFor(customer) is null ? "leftOutItems" : "items").EnumerateArray(), i => i.Str("document") == invoice && i.Str("reason") == "disputed");
    }

    [Fact]
    public async Task Resolving_by_credit_note_posts_it_through_the_ledger_clears_the_flag_and_tells_integrators()
    {
        var collector = await app.ClientAs("Collector");
        var manager = await app.ClientAs("CreditManager");
        var customer = await manager.Debtor();
        var invoice = await Overdue(manager, customer);
        var id = Id(await Open(collector, invoice, "damaged", 150m));

        Assert.Equal(HttpStatusCode.OK, (await Move(collector, id, "investigate")).StatusCode);
        var noNote = await Move(collector, id, "resolve-by-credit-note", note: null);
        await noNote.AssertProblem(400, "validation", "note");
        var tooMuch = await Move(collector, id, "resolve-by-credit-note", amount: 150.01m);
        await tooMuch.AssertProblem(400, "validation", "amount");

        var resolved = await (await Move(collector, id, "resolve-by-credit-note", "Photos show the damage")).Json();
        Assert.Equal("resolved-by-credit-note", resolved.Str("status"));
        Assert.Equal($"CN-CASE-{id}", resolved.Str("resolutionDocument"));
        Assert.Equal(250m, await OpenOn(manager, invoice));
        var document = await manager.Get($"/api/invoices/{invoice}");
        Assert.False(document.GetProperty("disputed").GetBoolean());
        var credit = await manager.Get($"/api/credit-notes/CN-CASE-{id}");
        Assert.Equal(150m, credit.GetProperty("amount").GetDecimal());

        var again = await Move(manager, id, "write-off");
        await again.AssertProblem(409, "case-transition-not-allowed", "event");
        var events = await app.InScope(sp => sp.GetRequiredService<CreditDb>().Outbox.AsNoTracking().Where(m => m.Topic == "collections.case-resolved" && m.PayloadJson.Contains(invoice)).CountAsync());
        Assert.Equal(1, events);
    }

    [Fact]
    public async Task Writing_off_needs_the_corrections_role_and_posts_a_write_off()
    {
        var collector = await app.ClientAs("Collector");
        var manager = await app.ClientAs("CreditManager");
        var customer = await manager.Debtor();
        var invoice = await Overdue(manager, customer);
        var id = Id(await Open(collector, invoice, "quantity-short", 40m));

        Assert.Equal(HttpStatusCode.Forbidden, (await Move(collector, id, "write-off", "Not worth it")).StatusCode);
        var written = await (await Move(manager, id, "write-off", "Not worth chasing")).Json();
        Assert.Equal("written-off", written.Str("status"));
        Assert.Equal(360m, await OpenOn(manager, invoice));
    }

    [Fact]
    public async Task Resolved_as_valid_posts_nothing_and_dunning_chases_the_whole_invoice_again()
    {
        var manager = await app.ClientAs("CreditManager");
        var customer = await manager.Debtor();
        var invoice = await Overdue(manager, customer);
        var id = Id(await Open(manager, invoice, "duplicate-billing"));
        Assert.Equal(HttpStatusCode.OK, (await Move(manager, id, "ask-customer")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Move(manager, id, "customer-answered", "Sent the proof of delivery")).StatusCode);
        var valid = await (await Move(manager, id, "resolve-as-valid", "Two deliveries, two invoices")).Json();
        Assert.Equal("resolved-as-valid", valid.Str("status"));
        Assert.Equal(400m, await OpenOn(manager, invoice));

        var plan = await manager.Preview(await Today());
        var item = Assert.Single(plan.MessageFor(customer)!.Value.GetProperty("items").EnumerateArray());
        Assert.Equal(400m, item.GetProperty("open").GetProperty("value").GetDecimal());
        var notes = (await manager.Get($"/api/collections/cases/{id}")).GetProperty("notes").EnumerateArray().Select(n => n.Str("text")).ToList();
        Assert.Equal(4, notes.Count); // the first message, then one per step
    }

    [Fact]
    public async Task The_old_resolve_endpoint_resolves_the_case_so_the_case_and_the_flag_agree()
    {
        var collector = await app.ClientAs("Collector");
        var manager = await app.ClientAs("CreditManager");
        var customer = await manager.Debtor();
        var invoice = await Overdue(manager, customer);
        var id = Id(await Open(collector, invoice, "damaged", 150m));
        Assert.Equal(HttpStatusCode.OK, (await Move(collector, id, "investigate")).StatusCode);

        var viewer = await app.ClientAs("Viewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJson($"/api/invoices/{invoice}/disputes/resolve", new { resolution = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostJson($"/api/invoices/{invoice}/disputes/resolve", new { resolution = "x" })).StatusCode);
        await (await collector.PostJson($"/api/invoices/{invoice}/disputes/resolve", new { resolution = " " })).AssertProblem(400, "validation", "resolution");

        var resolved = await collector.PostJson($"/api/invoices/{invoice}/disputes/resolve", new { resolution = "Goods found in the warehouse" });
        Assert.True(resolved.StatusCode == HttpStatusCode.OK, await resolved.Content.ReadAsStringAsync());
        Assert.False((await resolved.Json()).GetProperty("disputed").GetBoolean());

        var @case = await manager.Get($"/api/collections/cases/{id}");
        Assert.Equal("resolved-as-valid", @case.Str("status"));
        Assert.Contains(@case.GetProperty("notes").EnumerateArray(), n => n.Str("text")!.Contains("Goods found in the warehouse", StringComparison.Ordinal));
        Assert.Empty((await manager.Get($"/api/collections/cases?customer={customer}")).EnumerateArray()); // open cases only
        Assert.Equal(400m, await OpenOn(manager, invoice)); // resolved as valid posts nothing
        await (await collector.PostJson($"/api/invoices/{invoice}/disputes/resolve", new { resolution = "Again" })).AssertProblem(409, "no-open-dispute");
        await (await Move(manager, id, "resolve-by-credit-note", "Too late")).AssertProblem(409, "case-transition-not-allowed", "event");

        // Opened through the old endpoint too: the pair of old endpoints opens and closes one case.
        var second = await Overdue(manager, customer);
        Assert.Equal(HttpStatusCode.OK, (await collector.PostJson($"/api/invoices/{second}/disputes", new { reason = "Short delivery" })).StatusCode);
        var opened = Assert.Single((await manager.Get($"/api/collections/cases?customer={customer}")).EnumerateArray());
        Assert.Equal(HttpStatusCode.OK, (await collector.PostJson($"/api/invoices/{second}/disputes/resolve", new { resolution = "Delivered in full" })).StatusCode);
        Assert.Equal("resolved-as-valid", (await manager.Get($"/api/collections/cases/{Id(opened)}")).Str("status"));
        Assert.False((await manager.Get($"/api/invoices/{second}")).GetProperty("disputed").GetBoolean());
    }

    [Fact]
    public async Task A_short_payment_naming_an_invoice_opens_a_deduction_case_beyond_the_tolerance_only()
    {
        var manager = await app.ClientAs("CreditManager");
        var customer = await manager.Debtor();
        var shortPaid = await Overdue(manager, customer);
        var nearlyPaid = await Overdue(manager, customer);
        var payment = Http.Unique("PAY");
        await manager.Payment(customer, payment, 700m, allocations: [new { invoiceNumber = shortPaid, amount = 303m }, new { invoiceNumber = nearlyPaid, amount = 397m }], receivedOn: Iso(await Today()), autoAllocate: false);

        var cases = await manager.Get($"/api/collections/cases?customer={customer}");
        var deduction = Assert.Single(cases.EnumerateArray());
        Assert.Equal("deduction", deduction.Str("kind"));
        Assert.Equal(shortPaid, deduction.Str("invoice"));
        Assert.Equal("payment", deduction.Str("source"));
        Assert.Equal(97m, deduction.GetProperty("disputed").GetProperty("value").GetDecimal());
        Assert.True((await manager.Get($"/api/invoices/{shortPaid}")).GetProperty("disputed").GetBoolean());

        var auto = await manager.Debtor();
        await Overdue(manager, auto);
        await Overdue(manager, auto);
        await manager.Payment(auto, Http.Unique("PAY"), 500m, receivedOn: Iso(await Today())); // oldest-first, names nothing
        Assert.Empty((await manager.Get($"/api/collections/cases?customer={auto}")).EnumerateArray());
    }

    [Fact]
    public async Task Viewers_read_cases_collectors_work_them_and_strangers_get_nothing()
    {
        var manager = await app.ClientAs("CreditManager");
        var viewer = await app.ClientAs("Viewer");
        var customer = await manager.Debtor();
        var invoice = await Overdue(manager, customer);
        var id = Id(await Open(manager, invoice, "other"));

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/collections/cases/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/collections/cases?status=all")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJson("/api/collections/cases", new { invoice, reason = "price" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Move(viewer, id, "investigate")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJson($"/api/collections/cases/{id}/notes", new { text = "hello" })).StatusCode);
        var anonymous = app.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/collections/cases")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostJson("/api/collections/cases", new { invoice, reason = "price" })).StatusCode);

        var bad = await manager.PostJson("/api/collections/cases", new { invoice, reason = "because" });
        await bad.AssertProblem(400, "validation", "reason");
        var missing = await manager.PostJson("/api/collections/cases", new { invoice = "NOPE-1", reason = "price" });
        await missing.AssertProblem(404, "not-found");
        var wrongStep = await Move(manager, id, "fly");
        await wrongStep.AssertProblem(400, "validation", "event");
    }
}
