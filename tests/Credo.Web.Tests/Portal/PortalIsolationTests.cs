using System.Net;
using System.Text.RegularExpressions;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Routing;
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
