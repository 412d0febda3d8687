using System.Net;
using System.Text.Json;
using Credo.Web.Data;
using Credo.Web.Features.Replies;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Pages;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Credo.Web.Tests.Collections.CollectionsHttp;

namespace Credo.Web.Tests.Replies;

/// <summary>
/// Issue 14 §6 leftovers: a reply applied without a person above the configured confidence (once, audited as the
/// assistant, with the evidence), the conversation summarised on the customer page (rules, or the loopback model),
/// the mail drop folder (real .eml files, each taken once and moved to done or failed with the reason), and reminder
/// drafts from the dunning level's own template in the customer's language.
/// </summary>
public sealed class AssistLeftoversTests(CredoApp app) : IClassFixture<CredoApp>
{
    private static async Task<HttpClient> Client(WebApplicationFactory<Program> factory, CredoApp app, string role)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", await app.KeyFor(role));
        return client;
    }

    private WebApplicationFactory<Program> AutoApplyingAt(int percent) =>
        app.WithWebHostBuilder(b => b.UseSetting("Collections:Assist:AutoApplyAtPercent", percent.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static string PromiseText(string invoice, DateOnly on) => $"Hello, we will pay invoice {invoice} on {Iso(on)}, amount USD 400.00.";

    /// <summary>How sure the rules are of a text, read on the app without automatic applying.</summary>
    private async Task<int> Confidence(string body)
    {
        var collector = await app.ClientAs("Collector");
        var probe = await (await collector.PostJson("/api/collections/replies", ReplyInboxTests.Reply("probe@nowhere.example", body))).Read<JsonElement>();
        return probe.GetProperty("confidencePercent").GetInt32();
    }

    [Fact]
    public async Task A_promise_read_at_least_as_sure_as_the_threshold_is_applied_once_by_the_assistant_with_the_evidence_audited()
    {
        var manager = await app.ClientAs("CreditManager");
        var (customer, invoice) = await ReplyInboxTests.Overdue(app, manager);
        var on = app.Today.AddDays(9);
        var sure = await Confidence(PromiseText("INV-PROBE-1", on));
        await using var factory = AutoApplyingAt(sure);
        var collector = await Client(factory, app, "Collector");
        var request = new { messageId = $"<{Guid.NewGuid():N}@customer.example>", from = "someone@elsewhere.example", subject = "Re: Payment reminder", body = PromiseText(invoice, on) };

        var created = await collector.PostJson("/api/collections/replies", request);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var reply = await created.Json();
        Assert.Equal("applied automatically", reply.Str("status"));
        Assert.Equal(DecideReply.Assistant, reply.Str("decidedBy"));
        Assert.StartsWith("Promise recorded: 400.00 USD by", reply.Str("outcome"), StringComparison.Ordinal);
        var id = reply.GetProperty("id").GetInt64();

        // The same message again, and a collector confirming it afterwards: nothing is applied twice.
        var again = await collector.PostJson("/api/collections/replies", request);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(id, (await again.Json()).GetProperty("id").GetInt64());
        var confirm = await collector.PostJson($"/api/collections/replies/{id}/confirm", new { });
        Assert.False(confirm.IsSuccessStatusCode);
        Assert.Contains("reply-already-decided", await confirm.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var customerId = await CustomerId(customer);
        var promise = Assert.Single(await app.InScope(sp => sp.GetRequiredService<CreditDb>().PaymentPromises.Where(p => p.CustomerId == customerId).ToListAsync()));
        Assert.Equal(DecideReply.Assistant, promise.TakenBy);
        Assert.Equal("email", promise.Channel);
        var audit = Assert.Single(await app.InScope(sp => sp.GetRequiredService<CreditDb>().Audit
            .Where(a => a.Entity == nameof(InboundReply) && a.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToListAsync()));
        Assert.Equal("reply-applied-automatically", audit.Action);
        Assert.Equal(DecideReply.Assistant, audit.Actor);
        Assert.Contains("will pay", audit.AfterJson, StringComparison.Ordinal); // the evidence
        Assert.Contains($"\"confidencePercent\":{sure}", audit.AfterJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reply_read_below_the_threshold_waits_for_a_person_and_nothing_changes()
    {
        var manager = await app.ClientAs("CreditManager");
        var (customer, invoice) = await ReplyInboxTests.Overdue(app, manager);
        var on = app.Today.AddDays(9);
        var sure = await Confidence(PromiseText("INV-PROBE-2", on));
        await using var factory = AutoApplyingAt(sure + 1);
        var collector = await Client(factory, app, "Collector");

        var reply = await (await collector.PostJson("/api/collections/replies", ReplyInboxTests.Reply("someone@elsewhere.example", PromiseText(invoice, on)))).Read<JsonElement>();
        Assert.Equal("promise", reply.Str("label"));
        Assert.Equal("waiting", reply.Str("status"));
        Assert.Null(reply.Str("outcome"));
        Assert.Empty((await collector.Get($"/api/collections/customers/{customer}/promises")).EnumerateArray());
    }

    [Fact]
    public async Task A_dispute_applied_automatically_opens_a_case_and_one_that_cannot_be_applied_waits_and_says_why()
    {
        var manager = await app.ClientAs("CreditManager");
        var (customer, invoice) = await ReplyInboxTests.Overdue(app, manager);
        var named = $"The goods of invoice {invoice} were never received, we dispute it.";
        var unnamed = "The goods were never received, we dispute this invoice.";
        var sure = Math.Min(await Confidence(named.Replace(invoice, "INV-PROBE-3", StringComparison.Ordinal)), await Confidence(unnamed));
        await using var factory = AutoApplyingAt(sure);
        var collector = await Client(factory, app, "Collector");

        var applied = await (await collector.PostJson("/api/collections/replies", ReplyInboxTests.Reply("someone@elsewhere.example", named))).Read<JsonElement>();
        Assert.Equal("dispute", applied.Str("label"));
        Assert.Equal("applied automatically", applied.Str("status"));
        Assert.Equal($"Case opened on {invoice}.", applied.Str("outcome"));
        var customerId = await CustomerId(customer);
        var opened = Assert.Single(await app.InScope(sp => sp.GetRequiredService<CreditDb>().DisputeCases.Where(c => c.CustomerId == customerId).ToListAsync()));
        Assert.Equal(DecideReply.Assistant, opened.OpenedBy);

        var waiting = await (await collector.PostJson("/api/collections/replies", ReplyInboxTests.Reply("nobody@nowhere.example", unnamed))).Read<JsonElement>();
        Assert.Equal("dispute", waiting.Str("label"));
        Assert.Equal("waiting", waiting.Str("status"));
        Assert.StartsWith("Not applied automatically: ", waiting.Str("outcome"), StringComparison.Ordinal);
    }

    private Task<long> CustomerId(string number) => app.InScope(sp => sp.GetRequiredService<CreditDb>().Customers.Where(c => c.Number == number).Select(c => c.Id).SingleAsync());

    [Fact]
    public async Task The_replies_page_says_in_words_whether_replies_are_applied_without_a_person()
    {
        var collector = await PageSession.SignedIn(app, "Collector");
        var page = await collector.Client.GetStringAsync("/team/collections/replies");
        Assert.Contains("Every reply waits for you: applying replies without a person is off.", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_model_the_thread_is_summarised_by_the_rules_from_the_reminders_and_replies()
    {
        var manager = await app.ClientAs("CreditManager");
        var collector = await app.ClientAs("Collector");
        var (customer, invoice) = await ReplyInboxTests.Overdue(app, manager);
        var empty = await collector.Get($"/api/collections/customers/{customer}/thread-summary");
        Assert.Equal("No reminder sent and no reply received yet.", empty.Str("summary"));

        var on = app.Today.AddDays(9);
        await collector.PostJson("/api/collections/replies", ReplyInboxTests.Reply("someone@elsewhere.example", PromiseText(invoice, on)));
        var summary = await collector.Get($"/api/collections/customers/{customer}/thread-summary");
        Assert.Equal("rules", summary.Str("summarisedBy"));
        Assert.Equal(
            $"No reminder sent yet. 1 reply received. The latest, on {Iso(app.Today)}, promises to pay 400.00 USD by {Iso(on)} for invoice {invoice}; it waits for a collector.",
            summary.Str("summary"));
        var line = Assert.Single(summary.GetProperty("thread").EnumerateArray()).GetString()!;
        Assert.StartsWith($"{Iso(app.Today)}: reply received: promises to pay", line, StringComparison.Ordinal);

        var page = await PageSession.SignedIn(app, "Collector");
        var customerPage = await page.Client.GetStringAsync($"/team/collections/customers/{customer}");
        Assert.Contains($"/team/collections/customers/{customer}/thread", customerPage, StringComparison.Ordinal);
        var fragment = WebUtility.HtmlDecode(await page.Client.GetStringAsync($"/team/collections/customers/{customer}/thread"));
        Assert.Contains("The conversation so far", fragment, StringComparison.Ordinal);
        Assert.Contains("1 reply received", fragment, StringComparison.Ordinal);
        Assert.Contains("Summarised by Credo's rules", fragment, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_model_the_thread_is_summarised_from_the_facts_only_once_per_facts_and_the_rules_stand_when_it_is_down()
    {
        var manager = await app.ClientAs("CreditManager");
        var (customer, invoice) = await ReplyInboxTests.Overdue(app, manager);
        await using var model = await LoopbackModel.Start();
        model.Content = "The customer promised to pay; nothing waits.";
        await using var factory = app.WithWebHostBuilder(b => b
            .UseSetting("Collections:Assist:Endpoint", model.Endpoint.ToString())
            .UseSetting("Collections:Assist:Model", "loopback-model")
            .UseSetting("Collections:Assist:TimeoutSeconds", "2"));
        var collector = await Client(factory, app, "Collector");
        model.Content = "{\"label\": \"promise\", \"confidence\": 90}";
        await collector.PostJson("/api/collections/replies", ReplyInboxTests.Reply("pat.secret@customer.example", $"Pat here: we will pay invoice {invoice} on {Iso(app.Today.AddDays(5))}."));
        model.Content = "The customer promised to pay; nothing waits.";
        var asked = model.Requests.Count;

        var summary = await collector.Get($"/api/collections/customers/{customer}/thread-summary");
        Assert.Equal("language model", summary.Str("summarisedBy"));
        Assert.Equal("The customer promised to pay; nothing waits.", summary.Str("summary"));
        Assert.Equal(asked + 1, model.Requests.Count);
        var sent = model.Requests.Last();
        Assert.Contains(invoice, sent, StringComparison.Ordinal);
        Assert.DoesNotContain("pat.secret", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("Pat here", sent, StringComparison.Ordinal); // the reading, not the customer's own words
        Assert.DoesNotContain("Debtor " + customer, sent, StringComparison.Ordinal);

        var again = await collector.Get($"/api/collections/customers/{customer}/thread-summary");
        Assert.Equal("The customer promised to pay; nothing waits.", again.Str("summary"));
        Assert.Equal(asked + 1, model.Requests.Count); // the same facts: the answer is reused

        model.Behaviour = LoopbackModel.Mode.Down;
        await collector.PostJson("/api/collections/replies", ReplyInboxTests.Reply("pat.secret@customer.example", $"About invoice {invoice}: we are out of the office until Monday."));
        var fallback = await collector.Get($"/api/collections/customers/{customer}/thread-summary");
        Assert.Equal("rules", fallback.Str("summarisedBy"));
        Assert.Contains("2 replies received", fallback.Str("summary"), StringComparison.Ordinal);
        Assert.Equal("The language model could not be reached or answered with an error: this is the rules' summary.", fallback.Str("notice"));
        Assert.DoesNotContain(app.Log.Messages, l => l.Contains("pat.secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_thread_summary_needs_a_signed_in_person()
    {
        var anonymous = app.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/collections/customers/X/thread-summary")).StatusCode);
        var page = await anonymous.GetAsync("/team/collections/customers/X/thread");
        Assert.True(page.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Unauthorized, page.StatusCode.ToString());
        var viewer = await app.ClientAs("Viewer");
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/api/collections/customers/NO-SUCH/thread-summary")).StatusCode);
    }

    [Fact]
    public async Task Dropped_eml_files_are_taken_in_once_each_and_moved_to_done_or_failed_with_the_reason()
    {
        var manager = await app.ClientAs("CreditManager");
        var (customer, invoice) = await ReplyInboxTests.Overdue(app, manager);
        var folder = Directory.CreateTempSubdirectory("credo-drop-").FullName;
        try
        {
            var promise = $"""
                From: Pat Payables <pat@customer.example>
                To: replies@seller.example
                Subject: Re: Payment reminder
                Message-ID: <{Guid.NewGuid():N}@customer.example>
                Date: Mon, 07 Dec 2026 09:00:00 +0000
                MIME-Version: 1.0
                Content-Type: text/plain; charset=utf-8

                We will pay invoice {invoice} on {Iso(app.Today.AddDays(7))}.
                """;
            await File.WriteAllTextAsync(Path.Combine(folder, "a-promise.eml"), promise);
            await File.WriteAllTextAsync(Path.Combine(folder, "b-same-again.eml"), promise);
            await File.WriteAllTextAsync(Path.Combine(folder, "c-no-sender.eml"), "Subject: hello\r\n\r\nNo sender here.\r\n");
            await File.WriteAllTextAsync(Path.Combine(folder, "notes.txt"), "not a message");

            var taken = await Take(folder);
            Assert.Equal(new TakeDroppedMail.Taken(3, 1, 1, 1), taken);
            Assert.Equal(["notes.txt"], Directory.GetFiles(folder).Select(Path.GetFileName));
            Assert.Equal(["a-promise.eml", "b-same-again.eml"], Directory.GetFiles(Path.Combine(folder, "done")).Select(Path.GetFileName).Order());
            Assert.Equal(["c-no-sender.eml", "c-no-sender.reason.txt"], Directory.GetFiles(Path.Combine(folder, "failed")).Select(Path.GetFileName).Order());
            Assert.Contains("The sender's email address is needed", await File.ReadAllTextAsync(Path.Combine(folder, "failed", "c-no-sender.reason.txt")), StringComparison.Ordinal);

            var reply = Assert.Single((await (await app.ClientAs("Collector")).Get($"/api/collections/replies?customer={customer}")).EnumerateArray());
            Assert.Equal("drop", reply.Str("source"));
            Assert.Equal("promise", reply.Str("label"));

            // The same file dropped again later is moved to done under a new name, and still kept once.
            await File.WriteAllTextAsync(Path.Combine(folder, "a-promise.eml"), promise);
            Assert.Equal(new TakeDroppedMail.Taken(1, 0, 1, 0), await Take(folder));
            Assert.Contains("a-promise-2.eml", Directory.GetFiles(Path.Combine(folder, "done")).Select(Path.GetFileName));
            Assert.Single((await (await app.ClientAs("Collector")).Get($"/api/collections/replies?customer={customer}")).EnumerateArray());
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_message_without_a_message_id_is_kept_once_by_its_content()
    {
        var manager = await app.ClientAs("CreditManager");
        var (customer, invoice) = await ReplyInboxTests.Overdue(app, manager);
        var folder = Directory.CreateTempSubdirectory("credo-drop-").FullName;
        try
        {
            var text = $"From: pat@customer.example\r\nSubject: Re: reminder\r\n\r\nInvoice {invoice} was paid yesterday.\r\n";
            await File.WriteAllTextAsync(Path.Combine(folder, "one.eml"), text);
            await File.WriteAllTextAsync(Path.Combine(folder, "two.eml"), text);
            Assert.Equal(new TakeDroppedMail.Taken(2, 1, 1, 0), await Take(folder));
            var reply = Assert.Single((await (await app.ClientAs("Collector")).Get($"/api/collections/replies?customer={customer}")).EnumerateArray());
            Assert.Equal("paid", reply.Str("label"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private Task<TakeDroppedMail.Taken> Take(string folder) => app.InScope(sp =>
        ActivatorUtilities.CreateInstance<TakeDroppedMail>(sp, Options.Create(new AssistOptions { DropFolder = folder })).Handle(CancellationToken.None));

    [Fact]
    public async Task A_draft_is_the_levels_own_template_in_the_customers_language_and_the_model_may_only_rephrase_it()
    {
        var manager = await app.ClientAs("CreditManager");
        var customer = await manager.Debtor(country: "ES");
        var invoice = Http.Unique("INV");
        var due = app.Today.AddDays(-20);
        await manager.Invoice(customer, invoice, 400m, issueDate: Iso(due.AddDays(-30)), dueDate: Iso(due));
        var collector = await app.ClientAs("Collector");

        var draft = await (await collector.PostAsync($"/api/collections/customers/{customer}/reminder-draft", null)).Read<JsonElement>();
        var template = draft.Str("template")!;
        Assert.EndsWith(".es", template, StringComparison.Ordinal);
        Assert.StartsWith("Estimado/a Pat Payables:", draft.Str("draft"), StringComparison.Ordinal);
        Assert.Contains($"{invoice}  {Iso(due)}  20  400.00 USD", draft.Str("templateBody"), StringComparison.Ordinal);
        Assert.Contains("https://credo.test.example/portal", draft.Str("templateBody"), StringComparison.Ordinal);
        Assert.Equal("template", draft.Str("draftedWith"));

        await using var model = await LoopbackModel.Start();
        model.Content = $"Estimado/a [contact]:\n\nLe escribimos por la factura {invoice}. Gracias.";
        await using var factory = app.WithWebHostBuilder(b => b
            .UseSetting("Collections:Assist:Endpoint", model.Endpoint.ToString())
            .UseSetting("Collections:Assist:Model", "loopback-model"));
        var assisted = await Client(factory, app, "Collector");
        var lost = await (await assisted.PostAsync($"/api/collections/customers/{customer}/reminder-draft", null)).Read<JsonElement>();
        Assert.Equal("template", lost.Str("draftedWith"));
        Assert.Equal($"The language model's draft left out or changed \u201c{Iso(due)}\u201d: this is the level's template text.", lost.Str("notice"));
        Assert.Equal(lost.Str("templateBody"), lost.Str("draft"));
        var prompt = Assert.Single(model.Requests);
        Assert.Contains("Estimado/a [contact]:", prompt, StringComparison.Ordinal); // the template itself is the base
        Assert.DoesNotContain("Pat Payables", prompt, StringComparison.Ordinal);

        model.Content = $"Estimado/a [contact]:\n\nLe recordamos con cordialidad la factura {invoice}, vencida el {Iso(due)}, 400.00 USD (total 400.00 USD).\nhttps://credo.test.example/portal";
        var kept = await (await assisted.PostAsync($"/api/collections/customers/{customer}/reminder-draft", null)).Read<JsonElement>();
        Assert.Equal("language model", kept.Str("draftedWith"));
        Assert.StartsWith("Estimado/a Pat Payables:", kept.Str("draft"), StringComparison.Ordinal);
    }
}
