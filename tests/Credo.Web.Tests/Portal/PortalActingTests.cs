using System.Net;
using Credo.Web.Data;
using Credo.Web.Tests.Pages;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Portal;

/// <summary>
/// Issue 16, section 5: what a buyer does in the portal (promise to pay, ask a question and read the answer, keep billing
/// contacts, ask for more credit and follow the application), each through HTTP, each refused by field when wrong, and
/// each audited as the buyer. Runs on SQLite, and on PostgreSQL when CREDO_TEST_POSTGRES is set.
/// </summary>
public sealed class PortalActingTests(CredoApp app) : IClassFixture<CredoApp>
{
    private DateOnly Today => DateOnly.FromDateTime(app.Now.UtcDateTime);

    [Fact]
    public async Task A_promise_to_pay_is_recorded_by_collections_and_audited_as_the_buyer()
    {
        var world = await PortalHttp.World(app, role: "pay");
        var url = "/portal/promises?c=" + world.Customer;
        var bad = await world.Buyer.Post(url, ("Invoices", world.OpenInvoice), ("PromisedOn", Today.AddDays(-1).ToString("yyyy-MM-dd")));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("id=\"promisedOn-error\"", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var none = await world.Buyer.Post(url, ("PromisedOn", Today.AddDays(5).ToString("yyyy-MM-dd")));
        Assert.Contains("id=\"invoices-error\"", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var made = await world.Buyer.Post(url, ("Invoices", world.OpenInvoice), ("PromisedOn", Today.AddDays(10).ToString("yyyy-MM-dd")), ("Note", "Paying after our stock count"));
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        var page = await world.Buyer.Client.GetStringAsync(url);
        Assert.Contains("1,200.00 USD", page, StringComparison.Ordinal);
        Assert.Contains("we have noted your promise", page, StringComparison.Ordinal);

        var collector = await app.ClientAs("Collector");
        var promises = await (await collector.GetAsync($"/api/collections/customers/{world.Customer}/promises")).Json();
        Assert.Equal(1, promises.GetArrayLength());
        Assert.Equal("portal", promises[0].GetProperty("channel").GetString());
        Assert.Equal(world.OpenInvoice, promises[0].GetProperty("invoices")[0].GetString());
        Assert.Equal("user:buyer:" + world.Email, promises[0].GetProperty("takenBy").GetString());
        var audit = await PortalHttp.BuyerAudit(app, world);
        Assert.Equal([("promise", world.Customer)], audit.Select(a => (a.Action, a.Customer)));
    }

    [Fact]
    public async Task A_view_only_buyer_cannot_promise_change_contacts_or_ask_for_credit()
    {
        var world = await PortalHttp.World(app); // view
        Assert.Contains("data-testid=\"promise-not-allowed\"", await world.Buyer.Client.GetStringAsync("/portal/promises?c=" + world.Customer), StringComparison.Ordinal);
        Assert.Contains("data-testid=\"credit-not-allowed\"", await world.Buyer.Client.GetStringAsync("/portal/credit?c=" + world.Customer), StringComparison.Ordinal);
        var contacts = await world.Buyer.Post("/portal/contacts?c=" + world.Customer, ("Contacts[0].Name", "Mallory"), ("Contacts[0].Email", "m@evil.example"));
        Assert.Equal(HttpStatusCode.BadRequest, contacts.StatusCode);
        var promise = await world.Buyer.Post("/portal/promises?c=" + world.Customer, ("Invoices", world.OpenInvoice), ("PromisedOn", Today.AddDays(3).ToString("yyyy-MM-dd")));
        Assert.Equal(HttpStatusCode.BadRequest, promise.StatusCode);
        var saved = await app.InScope(sp => sp.GetRequiredService<CreditDb>().Customers.AsNoTracking().Where(c => c.Number == world.Customer).Select(c => c.Contacts).SingleAsync());
        Assert.DoesNotContain(saved, c => c.Name == "Mallory");
        Assert.Empty(await PortalHttp.BuyerAudit(app, world));
    }

    [Fact]
    public async Task A_question_is_answered_by_the_collector_and_both_sides_read_the_thread()
    {
        var world = await PortalHttp.World(app);
        var url = "/portal/questions?c=" + world.Customer;
        var empty = await world.Buyer.Post(url, ("Invoice", world.OpenInvoice), ("Text", "  "));
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("id=\"text-error\"", await empty.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var asked = await world.Buyer.Post(url, ("Invoice", world.OpenInvoice), ("Text", "Why is freight charged twice?"));
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);

        var collector = await PageSession.SignedIn(app, "Collector");
        var staffUrl = "/team/portal/questions?customer=" + world.Customer;
        var staffPage = await collector.Client.GetStringAsync(staffUrl);
        Assert.Contains("Why is freight charged twice?", staffPage, StringComparison.Ordinal);
        Assert.Contains("Invoice " + world.OpenInvoice, staffPage, StringComparison.Ordinal);
        var id = await app.InScope(sp => sp.GetRequiredService<CreditDb>().PortalQuestions.Where(q => q.InvoiceNumber == world.OpenInvoice).Select(q => q.Id).SingleAsync());

        var viewer = await PageSession.SignedIn(app, "Viewer");
        var refused = await viewer.PostForm(staffUrl + "&id=" + id, new() { ["text"] = "no" }, tokenFrom: staffUrl);
        Assert.True(refused.StatusCode is HttpStatusCode.Forbidden || refused.Headers.Location?.OriginalString.Contains("denied", StringComparison.OrdinalIgnoreCase) == true, $"{(int)refused.StatusCode} {refused.Headers.Location}");
        var answered = await collector.PostForm(staffUrl + "&id=" + id, new() { ["text"] = "A mistake: a credit note follows." }, tokenFrom: staffUrl);
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);

        var thread = await world.Buyer.Client.GetStringAsync(url);
        Assert.Contains("A mistake: a credit note follows.", thread, StringComparison.Ordinal);
        Assert.Contains("answered", thread, StringComparison.Ordinal);
        var mail = (await PortalHttp.EmailsTo(app, world.Email)).Single(m => m.Tag == "portal-question-answered");
        Assert.Contains("https://credo.test.example/portal/questions?c=" + world.Customer + "#q-" + id, mail.TextBody, StringComparison.Ordinal);

        var followUp = await world.Buyer.Post(url + "&handler=FollowUp&id=" + id, ("Text", "Thanks, and the second invoice?"));
        Assert.Equal(HttpStatusCode.Redirect, followUp.StatusCode);
        Assert.Contains("waiting for an answer", await collector.Client.GetStringAsync(staffUrl), StringComparison.Ordinal);
        Assert.Equal(["question", "question-reply"], (await PortalHttp.BuyerAudit(app, world)).Select(a => a.Action));
    }

    [Fact]
    public async Task Billing_contacts_are_kept_by_the_buyer_refused_by_line_and_field_and_the_sellers_other_contacts_stay()
    {
        var world = await PortalHttp.World(app, role: "pay");
        var url = "/portal/contacts?c=" + world.Customer;
        var bad = await world.Buyer.Post(url, ("Contacts[0].Name", "Ann Payables"), ("Contacts[0].Email", "ann@buyer.example"), ("Contacts[1].Name", "Bob"), ("Contacts[1].Email", "not-an-address"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("id=\"c1-email-error\"", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var saved = await world.Buyer.Post(url, ("Contacts[0].Name", "Ann Payables"), ("Contacts[0].Email", "ann@buyer.example"), ("Contacts[1].Name", "Bob Books"), ("Contacts[1].Phone", "+1 555 0100"), ("Contacts[2].Name", ""));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = await world.Buyer.Client.GetStringAsync(url);
        Assert.Contains("value=\"ann@buyer.example\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Accounts payable", page, StringComparison.Ordinal); // the seller's own contact is not the buyer's to see or change

        var contacts = await app.InScope(sp => sp.GetRequiredService<CreditDb>().Customers.AsNoTracking().Where(c => c.Number == world.Customer).Select(c => c.Contacts).SingleAsync());
        Assert.Equal(["Accounts payable", "Ann Payables", "Bob Books"], contacts.Select(c => c.Name));
        Assert.Equal("billing", contacts[1].Role);
        Assert.Equal(["contacts"], (await PortalHttp.BuyerAudit(app, world)).Select(a => a.Action));
    }

    [Fact]
    public async Task A_request_for_more_credit_opens_a_limit_increase_through_the_workflow_and_the_buyer_sees_where_it_stands()
    {
        var world = await PortalHttp.World(app, role: "pay");
        var url = "/portal/credit?c=" + world.Customer;
        var low = await world.Buyer.Post(url, ("Limit", "4000"));
        Assert.Equal(HttpStatusCode.BadRequest, low.StatusCode);
        Assert.Contains("id=\"limit-error\"", await low.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var words = await world.Buyer.Post(url, ("Limit", "lots"));
        Assert.Contains("id=\"limit-error\"", await words.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var asked = await world.Buyer.Post(url, ("Limit", "20000"), ("Reason", "We open a second store"));
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var page = await world.Buyer.Client.GetStringAsync(url);
        Assert.Contains("Higher limit", page, StringComparison.Ordinal);
        Assert.Contains("20,000.00 USD", page, StringComparison.Ordinal);
        Assert.Matches("data-testid=\"application-status\">[A-Z][a-z ]+(on \\d{4}-\\d{2}-\\d{2})?</td>", page); // where it stands, in words

        var analyst = await app.ClientAs("CreditAnalyst");
        var list = await (await analyst.GetAsync("/api/applications?kind=LimitIncrease")).Content.ReadAsStringAsync();
        Assert.Contains(world.Customer, list, StringComparison.Ordinal);
        Assert.Equal(["credit-request"], (await PortalHttp.BuyerAudit(app, world)).Select(a => a.Action));
    }
}
