using System.Net;
using System.Text.Json;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Pages;
using Credo.Web.Tests.Support;
using static Credo.Web.Tests.Collections.CollectionsHttp;

namespace Credo.Web.Tests.Replies;

/// <summary>
/// The reminder draft page (issue 14 §6): the level's own template for the customer, linked from the collector's
/// customer page; sent only on the collector's post (anti-forgery token checked), refused by field with the edits kept;
/// the sent reminder is in the conversation summary; a viewer is turned away.
/// </summary>
public sealed class ReminderPageTests(CredoApp app) : IClassFixture<CredoApp>
{
    private static string Url(string customer) => $"/team/collections/customers/{customer}/reminder";

    [Fact]
    public async Task A_collector_reads_the_draft_fixes_a_refused_field_and_sends_it_and_the_summary_counts_it()
    {
        var manager = await app.ClientAs("CreditManager");
        var (customer, invoice) = await ReplyInboxTests.Overdue(app, manager);
        var (email, password) = await PageSession.StaffUser(app, "Collector");
        var collector = new PageSession(PageSession.NewClient(app));
        Assert.Equal(HttpStatusCode.Redirect, (await collector.SignIn(email, password)).StatusCode);

        var customerPage = await collector.Client.GetStringAsync($"/team/collections/customers/{customer}");
        Assert.Contains($"href=\"{Url(customer)}\"", customerPage, StringComparison.Ordinal);
        var page = WebUtility.HtmlDecode(await collector.Client.GetStringAsync(Url(customer)));
        Assert.Contains("The level's template: first notice, in English. The text below is the template's.", page, StringComparison.Ordinal);
        Assert.Contains($"Invoice {invoice}, due {Iso(app.Today.AddDays(-10))}, 10 days overdue, 400.00 USD open", page, StringComparison.Ordinal);
        Assert.Contains($"Pat Payables <{Recipient(customer)}>", page, StringComparison.Ordinal);

        var refused = await collector.PostForm(Url(customer), new() { ["Subject"] = " ", ["Body"] = "My own words about " + invoice, ["DraftedWith"] = "template" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var again = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        Assert.Contains("<small class=\"field-error\" id=\"subject-error\" data-testid=\"subject-error\">A subject of at most 300 characters is needed.</small>", again, StringComparison.Ordinal);
        Assert.Contains("My own words about " + invoice + "</textarea>", again, StringComparison.Ordinal);
        Assert.Empty(await app.EmailsTo(Recipient(customer)));

        var sent = await collector.PostForm(Url(customer), new() { ["Subject"] = "About invoice " + invoice, ["Body"] = "My own words about " + invoice, ["DraftedWith"] = "template" });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        Assert.Equal($"/team/collections/customers/{customer}", sent.Headers.Location!.OriginalString);
        Assert.Equal("About invoice " + invoice, Assert.Single(await app.EmailsTo(Recipient(customer))).Subject);
        Assert.Contains($"Reminder sent by email to {Recipient(customer)}.", await collector.Client.GetStringAsync(sent.Headers.Location.OriginalString), StringComparison.Ordinal);

        var summary = await (await app.ClientAs("Viewer")).Get($"/api/collections/customers/{customer}/thread-summary");
        Assert.StartsWith("1 reminder sent. The customer has not replied.", summary.Str("summary"), StringComparison.Ordinal);
        Assert.EndsWith("reminder sent by hand by " + email + ".", Assert.Single(summary.GetProperty("thread").EnumerateArray()).GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_post_without_the_anti_forgery_token_is_refused_and_nothing_is_sent()
    {
        var manager = await app.ClientAs("CreditManager");
        var (customer, _) = await ReplyInboxTests.Overdue(app, manager);
        var collector = await PageSession.SignedIn(app, "Collector");
        var posted = await collector.Client.PostAsync(Url(customer), new FormUrlEncodedContent(new Dictionary<string, string> { ["Subject"] = "s", ["Body"] = "b" }));
        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        Assert.Empty(await app.EmailsTo(Recipient(customer)));
    }

    [Fact]
    public async Task Nothing_due_is_said_in_words_an_unknown_customer_is_not_found_and_viewers_and_strangers_are_turned_away()
    {
        var manager = await app.ClientAs("CreditManager");
        var quiet = await manager.Debtor();
        var collector = await PageSession.SignedIn(app, "Collector");
        var none = WebUtility.HtmlDecode(await collector.Client.GetStringAsync(Url(quiet)));
        Assert.Contains("No reminder is due for this customer today: ", none, StringComparison.Ordinal); // with the planner's own reason
        Assert.DoesNotContain(" or a quiet period", none, StringComparison.Ordinal); // never a list of what it might be
        Assert.DoesNotContain("reminder-form", none, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await collector.Client.GetAsync(Url("NO-SUCH"))).StatusCode);

        var viewer = await PageSession.SignedIn(app, "Viewer");
        var denied = await viewer.Client.GetAsync(Url(quiet));
        Assert.Contains("/account/denied", denied.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var stranger = await PageSession.NewClient(app).GetAsync(Url(quiet));
        Assert.Contains("/account/sign-in", stranger.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
