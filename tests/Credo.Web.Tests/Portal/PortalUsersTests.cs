using System.Net;
using System.Text.RegularExpressions;
using Credo.Web.Data;
using Credo.Web.Tests.Pages;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Portal;

/// <summary>
/// Issue 16, section 1: passwordless sign-in links (absolute, single use), buyer roles in the portal (a manager of users
/// invites and removes colleagues; a viewer may not), and the staff's invitations page. Through HTTP, on SQLite, and on
/// PostgreSQL when CREDO_TEST_POSTGRES is set.
/// </summary>
public sealed partial class PortalUsersTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task A_sign_in_link_is_emailed_absolute_and_signs_the_buyer_in_once()
    {
        var world = await PortalHttp.World(app);
        var anonymous = new PageSession(PageSession.NewClient(app));
        var asked = await anonymous.PostForm("/portal/sign-in?handler=Link", new() { ["Email"] = world.Email }, tokenFrom: "/portal/sign-in");
        Assert.Contains("data-testid=\"link-sent\"", await asked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var unknown = await anonymous.PostForm("/portal/sign-in?handler=Link", new() { ["Email"] = "nobody@nowhere.example" }, tokenFrom: "/portal/sign-in");
        Assert.Contains("data-testid=\"link-sent\"", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal); // the same answer: no account is revealed
        Assert.Empty(await PortalHttp.EmailsTo(app, "nobody@nowhere.example"));

        var mail = (await PortalHttp.EmailsTo(app, world.Email)).Single(m => m.Tag == "portal-sign-in-link");
        var link = LinkPattern().Match(mail.TextBody);
        Assert.True(link.Success, mail.TextBody);
        var url = link.Value["https://credo.test.example".Length..];
        var opened = await anonymous.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode); // opening signs nobody in (mail scanners open links)
        Assert.Equal(HttpStatusCode.Redirect, (await anonymous.Client.GetAsync("/portal")).StatusCode);

        var token = Uri.UnescapeDataString(url[(url.IndexOf("t=", StringComparison.Ordinal) + 2)..]);
        var signedIn = await anonymous.PostForm(url, new() { ["t"] = token });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Contains(world.Name, await anonymous.Client.GetStringAsync("/portal"), StringComparison.Ordinal);

        var again = new PageSession(PageSession.NewClient(app));
        var reused = await again.PostForm(url, new() { ["t"] = token });
        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Contains("already used", await reused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var forged = await again.PostForm("/portal/sign-in/link?t=abc", new() { ["t"] = "abc" });
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }

    [Fact]
    public async Task A_manager_of_users_invites_and_removes_colleagues_and_a_viewer_may_not()
    {
        var world = await PortalHttp.World(app, role: "manage-users");
        var url = "/portal/users?c=" + world.Customer;
        Assert.Contains("Your access: view, pay and manage users.", await world.Buyer.Client.GetStringAsync(url), StringComparison.Ordinal);
        var stranger = await world.Buyer.Post(url, ("Email", "stranger@else.example"), ("Role", "pay"));
        Assert.Equal(HttpStatusCode.BadRequest, stranger.StatusCode);
        Assert.Contains("id=\"email-error\"", await stranger.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var colleague = Http.Unique("col") + "@buyer.example";
        Assert.Equal(HttpStatusCode.Redirect, (await world.Buyer.Post("/portal/contacts?c=" + world.Customer, ("Contacts[0].Name", "Colleague"), ("Contacts[0].Email", colleague))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await world.Buyer.Post(url, ("Email", colleague), ("Role", "view"))).StatusCode);
        var invitation = (await PortalHttp.EmailsTo(app, colleague)).Single(m => m.Tag == "portal-invitation");
        var token = Regex.Match(invitation.TextBody, @"https://credo\.test\.example/portal/invitation/(\S+)").Groups[1].Value;
        var viewer = await PortalHttp.Accept(app, token);
        var page = await world.Buyer.Client.GetStringAsync(url);
        Assert.Contains(colleague, page, StringComparison.Ordinal);

        Assert.DoesNotContain("data-testid=\"invite-form\"", await viewer.Client.GetStringAsync(url), StringComparison.Ordinal);
        var refused = await viewer.Post(url, ("Email", world.Email), ("Role", "manage-users"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);

        var grant = await app.InScope(sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            return db.BuyerGrants.Where(g => db.BuyerUsers.Any(u => u.Id == g.BuyerUserId && u.Email == colleague)).Select(g => g.Id).SingleAsync();
        });
        Assert.Equal(HttpStatusCode.Redirect, (await world.Buyer.Post(url + "&handler=Remove&grant=" + grant)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.Client.GetAsync(url)).StatusCode); // no customer left in their scope
        Assert.Equal(["contacts", "invite", "remove-user"], (await PortalHttp.BuyerAudit(app, world)).Select(a => a.Action));
    }

    [Fact]
    public async Task Staff_invite_from_the_team_page_and_withdraw_an_unused_invitation()
    {
        var admin = await app.ClientAs("Admin");
        var email = Http.Unique("inv") + "@buyer.example";
        var customer = await admin.NewCustomer(email);
        var collector = await PageSession.SignedIn(app, "Collector");
        var bad = await collector.PostForm("/team/portal/invitations", new() { ["Customer"] = customer, ["Email"] = "x@else.example", ["Role"] = "pay" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("id=\"email-error\"", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var sent = await collector.PostForm("/team/portal/invitations", new() { ["Customer"] = customer, ["Email"] = email, ["Role"] = "pay" });
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var page = await collector.Client.GetStringAsync("/team/portal/invitations?customer=" + customer);
        Assert.Contains(email, page, StringComparison.Ordinal);
        Assert.Contains("Is waiting to be used", page, StringComparison.Ordinal);

        var id = await app.InScope(sp => sp.GetRequiredService<CreditDb>().BuyerInvitations.Where(i => i.Email == email).Select(i => i.Id).SingleAsync());
        var viewer = await PageSession.SignedIn(app, "Viewer");
        var refused = await viewer.PostForm($"/team/portal/invitations?handler=Revoke&id={id}", [], tokenFrom: "/team/portal/invitations");
        Assert.True(refused.StatusCode is HttpStatusCode.Forbidden || refused.Headers.Location?.OriginalString.Contains("denied", StringComparison.OrdinalIgnoreCase) == true, $"{(int)refused.StatusCode} {refused.Headers.Location}");
        Assert.Equal(HttpStatusCode.Redirect, (await collector.PostForm($"/team/portal/invitations?handler=Revoke&id={id}&customer={customer}", [], tokenFrom: "/team/portal/invitations")).StatusCode);
        Assert.Contains("Was withdrawn by the sender", await collector.Client.GetStringAsync("/team/portal/invitations?customer=" + customer), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"https://credo\.test\.example/portal/sign-in/link\?t=\S+")]
    private static partial Regex LinkPattern();
}
