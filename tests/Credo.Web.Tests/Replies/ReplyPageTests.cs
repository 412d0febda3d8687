using System.Net;
using System.Text.Json;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Pages;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.Replies;

/// <summary>The reply inbox page: a collector sees the reading with its evidence and confirms it into a promise; a viewer only reads.</summary>
public sealed class ReplyPageTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task A_collector_confirms_a_promise_from_the_inbox_and_a_viewer_only_reads()
    {
        var manager = await app.ClientAs("CreditManager");
        var (customer, invoice) = await ReplyInboxTests.Overdue(app, manager);
        var on = app.Today.AddDays(6).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var api = await app.ClientAs("Collector");
        var reply = await (await api.PostJson("/api/collections/replies", ReplyInboxTests.Reply("x@y.example", $"We will pay invoice {invoice} on {on}."))).Read<JsonElement>();
        var id = reply.GetProperty("id").GetInt64();

        var collector = await PageSession.SignedIn(app, "Collector");
        const string url = "/team/collections/replies";
        var page = await collector.Client.GetStringAsync(url);
        Assert.Contains("Promises to pay", page, StringComparison.Ordinal);
        Assert.Contains("Why the rules read it so:", page, StringComparison.Ordinal);
        Assert.Contains("promises a payment: \u201cwill pay\u201d", WebUtility.HtmlDecode(page), StringComparison.Ordinal);
        Assert.Contains("No language model is configured", page, StringComparison.Ordinal);

        var posted = await collector.PostForm($"{url}?handler=Confirm&id={id}", new() { ["label"] = "promise", ["on"] = on, ["amount"] = "400.00", ["invoices"] = invoice, ["reason"] = "other" }, url);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var after = await collector.Client.GetStringAsync(url + "?status=decided");
        Assert.Contains($"Promise recorded: 400.00 USD by {on}.", WebUtility.HtmlDecode(after), StringComparison.Ordinal);
        Assert.Single((await api.Get($"/api/collections/customers/{customer}/promises")).EnumerateArray());

        var viewer = await PageSession.SignedIn(app, "Viewer");
        var read = await viewer.Client.GetStringAsync(url + "?status=all");
        Assert.DoesNotContain("Confirm what it says", read, StringComparison.Ordinal);
        var refused = await viewer.PostForm($"{url}?handler=Discard&id={id}", new(), url);
        Assert.Contains("/account/denied", refused.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
