using System.Net;
using Credo.Web.Data;
using Credo.Web.Tests.Pages;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Portal;

/// <summary>Buyer accounts: invitation, acceptance, sign-in, sign-out, lockout, and the wall between buyer and staff sessions.</summary>
public sealed class PortalAccountTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task An_invitation_is_emailed_with_an_absolute_single_use_link_and_signs_the_buyer_in()
    {
        var world = await PortalHttp.World(app);
        var home = await world.Buyer.Client.GetStringAsync("/portal");
        Assert.Contains(world.Name, home, StringComparison.Ordinal);
        Assert.Contains("Test Wholesale Ltd", home, StringComparison.Ordinal); // the seller's name from SellerOptions
        Assert.Contains("5,000.00 USD", home, StringComparison.Ordinal); // the credit limit, with its currency

        var staff = await app.ClientAs("Collector");
        var token = await staff.Invite(app, world.Customer, world.Email);
        var again = await PortalHttp.Accept(app, token, PortalWorld.Password); // an existing buyer confirms their password
        var reuse = await again.PostForm("/portal/invitation/" + token, new() { ["Password"] = PortalWorld.Password, ["Confirm"] = PortalWorld.Password });
        Assert.Equal(HttpStatusCode.OK, reuse.StatusCode);
        Assert.Contains("cannot be used", await reuse.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var grants = await app.InScope(sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            return db.BuyerGrants.CountAsync(g => db.Customers.Any(c => c.Id == g.CustomerId && c.Number == world.Customer));
        });
        Assert.Equal(1, grants);
    }

    [Fact]
    public async Task Only_collectors_managers_and_admins_invite_and_only_a_customers_contacts()
    {
        var admin = await app.ClientAs("Admin");
        var email = Http.Unique("c") + "@buyer.example";
        var customer = await admin.NewCustomer(email);
        var viewer = await app.ClientAs("Viewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJson("/api/portal/invitations", new { customer, email })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostJson("/api/portal/invitations", new { customer, email })).StatusCode);
        await (await admin.PostJson("/api/portal/invitations", new { customer, email = "stranger@else.example" })).AssertProblem(400, "validation", "email");
        await (await admin.PostJson("/api/portal/invitations", new { customer, email, role = "owner" })).AssertProblem(400, "validation", "role");
    }

    [Fact]
    public async Task A_revoked_invitation_cannot_be_accepted_and_a_weak_password_is_refused_by_field()
    {
        var admin = await app.ClientAs("CreditManager");
        var email = Http.Unique("r") + "@buyer.example";
        var customer = await admin.NewCustomer(email);
        var token = await admin.Invite(app, customer, email);
        var session = new PageSession(PageSession.NewClient(app));
        var weak = await session.PostForm("/portal/invitation/" + token, new() { ["Password"] = "short", ["Confirm"] = "short" });
        Assert.Contains("id=\"password-error\"", await weak.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var id = await app.InScope(sp => sp.GetRequiredService<CreditDb>().BuyerInvitations.Where(i => i.Email == email).Select(i => i.Id).SingleAsync());
        Assert.Equal(HttpStatusCode.OK, (await admin.PostJson($"/api/portal/invitations/{id}/revocation", new { })).StatusCode);
        var page = await session.Client.GetStringAsync("/portal/invitation/" + token);
        Assert.Contains("was withdrawn", page, StringComparison.Ordinal);
        await (await admin.PostJson($"/api/portal/invitations/{id}/revocation", new { })).AssertProblem(409, "invitation-revoked");
    }

    [Fact]
    public async Task Sign_out_changes_the_stamp_so_the_old_cookie_is_refused()
    {
        var world = await PortalHttp.World(app);
        var cookie = world.Cookie;
        var signOut = await world.Buyer.PostForm("/portal/sign-out", [], tokenFrom: "/portal");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        var replay = await WithCookie(cookie).GetAsync("/portal");
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.StartsWith("/portal/sign-in", replay.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        var again = new PageSession(PageSession.NewClient(app));
        var signIn = await again.PostForm("/portal/sign-in", new() { ["Email"] = world.Email, ["Password"] = PortalWorld.Password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.Client.GetAsync("/portal")).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var world = await PortalHttp.World(app);
        var session = new PageSession(PageSession.NewClient(app));
        for (var i = 0; i < 5; i++)
        {
            var wrong = await session.PostForm("/portal/sign-in", new() { ["Email"] = world.Email, ["Password"] = "not-the-password-" + i });
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        }

        var right = await session.PostForm("/portal/sign-in", new() { ["Email"] = world.Email, ["Password"] = PortalWorld.Password });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/team")]
    [InlineData("/team/customers")]
    [InlineData("/api/customers")]
    [InlineData("/api/invoices")]
    public async Task A_buyer_cookie_reaches_no_staff_page_or_api(string url)
    {
        var world = await PortalHttp.World(app);
        var response = await WithCookie(world.Cookie).GetAsync(url);
        Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden
            || (response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/account/sign-in", StringComparison.Ordinal)),
            $"{url}: {(int)response.StatusCode} {response.Headers.Location}");
    }

    [Theory]
    [InlineData("/portal")]
    [InlineData("/portal/invoices")]
    [InlineData("/portal/statement")]
    [InlineData("/portal/payments")]
    public async Task A_staff_cookie_reaches_no_portal_page(string url)
    {
        var staff = await PageSession.SignedIn(app, "Admin");
        var response = await staff.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/portal/sign-in", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Portal_forms_refuse_a_post_without_the_antiforgery_token()
    {
        var world = await PortalHttp.World(app);
        var response = await world.Buyer.Client.PostAsync("/portal/sign-in", new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = world.Email, ["Password"] = PortalWorld.Password }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not right", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal); // the readable error page, not a bare status
    }

    private HttpClient WithCookie(string cookie)
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return client;
    }
}
