using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Credo.Web.Data;
using Credo.Web.Features.CashApplication;
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
/// Issue 14 §6: "it is paid", "wrong contact" and "out of office" applied above the threshold (ReplyAutoApply). Paid is
/// never taken as a payment: reminders are held for the check period, the reply waits as a person's task and says
/// whether an unapplied bank line matches; applied once, audited as Credo's assistant; the dunning run leaves the
/// customer out until the hold ends.
/// </summary>
public sealed class ReplyHoldsTests(CredoApp app) : IClassFixture<CredoApp>
{
    private WebApplicationFactory<Program> AutoApplyingAt(int percent) =>
        app.WithWebHostBuilder(b => b.UseSetting("Collections:Assist:AutoApplyAtPercent", percent.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private async Task<HttpClient> Collector(WebApplicationFactory<Program> factory)
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", await app.KeyFor("Collector"));
        return client;
    }

    /// <summary>How sure the rules are of a text (a probe from an unknown sender on the app without automatic applying).</summary>
    private async Task<int> Confidence(string body)
    {
        var collector = await app.ClientAs("Collector");
        var probe = await (await collector.PostJson("/api/collections/replies", ReplyInboxTests.Reply("probe@nowhere.example", body))).Read<JsonElement>();
        return probe.GetProperty("confidencePercent").GetInt32();
    }

    private Task<long> CustomerId(string number) => app.InScope(sp => sp.GetRequiredService<CreditDb>().Customers.Where(c => c.Number == number).Select(c => c.Id).SingleAsync());

    private Task<List<CollectionActivity>> Holds(long customerId) => app.InScope(sp => sp.GetRequiredService<CreditDb>().CollectionActivities
        .Where(a => a.CustomerId == customerId && a.Kind == ActivityKind.RemindersHeld).ToListAsync());

    private static string PaidText(string invoice) => $"Hello, invoice {invoice} has already been paid, we transferred it last week.";

    /// <summary>An unapplied line of 399.50 USD (a short payment: found by the invoice named in its text, not its amount), imported without matching.</summary>
    private static async Task UnappliedLine(HttpClient client, string invoice, DateOnly on)
    {
        var iban = "DE" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture) + "0000000";
        var xml = Camt053Writer.Write(iban, "USD", Http.Unique("STMT"), 1, on, 0, [new(on, 399_50, "Payer Company", null, $"Payment {invoice}", Http.Unique("REF"))]);
        var form = new MultipartFormDataContent();
        var file = new StringContent(xml, Encoding.UTF8);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        form.Add(file, "file", "statement.xml");
        var response = await client.PostAsync($"/api/cash-application/statements?account={iban}&match=false", form);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_paid_reply_holds_reminders_for_the_check_once_audited_and_waits_for_a_person_naming_the_unapplied_bank_line()
    {
        var manager = await app.ClientAs("CreditManager");
        var (customer, invoice) = await ReplyInboxTests.Overdue(app, manager);
        var today = app.Today;
        Assert.NotNull((await manager.Preview(today)).MessageFor(customer)); // a reminder is due before the reply
        await UnappliedLine(await app.ClientAs("Collector"), invoice, today.AddDays(-2));
        var sure = await Confidence(PaidText("INV-PROBE-P"));
        await using var factory = AutoApplyingAt(sure);
        var collector = await Collector(factory);
        var request = new { messageId = $"<{Guid.NewGuid():N}@customer.example>", from = "someone@elsewhere.example", subject = "Re: Payment reminder", body = PaidText(invoice) };

        var created = await collector.PostJson("/api/collections/replies", request);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var reply = await created.Json();
        Assert.Equal("paid", reply.Str("label"));
        Assert.Equal("waiting", reply.Str("status")); // a person still checks the cash application
        Assert.Equal(
            $"Reminders held until {Iso(today.AddDays(5))} while a person checks the cash application for the payment. An unapplied bank line may be it: 399.50 USD from Payer Company, booked on {Iso(today.AddDays(-2))}.",
            reply.Str("outcome"));
        var id = reply.GetProperty("id").GetInt64();

        // The dunning run leaves the customer out until the hold ends, saying why; on that day the reminder goes again.
        var held = (await manager.Preview(today)).LeftOutFor(customer);
        Assert.NotNull(held);
        Assert.Equal("reminders-held", held.Value.Str("reason"));
        Assert.Equal($"Reminders are held until {Iso(today.AddDays(5))} after the customer's reply.", held.Value.Str("why"));
        Assert.NotNull((await manager.Preview(today.AddDays(5))).MessageFor(customer));

        // Applied once: the same message again changes nothing.
        Assert.Equal(HttpStatusCode.OK, (await collector.PostJson("/api/collections/replies", request)).StatusCode);
        var customerId = await CustomerId(customer);
        var hold = Assert.Single(await Holds(customerId));
        Assert.Equal(DecideReply.Assistant, hold.By);
        Assert.Equal(today.AddDays(5), hold.SnoozeUntil);
        var audit = Assert.Single(await app.InScope(sp => sp.GetRequiredService<CreditDb>().Audit
            .Where(a => a.Entity == nameof(InboundReply) && a.EntityId == id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToListAsync()));
        Assert.Equal(DecideReply.HeldAction, audit.Action);
        Assert.Equal(DecideReply.Assistant, audit.Actor);
        Assert.Contains("already been paid", audit.AfterJson, StringComparison.Ordinal); // the evidence

        // Nothing was posted: the invoice is as open as before, and the person confirms the reply afterwards.
        Assert.Equal(400m, (await collector.Get($"/api/invoices/{invoice}")).Dec("open"));
        var confirmed = await collector.PostJson($"/api/collections/replies/{id}/confirm", new { });
        Assert.Equal(HttpStatusCode.OK, confirmed.StatusCode);
        Assert.Single(await Holds(customerId));

        var timeline = (await collector.Get($"/api/collections/customers/{customer}/timeline")).EnumerateArray().Select(e => e.Str("what")).ToList();
        Assert.Contains("Reminders held", timeline);
        var summary = await collector.Get($"/api/collections/customers/{customer}/thread-summary");
        Assert.Contains(summary.GetProperty("thread").EnumerateArray(), l => l.GetString()!.EndsWith($"reminders held until {Iso(today.AddDays(5))} by Credo's assistant.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_paid_reply_without_a_matching_bank_line_says_so()
    {
        var manager = await app.ClientAs("CreditManager");
        var (_, invoice) = await ReplyInboxTests.Overdue(app, manager);
        await using var factory = AutoApplyingAt(await Confidence(PaidText("INV-PROBE-Q")));
        var reply = await (await (await Collector(factory)).PostJson("/api/collections/replies", ReplyInboxTests.Reply("someone@elsewhere.example", PaidText(invoice)))).Read<JsonElement>();
        Assert.EndsWith("No unapplied bank line matches it yet.", reply.Str("outcome"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_out_of_office_answer_with_a_return_date_holds_the_next_reminder_until_then_and_is_done()
    {
        var manager = await app.ClientAs("CreditManager");
        var (customer, invoice) = await ReplyInboxTests.Overdue(app, manager);
        var back = app.Today.AddDays(14);
        string Away(string number) => $"I am out of the office until {Iso(back)} with limited access to email. About invoice {number}: I will reply when I am back.";
        await using var factory = AutoApplyingAt(await Confidence(Away("INV-PROBE-O")));

        var reply = await (await (await Collector(factory)).PostJson("/api/collections/replies", ReplyInboxTests.Reply("someone@elsewhere.example", Away(invoice)))).Read<JsonElement>();

        Assert.Equal("out-of-office", reply.Str("label"));
        Assert.Equal("applied automatically", reply.Str("status"));
        Assert.Equal($"The next reminder is held until {Iso(back)}, when the contact is back.", reply.Str("outcome"));
        Assert.Equal("reminders-held", (await manager.Preview(back.AddDays(-1))).LeftOutFor(customer)!.Value.Str("reason"));
        Assert.NotNull((await manager.Preview(back)).MessageFor(customer));
    }

    [Fact]
    public async Task A_wrong_contact_reply_holds_reminders_while_a_person_finds_the_right_one()
    {
        var manager = await app.ClientAs("CreditManager");
        var (customer, invoice) = await ReplyInboxTests.Overdue(app, manager);
        string Wrong(string number) => $"You have the wrong contact for invoice {number}: I no longer work here, please remove me from your list.";
        await using var factory = AutoApplyingAt(await Confidence(Wrong("INV-PROBE-W")));

        var reply = await (await (await Collector(factory)).PostJson("/api/collections/replies", ReplyInboxTests.Reply("someone@elsewhere.example", Wrong(invoice)))).Read<JsonElement>();

        Assert.Equal("wrong-contact", reply.Str("label"));
        Assert.Equal("waiting", reply.Str("status"));
        Assert.Equal($"Reminders held until {Iso(app.Today.AddDays(5))} while a person finds the right contact.", reply.Str("outcome"));
        Assert.Equal("reminders-held", (await manager.Preview(app.Today)).LeftOutFor(customer)!.Value.Str("reason"));
    }
}
