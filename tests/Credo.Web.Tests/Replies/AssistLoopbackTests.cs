using System.Text.Json;
using Credo.Web.Data;
using Credo.Web.Features.Replies;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Credo.Web.Tests.Collections.CollectionsHttp;

namespace Credo.Web.Tests.Replies;

/// <summary>
/// The outside services of the collections assistant, each played by a loopback stand-in that speaks the real
/// protocol on a port the OS picks: an IMAP mailbox polled with MailKit, and an OpenAI-compatible model that answers,
/// is down, is slow or sends garbage (Credo then keeps the rules' reading and says so).
/// </summary>
public sealed class AssistLoopbackTests(CredoApp app) : IClassFixture<CredoApp>
{
    private static async Task<HttpClient> Client(WebApplicationFactory<Program> factory, CredoApp app, string role)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", await app.KeyFor(role));
        return client;
    }

    private WebApplicationFactory<Program> WithModel(LoopbackModel model, int timeoutSeconds = 10) => app.WithWebHostBuilder(b => b
        .UseSetting("Collections:Assist:Endpoint", model.Endpoint.ToString())
        .UseSetting("Collections:Assist:Model", "loopback-model")
        .UseSetting("Collections:Assist:ApiKey", "test-key")
        .UseSetting("Collections:Assist:TimeoutSeconds", timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public async Task Replies_are_polled_from_an_imap_mailbox_once_each_with_their_attachments_checked()
    {
        var manager = await app.ClientAs("CreditManager");
        var (customer, invoice) = await ReplyInboxTests.Overdue(app, manager);
        await using var imap = new LoopbackImap("replies@seller.example", "mailbox-secret");
        var messageId = $"{Guid.NewGuid():N}@customer.example";
        imap.Add($"""
            From: Pat Payables <pat@customer.example>
            To: replies@seller.example
            Subject: Re: Payment reminder
            Message-ID: <{messageId}>
            Date: Mon, 07 Dec 2026 09:00:00 +0000
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b1"

            --b1
            Content-Type: text/plain; charset=utf-8

            We have already paid invoice {invoice}, see the remittance advice attached.
            --b1
            Content-Type: application/pdf
            Content-Disposition: attachment; filename="remittance.pdf"
            Content-Transfer-Encoding: base64

            JVBERi0xLjQKJcOkw7zDtsOfCg==
            --b1
            Content-Type: application/pdf
            Content-Disposition: attachment; filename="invoice.pdf"
            Content-Transfer-Encoding: base64

            TVqQAAMAAAAEAAAA//8AALgAAAAA
            --b1--
            """);
        imap.Add("""
            From: someone@nowhere.example
            To: replies@seller.example
            Subject: Automatic reply: Payment reminder
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8

            I am out of the office until 4 January.
            """);

        await using var polling = app.WithWebHostBuilder(b => b
            .UseSetting("Collections:Assist:Imap:Host", "127.0.0.1")
            .UseSetting("Collections:Assist:Imap:Port", imap.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Collections:Assist:Imap:UseSsl", "false")
            .UseSetting("Collections:Assist:Imap:PollSeconds", "86400")
            .UseSetting("Collections:Assist:Imap:User", imap.User)
            .UseSetting("Collections:Assist:Imap:Password", imap.Password));
        PollMailbox.Polled first, second;
        await using (var scope = polling.Services.CreateAsyncScope())
        {
            first = await scope.ServiceProvider.GetRequiredService<PollMailbox>().Handle(CancellationToken.None);
        }

        await using (var scope = polling.Services.CreateAsyncScope())
        {
            second = await scope.ServiceProvider.GetRequiredService<PollMailbox>().Handle(CancellationToken.None);
        }

        Assert.True(first.Seen >= 2);
        Assert.Equal(0, second.New);
        Assert.Contains(imap.Commands, c => c.Contains("LOGIN", StringComparison.Ordinal));
        Assert.Contains(imap.Commands, c => c.Contains("UID FETCH", StringComparison.Ordinal));

        var collector = await app.ClientAs("Collector");
        var replies = await collector.Get($"/api/collections/replies?customer={customer}");
        var paid = Assert.Single(replies.EnumerateArray());
        Assert.Equal("paid", paid.Str("label"));
        Assert.Equal("imap", paid.Str("source"));
        Assert.Equal(["remittance.pdf"], paid.GetProperty("attachments").EnumerateArray().Select(a => a.GetString()));
        Assert.Contains("invoice.pdf: a file of this type is not accepted", paid.GetProperty("attachmentProblems").EnumerateArray().Select(a => a.GetString()));
        var keys = await app.InScope(sp => sp.GetRequiredService<CreditDb>().InboundReplies.Where(r => r.Source == "imap").Select(r => r.MessageKey).ToListAsync());
        Assert.Contains(messageId, keys);
        Assert.Contains(keys, k => k.StartsWith("imap:7:", StringComparison.Ordinal)); // no Message-ID: the folder's UIDVALIDITY and the UID
    }

    [Fact]
    public async Task The_model_suggests_beside_the_rules_and_what_was_sent_to_it_is_recorded_without_the_senders_address()
    {
        await using var model = await LoopbackModel.Start();
        model.Content = "```json\n{\"label\": \"promise\", \"confidence\": 88, \"note\": \"They say they will pay on Friday.\"}\n```";
        await using var factory = WithModel(model);
        var collector = await Client(factory, app, "Collector");
        var reply = await (await collector.PostJson("/api/collections/replies", ReplyInboxTests.Reply("pat.secret@customer.example", "We will pay on Friday."))).Read<JsonElement>();
        Assert.Equal("promise", reply.Str("label"));
        Assert.Equal("promise", reply.Str("modelLabel"));
        Assert.Equal(88, reply.GetProperty("modelConfidencePercent").GetInt32());
        Assert.Contains("agrees with the rules", reply.Str("modelNote"), StringComparison.Ordinal);

        var sent = Assert.Single(model.Requests);
        Assert.Contains("We will pay on Friday.", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("pat.secret", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("Pat Payables", sent, StringComparison.Ordinal);
        var id = reply.GetProperty("id").GetInt64();
        var exchange = await app.InScope(sp => sp.GetRequiredService<CreditDb>().AssistExchanges.SingleAsync(x => x.ReplyId == id));
        Assert.Equal("answered", exchange.Outcome);
        Assert.Equal("reply-reading", exchange.Purpose);
        Assert.Contains("We will pay on Friday.", exchange.Prompt, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Down", "could not be reached", "failed")]
    [InlineData("Garbage", "could not be reached", "failed")]
    [InlineData("Slow", "did not answer in time", "timed out")]
    public async Task A_model_that_is_down_slow_or_talks_garbage_leaves_the_rules_reading_and_says_so(string mode, string says, string outcome)
    {
        await using var model = await LoopbackModel.Start();
        model.Behaviour = Enum.Parse<LoopbackModel.Mode>(mode);
        await using var factory = WithModel(model, timeoutSeconds: 1);
        var collector = await Client(factory, app, "Collector");
        var reply = await (await collector.PostJson("/api/collections/replies", ReplyInboxTests.Reply("a@b.example", "The goods never arrived, we dispute this."))).Read<JsonElement>();
        Assert.Equal("dispute", reply.Str("label"));
        Assert.Null(reply.Str("modelLabel"));
        Assert.Contains(says, reply.Str("modelNote"), StringComparison.Ordinal);
        Assert.EndsWith("the rules' reading stands.", reply.Str("modelNote"), StringComparison.Ordinal);
        var id = reply.GetProperty("id").GetInt64();
        Assert.Equal(outcome, (await app.InScope(sp => sp.GetRequiredService<CreditDb>().AssistExchanges.SingleAsync(x => x.ReplyId == id))).Outcome);
    }

    [Fact]
    public async Task An_answer_that_is_not_the_asked_shape_is_not_used()
    {
        await using var model = await LoopbackModel.Start();
        model.Content = "I think this customer is lovely.";
        await using var factory = WithModel(model);
        var collector = await Client(factory, app, "Collector");
        var reply = await (await collector.PostJson("/api/collections/replies", ReplyInboxTests.Reply("a@b.example", "Could you send a copy of the invoice?"))).Read<JsonElement>();
        Assert.Equal("copy-request", reply.Str("label"));
        Assert.Null(reply.Str("modelLabel"));
        Assert.Contains("no usable answer", reply.Str("modelNote"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_model_drafts_a_reminder_from_the_facts_without_names_or_addresses_and_falls_back_to_the_template_when_down()
    {
        var manager = await app.ClientAs("CreditManager");
        var (customer, invoice) = await ReplyInboxTests.Overdue(app, manager, 20);
        await using var model = await LoopbackModel.Start();
        var due = Iso(app.Today.AddDays(-20));
        model.Content = $"Dear [contact],\n\na friendly note: invoice {invoice} (due {due}, 400.00 USD) is still open; 400.00 USD in all.\nhttps://credo.test.example/portal\n\nTest Wholesale Ltd";
        await using var factory = WithModel(model);
        var collector = await Client(factory, app, "Collector");

        var draft = await (await collector.PostAsync($"/api/collections/customers/{customer}/reminder-draft", null)).Read<JsonElement>();
        Assert.Equal("language model", draft.Str("draftedWith"));
        Assert.StartsWith("Dear Pat Payables,", draft.Str("draft"), StringComparison.Ordinal);
        Assert.Contains(invoice, draft.Str("templateBody"), StringComparison.Ordinal);
        var sent = Assert.Single(model.Requests);
        Assert.Contains(invoice, sent, StringComparison.Ordinal);
        Assert.Contains("Test Wholesale Ltd", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("Debtor " + customer, sent, StringComparison.Ordinal);
        Assert.DoesNotContain(Recipient(customer), sent, StringComparison.Ordinal);
        Assert.DoesNotContain("Pat Payables", sent, StringComparison.Ordinal);
        Assert.Empty(await app.InScope(sp => sp.GetRequiredService<CreditDb>().Outbox.Where(o => o.PayloadJson.Contains("collector-reminder") && o.PayloadJson.Contains(customer)).ToListAsync()));

        model.Behaviour = LoopbackModel.Mode.Down;
        var fallback = await (await collector.PostAsync($"/api/collections/customers/{customer}/reminder-draft", null)).Read<JsonElement>();
        Assert.Equal("template", fallback.Str("draftedWith"));
        Assert.Equal("The language model could not be reached or answered with an error: this is the level's template text.", fallback.Str("notice"));
        Assert.Equal(fallback.Str("templateBody"), fallback.Str("draft"));
    }
}
