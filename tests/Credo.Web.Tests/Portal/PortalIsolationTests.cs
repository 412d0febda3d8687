using System.Net;
using System.Text.RegularExpressions;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Portal;

/// <summary>
/// Issue 16, section 2: every portal route, taken from the routing table (a new page is covered without editing this
/// test), tried by buyer A with buyer B's customer number, document ids and document numbers: never B's data, and
/// every page about a customer answers 404 for B's. Runs on SQLite, and on PostgreSQL when CREDO_TEST_POSTGRES is set.
/// </summary>
public sealed partial class PortalIsolationTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task No_portal_route_shows_a_buyer_another_customers_data()
    {
        var a = await PortalHttp.World(app);
        var b = await PortalHttp.World(app);
        var bIds = new[]
        {
            await PortalHttp.EntryId(app, b.OpenInvoice),
            await PortalHttp.EntryId(app, b.PaidInvoice),
            await PortalHttp.EntryId(app, b.Payment),
        };
        var bRequest = await PortalHttp.BankTransferRequest(app, b); // B's payment request: the pay/{id} page's id
        var secrets = new[] { b.Customer, b.Name, b.OpenInvoice, b.PaidInvoice, b.Payment, b.Email };

        var routes = PortalRoutes();
        Assert.Contains("portal/documents/{id:long}", routes);
        Assert.Contains("portal/invoices", routes);
        Assert.Contains("portal/statement", routes);
        Assert.Contains("portal/pay", routes);
        Assert.Contains("portal/pay/{id:long}", routes);
        Assert.Contains("portal/promises", routes);
        Assert.Contains("portal/questions", routes);
        Assert.Contains("portal/contacts", routes);
        Assert.Contains("portal/credit", routes);
        Assert.Contains("portal/users", routes);
        var tried = 0;
        foreach (var route in routes)
        {
            foreach (var url in Urls(route, b, route.StartsWith("portal/pay/", StringComparison.Ordinal) ? [bRequest, .. bIds] : bIds))
            {
                var response = await a.Buyer.Client.GetAsync(url);
                var body = await response.Content.ReadAsStringAsync();
                foreach (var secret in secrets)
                {
                    Assert.False(body.Contains(secret, StringComparison.Ordinal), $"{url} ({(int)response.StatusCode}) shows buyer B's '{secret}'");
                }

                if (IsAboutACustomer(route))
                {
                    Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{url}: {(int)response.StatusCode}, expected 404");
                    Assert.Contains("Not found", body, StringComparison.Ordinal); // the readable page, not a bare status
                }

                tried++;
            }
        }

        Assert.True(tried >= 10, $"only {tried} requests tried");

        // And the same routes with A's own values work: the test would otherwise pass on a portal that shows nothing.
        Assert.Contains(a.OpenInvoice, await a.Buyer.Client.GetStringAsync("/portal/invoices?c=" + a.Customer), StringComparison.Ordinal);
        Assert.Contains(a.OpenInvoice, await a.Buyer.Client.GetStringAsync("/portal/documents/" + await PortalHttp.EntryId(app, a.OpenInvoice)), StringComparison.Ordinal);
        Assert.Contains(a.OpenInvoice, await a.Buyer.Client.GetStringAsync("/portal/pay/" + await PortalHttp.BankTransferRequest(app, a)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_portal_form_acts_for_another_customer_or_on_another_buyers_thread()
    {
        var a = await PortalHttp.World(app, role: "pay");
        var b = await PortalHttp.World(app, role: "pay");
        Assert.Equal(HttpStatusCode.Redirect, (await b.Buyer.Post("/portal/questions?c=" + b.Customer, ("Text", "B's own question"))).StatusCode);
        var bQuestion = await app.InScope(sp => sp.GetRequiredService<Credo.Web.Data.CreditDb>().PortalQuestions
            .Where(q => sp.GetRequiredService<Credo.Web.Data.CreditDb>().Customers.Any(c => c.Id == q.CustomerId && c.Number == b.Customer)).Select(q => q.Id).SingleAsync());
        var bGrant = await app.InScope(sp =>
        {
            var db = sp.GetRequiredService<Credo.Web.Data.CreditDb>();
            return db.BuyerGrants.Where(g => db.BuyerUsers.Any(u => u.Id == g.BuyerUserId && u.Email == b.Email)).Select(g => g.Id).SingleAsync();
        });
        var on = DateOnly.FromDateTime(app.Now.UtcDateTime).AddDays(7).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var tokenFrom = "/portal/questions?c=" + a.Customer; // A's own page gives A a valid token: only the scope may refuse
        var attempts = new (string Url, (string, string)[] Fields)[]
        {
            ("/portal/promises?c=" + b.Customer, [("Invoices", b.OpenInvoice), ("PromisedOn", on)]),
            ("/portal/questions?c=" + b.Customer, [("Invoice", b.OpenInvoice), ("Text", "A asks on B")]),
            ("/portal/questions?c=" + b.Customer + "&handler=FollowUp&id=" + bQuestion, [("Text", "A writes on B's thread")]),
            ("/portal/questions?c=" + a.Customer + "&handler=FollowUp&id=" + bQuestion, [("Text", "A writes on B's thread")]),
            ("/portal/questions?c=" + a.Customer, [("Invoice", b.OpenInvoice), ("Text", "A asks about B's invoice")]),
            ("/portal/contacts?c=" + b.Customer, [("Contacts[0].Name", "Mallory"), ("Contacts[0].Email", "m@evil.example")]),
            ("/portal/credit?c=" + b.Customer, [("Limit", "90000")]),
            ("/portal/promises?c=" + a.Customer, [("Invoices", b.OpenInvoice), ("PromisedOn", on)]),
            ("/portal/users?c=" + b.Customer, [("Email", b.Email), ("Role", "manage-users")]),
            ("/portal/users?c=" + a.Customer + "&handler=Remove&grant=" + bGrant, []),
        };
        foreach (var (url, fields) in attempts)
        {
            var token = Pages.PageSession.Token(await a.Buyer.Client.GetStringAsync(tokenFrom));
            var form = fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)).Append(new("__RequestVerificationToken", token));
            var response = await a.Buyer.Client.PostAsync(url, new FormUrlEncodedContent(form));
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("B's own question", body, StringComparison.Ordinal);
            Assert.DoesNotContain(b.Name, body, StringComparison.Ordinal);
        }

        var written = await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<Credo.Web.Data.CreditDb>();
            var bId = await db.Customers.Where(c => c.Number == b.Customer).Select(c => c.Id).SingleAsync();
            return (Messages: await db.PortalMessages.CountAsync(m => m.QuestionId == bQuestion),
                Questions: await db.PortalQuestions.CountAsync(q => q.CustomerId == bId || q.InvoiceNumber == b.OpenInvoice),
                Promises: await db.PaymentPromises.CountAsync(p => p.CustomerId == bId),
                Applications: await db.Applications.CountAsync(x => x.CustomerId == bId),
                Contacts: (await db.Customers.AsNoTracking().SingleAsync(c => c.Id == bId)).Contacts.Count);
        });
        Assert.Equal((1, 1, 0, 0, 1), written);
    }

    private List<string> PortalRoutes() =>
        [.. app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => p.StartsWith("portal", StringComparison.Ordinal))
            .Distinct().Order(StringComparer.Ordinal)];

    /// <summary>Pages that take their customer from the scope (not sign-in, sign-out, invitation or error pages).</summary>
    private static bool IsAboutACustomer(string route) =>
        !route.StartsWith("portal/sign-", StringComparison.Ordinal) && !route.StartsWith("portal/invitation", StringComparison.Ordinal)
        && !route.StartsWith("portal/error", StringComparison.Ordinal);

    /// <summary>Each route with every parameter filled with B's values, and every query a page reads set to B's.</summary>
    private static IEnumerable<string> Urls(string route, PortalWorld b, long[] bIds)
    {
        var fills = route.Contains('{', StringComparison.Ordinal)
            ? bIds.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Concat([b.OpenInvoice, b.Payment])
            : [string.Empty];
        foreach (var fill in fills)
        {
            var path = "/" + Parameter().Replace(route, fill);
            if (path.Contains("/error/", StringComparison.Ordinal) && !int.TryParse(fill, out _))
            {
                continue;
            }

            yield return path + "?c=" + Uri.EscapeDataString(b.Customer);
            yield return path + "?c=" + Uri.EscapeDataString(b.Customer) + "&show=paid";
            yield return path + "?c=" + Uri.EscapeDataString(b.Customer) + "&show=disputed";
            yield return path + "?c=" + Uri.EscapeDataString(b.Customer) + "&handler=csv&AsOf=2026-12-31";
        }
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
