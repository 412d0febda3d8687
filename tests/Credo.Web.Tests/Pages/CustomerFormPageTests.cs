using System.Net;
using Credo.Web.Data;
using Credo.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Pages;

public sealed class CustomerFormPageTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task Credit_manager_creates_a_customer_through_the_form()
    {
        var session = await PageSession.SignedIn(app, "CreditManager");
        var number = Http.Unique("C");

        var response = await session.PostForm("/team/customers/new", new()
        {
            ["Fields.Number"] = number,
            ["Fields.LegalName"] = "Form Made Ltd",
            ["Fields.Currency"] = "eur",
            ["Fields.Terms"] = "net 45",
            ["Fields.Status"] = "Active",
            ["Fields.Billing.Country"] = "ie",
            ["Fields.Contacts[0].Name"] = "Aoife Byrne",
            ["Fields.Contacts[0].Email"] = "aoife@formmade.example",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/team/customers/" + number, response.Headers.Location!.OriginalString);
        var saved = await app.InScope(sp => sp.GetRequiredService<CreditDb>().FindCustomer(number, CancellationToken.None));
        Assert.NotNull(saved);
        Assert.Equal(("EUR", "NET45", "IE"), (saved.Currency, saved.TermsCode, saved.BillingAddress.Country));
        Assert.Equal("Aoife Byrne", Assert.Single(saved.Contacts).Name);
    }

    [Fact]
    public async Task A_refused_field_is_shown_next_to_its_input()
    {
        var session = await PageSession.SignedIn(app, "CreditAnalyst");

        var response = await session.PostForm("/team/customers/new", new()
        {
            ["Fields.Number"] = Http.Unique("C"),
            ["Fields.LegalName"] = "Bad Terms Ltd",
            ["Fields.Currency"] = "USD",
            ["Fields.Terms"] = "whenever",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("id=\"customer-Terms-error\"", html, StringComparison.Ordinal);
        Assert.Contains("is not a payment terms code", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Viewer_cannot_open_the_customer_form()
    {
        var session = await PageSession.SignedIn(app, "Viewer");

        var response = await session.Client.GetAsync("/team/customers/new");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/denied", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
