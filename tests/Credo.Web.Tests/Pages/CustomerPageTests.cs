using System.Net;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Pages;

public sealed class CustomerPageTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task Customer_list_returns_only_the_results_table_to_htmx()
    {
        var number = Http.Unique("C");
        await (await app.ClientAs("CreditManager")).CreateCustomer(number);
        var session = await PageSession.SignedIn(app, "Viewer");
        var request = new HttpRequestMessage(HttpMethod.Get, "/team/customers?q=" + number);
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("HX-Target", "results");

        var partial = await (await session.Client.SendAsync(request)).Content.ReadAsStringAsync();
        var full = await session.Client.GetStringAsync("/team/customers?q=" + number);

        Assert.DoesNotContain("<html", partial, StringComparison.Ordinal);
        Assert.Contains(number, partial, StringComparison.Ordinal);
        Assert.Contains("<html", full, StringComparison.Ordinal);
        Assert.Contains(number, full, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Customer_list_sorts_by_column_and_pages_without_javascript()
    {
        var marker = Guid.NewGuid().ToString("N")[..8];
        var api = await app.ClientAs("CreditManager");
        foreach (var name in new[] { "Alpha", "Charlie", "Bravo" })
        {
            var created = await api.PostJson("/api/customers", new { number = $"{name}-{marker}", legalName = $"{name} {marker}", currency = "USD", terms = "NET30" });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }

        var session = await PageSession.SignedIn(app, "Viewer");

        var byNameDescending = await session.Client.GetStringAsync($"/team/customers?q={marker}&sort=-name");
        var positions = new[] { "Charlie", "Bravo", "Alpha" }.Select(n => byNameDescending.IndexOf($">{n}-{marker}<", StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p > 0));
        Assert.Equal(positions.Order(), positions);
        Assert.Contains("aria-sort=\"descending\"", byNameDescending, StringComparison.Ordinal);

        // A page past the end (a bookmark after customers were closed, say) shows the last page instead of nothing.
        var pastTheEnd = await session.Client.GetStringAsync($"/team/customers?q={marker}&sort=name&p=9");
        Assert.Contains("Page 1 of 1", pastTheEnd, StringComparison.Ordinal);
        Assert.Contains($">Alpha-{marker}<", pastTheEnd, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_customer_is_404()
    {
        var session = await PageSession.SignedIn(app, "Viewer");

        var response = await session.Client.GetAsync("/team/customers/" + Http.Unique("nobody"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Viewer_sees_the_customer_but_no_payment_form_and_cannot_post_one()
    {
        var number = Http.Unique("C");
        await (await app.ClientAs("CreditManager")).CreateCustomer(number);
        var session = await PageSession.SignedIn(app, "Viewer");
        var url = "/team/customers/" + number;

        var html = await session.Client.GetStringAsync(url);
        Assert.Contains("Customer " + number, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Record payment", html, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Payment", html, StringComparison.Ordinal);

        var posted = await session.PostForm(url + "?handler=Payment", new()
        {
            ["payment.reference"] = Http.Unique("PAY"),
            ["payment.amount"] = "10.00",
            ["payment.currency"] = "USD",
            ["payment.method"] = "bank-transfer",
        }, tokenFrom: url);

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.StartsWith("/account/denied", posted.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(0, await Payments(number));
    }

    [Fact]
    public async Task Invoice_and_credit_note_forms_post_through_the_ledger_without_javascript()
    {
        var number = Http.Unique("C");
        await (await app.ClientAs("CreditManager")).CreateCustomer(number);
        var session = await PageSession.SignedIn(app, "CreditManager");
        var url = "/team/customers/" + number;
        var invoice = Http.Unique("INV");

        var posted = await session.PostForm(url + "?handler=Invoice", new()
        {
            ["invoice.number"] = invoice, ["invoice.issueDate"] = "2026-01-05", ["invoice.amount"] = "1,500.50", ["invoice.currency"] = "USD",
        }, tokenFrom: url);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var page = await session.Client.GetStringAsync(posted.Headers.Location!.OriginalString);
        Assert.Contains($"Invoice {invoice} posted: 1,500.50 USD", page, StringComparison.Ordinal);

        var credited = await session.PostForm(url + "?handler=CreditNote", new()
        {
            ["creditNote.number"] = Http.Unique("CN"), ["creditNote.amount"] = "500.50", ["creditNote.currency"] = "USD",
            ["creditNote.reason"] = "Returned goods", ["creditNote.applyTo"] = invoice,
        }, tokenFrom: url);
        Assert.Equal(HttpStatusCode.Redirect, credited.StatusCode);
        page = await session.Client.GetStringAsync(url);
        Assert.Contains("1,000.00 USD", page, StringComparison.Ordinal);

        var duplicate = await session.PostForm(url + "?handler=Invoice", new()
        {
            ["invoice.number"] = invoice, ["invoice.amount"] = "10", ["invoice.currency"] = "USD",
        }, tokenFrom: url);
        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        Assert.Contains("data-testid=\"invoice-number-error\"", await duplicate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_amount_that_is_not_a_number_is_refused_next_to_the_field_and_nothing_is_posted()
    {
        var number = Http.Unique("C");
        await (await app.ClientAs("CreditManager")).CreateCustomer(number);
        var session = await PageSession.SignedIn(app, "Collector");
        var url = "/team/customers/" + number;
        var request = new HttpRequestMessage(HttpMethod.Post, url + "?handler=Payment");
        var html = await session.Client.GetStringAsync(url);
        request.Headers.Add("HX-Request", "true");
        request.Headers.Add("RequestVerificationToken", PageSession.Token(html));
        request.Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["payment.reference"] = Http.Unique("PAY"), ["payment.amount"] = "ten pounds", ["payment.currency"] = "USD",
        });

        var response = await session.Client.SendAsync(request);

        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<html", body, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"payment-amount-error\"", body, StringComparison.Ordinal);
        Assert.Contains("ten pounds&#x27; is not an amount", body, StringComparison.Ordinal);
        Assert.Equal(0, await Payments(number));
    }

    [Fact]
    public async Task Statement_pages_and_as_of_date_come_back_as_the_statement_panel_alone()
    {
        var number = Http.Unique("C");
        await (await app.ClientAs("CreditManager")).CreateCustomer(number);
        var session = await PageSession.SignedIn(app, "Viewer");
        var request = new HttpRequestMessage(HttpMethod.Get, $"/team/customers/{number}?handler=Statement&asOf=2026-01-31&stmtPage=1");
        request.Headers.Add("HX-Request", "true");

        var body = await (await session.Client.SendAsync(request)).Content.ReadAsStringAsync();

        Assert.StartsWith("<section class=\"card\" id=\"statement\"", body.Trim(), StringComparison.Ordinal);
        Assert.Contains("Closing balance at 2026-01-31", body, StringComparison.Ordinal);
        Assert.Contains("value=\"2026-01-31\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Collector_sees_the_payment_form()
    {
        var number = Http.Unique("C");
        await (await app.ClientAs("CreditManager")).CreateCustomer(number);
        var session = await PageSession.SignedIn(app, "Collector");

        var html = await session.Client.GetStringAsync("/team/customers/" + number);

        Assert.Contains("Record payment", html, StringComparison.Ordinal);
    }

    private Task<int> Payments(string customerNumber) => app.InScope(async sp =>
    {
        var db = sp.GetRequiredService<CreditDb>();
        var id = await db.CustomerId(customerNumber, CancellationToken.None);
        return await db.Entries.CountAsync(e => e.Kind == EntryKind.Payment && e.CustomerId == id);
    });
}
