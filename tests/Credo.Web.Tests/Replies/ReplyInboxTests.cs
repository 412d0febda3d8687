using System.Net;
using System.Text.Json;
using Credo.Web.Data;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Credo.Web.Tests.Collections.CollectionsHttp;

namespace Credo.Web.Tests.Replies;

/// <summary>
/// Customers' replies through HTTP: taken in once per Message-ID, matched to the customer, read by the rules with
/// evidence, and changed into a promise or a case only when a collector confirms. Roles: collectors work them, viewers read.
/// </summary>
public sealed class ReplyInboxTests(CredoApp app) : IClassFixture<CredoApp>
{
    internal static async Task<(string Customer, string Invoice)> Overdue(CredoApp app, HttpClient manager, int daysPastDue = 10)
    {
        var customer = await manager.Debtor();
        var invoice = Http.Unique("INV");
        var due = app.Today.AddDays(-daysPastDue);
        await manager.Invoice(customer, invoice, 400m, issueDate: Iso(due.AddDays(-30)), dueDate: Iso(due));
        return (customer, invoice);
    }

    internal static object Reply(string from, string body, string? subject = null, object[]? attachments = null) =>
        new { messageId = $"<{Guid.NewGuid():N}@customer.example>", from, fromName = "Pat Payables", subject = subject ?? "Re: Payment reminder", body, attachments };

