using System.Net;
using System.Text.RegularExpressions;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Pages;
using Credo.Web.Tests.Support;
using static Credo.Web.Tests.Collections.CollectionsHttp;

namespace Credo.Web.Tests.Collections;

/// <summary>The staff pages of cases: open one from the customer's collection page, find it in the list, move it on; viewers read only.</summary>
public sealed partial class CasePagesTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task A_collector_opens_a_dispute_from_the_customer_page_and_moves_it_on_from_the_case_page()
    {
        var manager = await app.ClientAs("CreditManager");
        var customer = await manager.Debtor();
        var invoice = Http.Unique("INV");
        await manager.Invoice(customer, invoice, 400m, issueDate: "2026-09-01", dueDate: "2026-10-01");
        var collector = await PageSession.SignedIn(app, "Collector");

        var url = $"/team/collections/customers/{customer}";
        var page = await collector.Client.GetStringAsync(url);
        Assert.Contains("Open a dispute", page, StringComparison.Ordinal);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(PageSession.Token(page)), "__RequestVerificationToken" },
            { new StringContent(invoice), "invoice" },
            { new StringContent("quantity-short"), "reason" },
            { new StringContent("100.00"), "amount" },
            { new StringContent("Two cartons missing"), "message" },
        };
        var posted = await collector.Client.PostAsync(url + "?handler=Dispute", form);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var after = await collector.Client.GetStringAsync(url);
        var id = CaseNumber().Match(after) is { Success: true } m ? m.Groups[1].Value : throw new Xunit.Sdk.XunitException(after);
        Assert.Contains("100.00 USD left out of reminders", after, StringComparison.Ordinal);

        var list = await collector.Client.GetStringAsync("/team/collections/cases");
        Assert.Contains(invoice, list, StringComparison.Ordinal);
        Assert.Contains("Quantity short", list, StringComparison.Ordinal);

        var casePage = $"/team/collections/cases/{id}";
        var moved = await collector.PostForm(casePage + "?handler=Move", new() { ["step"] = "investigate", ["note"] = "Asked the warehouse" }, casePage);
        Assert.Equal(HttpStatusCode.Redirect, moved.StatusCode);
        var shown = await collector.Client.GetStringAsync(casePage);
        Assert.Contains("The case is now being investigated.", shown, StringComparison.Ordinal);
        Assert.Contains("Investigation started: Asked the warehouse", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("Write it off", shown, StringComparison.Ordinal); // collectors cannot write off

        var viewer = await PageSession.SignedIn(app, "Viewer");
        var read = await viewer.Client.GetStringAsync(casePage);
        Assert.DoesNotContain("Next step", read, StringComparison.Ordinal);
        var refused = await viewer.PostForm(casePage + "?handler=Move", new() { ["step"] = "ask-customer", ["note"] = "x" }, casePage);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/account/denied", refused.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Contains("being investigated", await viewer.Client.GetStringAsync(casePage), StringComparison.Ordinal);
    }

    [GeneratedRegex("Case (\\d+) opened on")]
    private static partial Regex CaseNumber();
}
