using System.Net;
using Credo.Web.Tests.Pages;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.Webhooks;

/// <summary>The Admins' webhooks page: subscriptions with their status and attempts, and a form that shows the secret once.</summary>
public sealed class WebhooksPageTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task An_admin_subscribes_on_the_page_sees_the_secret_once_and_pings_it()
    {
        await using var receiver = await WebhookReceiver.Start();
        var session = await PageSession.SignedIn(app, "Admin");
        var empty = await session.Client.GetStringAsync("/team/webhooks");
        Assert.Contains("href=\"/team/webhooks\"", empty, StringComparison.Ordinal);

        var refused = await session.PostForm("/team/webhooks?handler=Subscribe", new() { ["Url"] = "http://orders.example.com/h", ["Topics"] = "credit.order-held" }, tokenFrom: "/team/webhooks");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("url: Plain http is refused", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        var url = receiver.Url("page");
        var created = await session.PostForm("/team/webhooks?handler=Subscribe", new() { ["Url"] = url, ["Topics"] = "credit.order-held, credit.order-released", ["Description"] = "Order system" }, tokenFrom: "/team/webhooks");
        var html = WebUtility.HtmlDecode(await created.Content.ReadAsStringAsync());
        Assert.Contains("data-testid=\"webhook-secret\"", html, StringComparison.Ordinal);
        var secret = System.Text.RegularExpressions.Regex.Match(html, "whsec_[A-Za-z0-9+/=]+").Value;
        Assert.StartsWith("whsec_", secret, StringComparison.Ordinal);
        receiver.Secrets("page", secret);

        var later = WebUtility.HtmlDecode(await session.Client.GetStringAsync("/team/webhooks"));
        Assert.Contains(url, later, StringComparison.Ordinal);
        Assert.Contains("credit.order-held, credit.order-released", later, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, later, StringComparison.Ordinal);
        Assert.DoesNotContain("whsec_", later, StringComparison.Ordinal);

        var id = System.Text.RegularExpressions.Regex.Match(later, "data-webhook=\"(\\d+)\"[^<]*<td>\\d+</td>\\s*<td><code>" + System.Text.RegularExpressions.Regex.Escape(url)).Groups[1].Value;
        Assert.NotEmpty(id);
        var pinged = await session.PostForm("/team/webhooks?handler=Ping", new() { ["id"] = id }, tokenFrom: "/team/webhooks");
        Assert.Contains("HTTP 200", await pinged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(Assert.Single(receiver.At("page")).SignatureValid);
        Assert.Contains("webhook.ping", await session.Client.GetStringAsync($"/team/webhooks?subscription={id}"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CreditManager")]
    [InlineData("Viewer")]
    public async Task Other_roles_neither_see_the_link_nor_open_the_page(string role)
    {
        var session = await PageSession.SignedIn(app, role);
        Assert.DoesNotContain("/team/webhooks", await session.Client.GetStringAsync("/team"), StringComparison.Ordinal);
        var page = await session.Client.GetAsync("/team/webhooks");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/denied", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }
}