    [Fact]
    public async Task The_same_message_taken_in_by_eight_callers_at_once_is_kept_once_and_every_caller_gets_it()
    {
        // Two pollers (the schedule and a person, or two instances) may read the same message at the same moment: the
        // one that loses the unique message key is told it was already received, never given an error.
        var collector = await app.ClientAs("Collector");
        var request = Reply("pat@customer.example", "We will pay next Friday.");
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => collector.PostJson("/api/collections/replies", request)));
        Assert.All(answers, a => Assert.True(a.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, a.StatusCode.ToString()));
        var ids = await Task.WhenAll(answers.Select(async a => (await a.Json()).GetProperty("id").GetInt64()));
        Assert.Single(ids.Distinct());
        var key = ((string)request.GetType().GetProperty("messageId")!.GetValue(request)!).Trim('<', '>');
        Assert.Equal(1, await app.InScope(sp => sp.GetRequiredService<CreditDb>().InboundReplies.CountAsync(r => r.MessageKey == key)));
    }

    [Fact]
    public async Task A_promise_reply_is_read_with_its_evidence_and_becomes_a_promise_only_when_a_collector_confirms()
    {
        var manager = await app.ClientAs("CreditManager");
        var collector = await app.ClientAs("Collector");
        var (customer, invoice) = await Overdue(app, manager);
        var on = app.Today.AddDays(9);
        var body = $"Hello, we will pay invoice {invoice} on {Iso(on)}, amount USD 400.00.\n\nOn Monday Credo wrote:\n> Your invoices are overdue.";
        var messageId = $"<{Guid.NewGuid():N}@customer.example>";
        var request = new { messageId, from = "someone@elsewhere.example", subject = "Re: Payment reminder", body };

        var created = await collector.PostJson("/api/collections/replies", request);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var reply = await created.Json();
        Assert.Equal(customer, reply.Str("customer"));
        Assert.Equal("an invoice it names", reply.Str("matchedBy"));
        Assert.Equal("promise", reply.Str("label"));
        Assert.Equal(Iso(on), reply.Str("on"));
        Assert.Equal(400m, reply.GetProperty("amount").GetProperty("value").GetDecimal());
        Assert.Equal([invoice], reply.GetProperty("invoices").EnumerateArray().Select(i => i.GetString()));
        Assert.Contains(reply.GetProperty("evidence").EnumerateArray(), e => e.GetString()!.Contains("will pay", StringComparison.Ordinal));
        Assert.Equal("waiting", reply.Str("status"));
        Assert.Null(reply.Str("modelNote"));

        var promisesBefore = await collector.Get($"/api/collections/customers/{customer}/promises");
        Assert.Empty(promisesBefore.EnumerateArray());

        var again = await collector.PostJson("/api/collections/replies", request);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(reply.GetProperty("id").GetInt64(), (await again.Json()).GetProperty("id").GetInt64());

        var id = reply.GetProperty("id").GetInt64();
        var confirmed = await (await collector.PostJson($"/api/collections/replies/{id}/confirm", new { })).Read<JsonElement>();
        Assert.Equal("confirmed", confirmed.Str("status"));
        Assert.StartsWith("Promise recorded: 400.00 USD by", confirmed.Str("outcome"), StringComparison.Ordinal);
        var promise = Assert.Single((await collector.Get($"/api/collections/customers/{customer}/promises")).EnumerateArray());
        Assert.Equal(Iso(on), promise.Str("promisedOn"));
        Assert.Equal("email", promise.Str("channel"));

        await (await collector.PostJson($"/api/collections/replies/{id}/confirm", new { })).AssertProblem(409, "reply-already-decided");
        var topics = await app.InScope(sp => sp.GetRequiredService<CreditDb>().Outbox.Where(o => o.PayloadJson.Contains(customer)).Select(o => o.Topic).ToListAsync());
        Assert.Contains("collections.reply-received", topics);
        Assert.Contains("collections.reply-decided", topics);
        Assert.Equal(1, await app.InScope(sp => sp.GetRequiredService<CreditDb>().InboundReplies.CountAsync(r => r.MessageKey == messageId.Trim('<', '>'))));
    }

    [Fact]
    public async Task A_dispute_reply_opens_a_case_when_confirmed_and_the_collector_can_correct_the_reading_first()
    {
        var manager = await app.ClientAs("CreditManager");
        var collector = await app.ClientAs("Collector");
        var (customer, invoice) = await Overdue(app, manager);
        var reply = await (await collector.PostJson("/api/collections/replies", Reply("x@y.example", $"The goods on invoice {invoice} arrived damaged, we will not pay."))).Read<JsonElement>();
        Assert.Equal("dispute", reply.Str("label"));
        Assert.Equal("damaged", reply.Str("reason"));

        var id = reply.GetProperty("id").GetInt64();
        await (await collector.PostJson($"/api/collections/replies/{id}/confirm", new { label = "nonsense" })).AssertProblem(400, "validation", "label");
        var confirmed = await (await collector.PostJson($"/api/collections/replies/{id}/confirm", new { reason = "quantity-short" })).Read<JsonElement>();
        Assert.Equal($"Case opened on {invoice}.", confirmed.Str("outcome"));
        var cases = await collector.Get($"/api/collections/cases?customer={customer}&status=all");
        var opened = Assert.Single(cases.EnumerateArray());
        Assert.Equal("quantity-short", opened.Str("reason"));
    }

    [Fact]
    public async Task A_dispute_naming_no_invoice_is_refused_and_nothing_is_half_written_and_a_discard_changes_nothing()
    {
        var manager = await app.ClientAs("CreditManager");
        var collector = await app.ClientAs("Collector");
        var (customer, invoice) = await Overdue(app, manager);
        var reply = await (await collector.PostJson("/api/collections/replies", Reply("x@y.example", $"Invoice {invoice}: the price is wrong."))).Read<JsonElement>();
        var id = reply.GetProperty("id").GetInt64();
        await (await collector.PostJson($"/api/collections/replies/{id}/confirm", new { invoices = Array.Empty<string>() })).AssertProblem(400, "validation", "invoices");
        Assert.Equal("waiting", (await collector.Get($"/api/collections/replies/{id}")).Str("status"));

        var discarded = await (await collector.PostAsync($"/api/collections/replies/{id}/discard", null)).Read<JsonElement>();
        Assert.Equal("discarded", discarded.Str("status"));
        Assert.Empty((await collector.Get($"/api/collections/cases?customer={customer}&status=all")).EnumerateArray());
        Assert.DoesNotContain((await collector.Get("/api/collections/replies")).EnumerateArray(), r => r.GetProperty("id").GetInt64() == id);
    }

    [Fact]
    public async Task Bad_replies_are_refused_by_field_and_bad_attachments_are_named_and_not_kept()
    {
        var collector = await app.ClientAs("Collector");
        await (await collector.PostJson("/api/collections/replies", new { from = "a@b.example", body = "x" })).AssertProblem(400, "validation", "messageId");
        await (await collector.PostJson("/api/collections/replies", new { messageId = "<1@x>", from = "nobody", body = "x" })).AssertProblem(400, "validation", "from");

        var attachments = new object[]
        {
            new { name = "remittance.pdf", contentType = "application/pdf", size = 20_000 },
            new { name = "huge.pdf", contentType = "application/pdf", size = 50_000_000 },
            new { name = "run-me.exe", contentType = "application/x-msdownload", size = 10_000 },
        };
        var reply = await (await collector.PostJson("/api/collections/replies", Reply("ap@unknown.example", "Already paid last week, see the remittance advice.", attachments: attachments))).Read<JsonElement>();
        Assert.Equal("paid", reply.Str("label"));
        Assert.Null(reply.Str("customer"));
        Assert.Equal(["remittance.pdf"], reply.GetProperty("attachments").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(2, reply.GetProperty("attachmentProblems").GetArrayLength());
    }

    [Fact]
    public async Task Replies_need_a_signed_in_person_and_collectors_work_them_while_viewers_only_read()
    {
        var anonymous = app.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/collections/replies")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/collections/replies", JsonContent(Reply("a@b.example", "x")))).StatusCode);

        var viewer = await app.ClientAs("Viewer");
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/collections/replies")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJson("/api/collections/replies", Reply("a@b.example", "x"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJson("/api/collections/replies/1/confirm", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/api/collections/replies/1/discard", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/api/collections/customers/X/reminder-draft", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJson("/api/collections/customers/X/reminders", new { subject = "s", body = "b" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/collections/customers/X/reminder-draft", null)).StatusCode);
    }

    [Fact]
    public async Task Without_a_model_the_draft_is_the_template_with_the_facts_and_the_collector_sends_it()
    {
        var manager = await app.ClientAs("CreditManager");
        var collector = await app.ClientAs("Collector");
        var (customer, invoice) = await Overdue(app, manager, 20);
        var draft = await (await collector.PostAsync($"/api/collections/customers/{customer}/reminder-draft", null)).Read<JsonElement>();
        Assert.Equal("template", draft.Str("draftedWith"));
        Assert.Contains("No language model is configured", draft.Str("notice"), StringComparison.Ordinal);
        Assert.Contains(invoice, draft.Str("draft"), StringComparison.Ordinal);
        Assert.StartsWith("Dear Pat Payables,", draft.Str("draft"), StringComparison.Ordinal);

        var sent = await (await collector.PostJson($"/api/collections/customers/{customer}/reminders", new { subject = draft.Str("subject"), body = draft.Str("draft") + "\nEdited by me.", draftedWith = "template" })).Read<JsonElement>();
        Assert.Equal(Recipient(customer), sent.Str("sentTo"));
        var timeline = await collector.Get($"/api/collections/customers/{customer}/timeline");
        Assert.Contains(timeline.EnumerateArray(), t => t.GetRawText().Contains("Reminder sent by email", StringComparison.Ordinal));
        await (await collector.PostJson($"/api/collections/customers/{customer}/reminders", new { subject = "", body = "x" })).AssertProblem(400, "validation", "subject");
    }

    private static StringContent JsonContent(object body) => new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");
}
