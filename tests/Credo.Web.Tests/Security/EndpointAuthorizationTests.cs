using System.Net;
using System.Text.RegularExpressions;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Security;

/// <summary>
/// Every API endpoint, found from the app's own routing table rather than a list kept by hand: anonymous callers
/// get 401, and a Viewer (read-only role) gets 403 on everything that is not a read. A new endpoint that forgets
/// its policy fails here.
/// </summary>
public sealed partial class EndpointAuthorizationTests(CredoApp app) : IClassFixture<CredoApp>
{
    private static readonly string[] Public = ["openapi/{documentName}.json", "health"];

    /// <summary>
    /// Reads that are not for every role: the admin area (users, keys, audit), imports, application templates (credit
    /// managers and admins), owners' and guarantors' personal data (credit analysts and above) and webhook
    /// subscriptions (admins).
    /// </summary>
    private static readonly string[] RestrictedReads =
        ["api/admin/", "api/imports", "api/import-mappings", "api/application-templates", "api/applications/{reference}/personal-data", "api/applications/{reference}/uploads", "api/webhooks"];

    /// <summary>Every endpoint anyone may use without signing in, with the reason. A new anonymous endpoint fails until it is listed here.</summary>
    private static readonly Dictionary<string, string> AnonymousEndpoints = new(StringComparer.Ordinal)
    {
        ["openapi/{documentName}.json"] = "the API description is public",
        ["api-docs/{documentName?}"] = "the API reference page is public",
        ["api-docs/scalar.js"] = "the API reference page's script",
        ["api-docs/scalar.aspnetcore.js"] = "the API reference page's script",
        ["api-docs/favicon.svg"] = "the API reference page's icon",
        ["health"] = "load balancers probe it",
        ["health/reads"] = "operators and load balancers see whether reads go to the replica or the primary, and why (a sentence; no data, no hosts or credentials)",
        ["account/sign-in"] = "signing in",
        ["account/denied"] = "tells a signed-in user they lack a role",
        ["account/sign-out"] = "signing out",
        ["apply/{templateKey}"] = "public application form: the template's start page and the email that starts a draft (rate-limited, antiforgery)",
        ["apply/{templateKey}/form"] = "public application form: the applicant's own draft, found by the resume secret in their cookie (save, verify, upload, submit: rate-limited, antiforgery)",
        ["references/{token}"] = "a trade or bank referee answers from the emailed link (token hashed at rest, one answer, rate-limited, antiforgery)",
        ["applications/{reference}/human-review"] = "a declined applicant asks for a human review from the emailed link (256-bit token, rate-limited, antiforgery)",
        ["apply/{templateKey}/resume/{token}"] = "public application form: the emailed resume link (the token's SHA-256 finds the draft)",
        // ---- collections (issue 14) ----
        ["statement/{token}"] = "the statement a dunning reminder links to: that message's invoices only, found by the 256-bit secret's hash",
        // ---- buyer portal (issue 16) ----
        ["portal/sign-in"] = "buyer sign-in (buyer cookie scheme; lockout after 5 failures, antiforgery)",
        ["portal/sign-in/code"] = "the second step of a buyer's sign-in: an authenticator or recovery code, only after the first step (Identity's two-factor cookie), counted towards lockout, each code once, antiforgery",
        ["portal/sign-in/link"] = "a buyer asks for, and opens, an emailed sign-in link (sealed by Data Protection with the buyer's security stamp and last sign-in, so any sign-in spends it; 15 minutes; the same answer whether or not the account exists; opening shows a button so mail scanners cannot use it up; antiforgery)",
        ["portal/sign-out"] = "buyer sign-out (changes the security stamp; antiforgery)",
        ["portal/invitation/{token}"] = "a buyer accepts an emailed invitation (256-bit token hashed at rest, single use, expiring, antiforgery)",
        ["portal/error/{code:int}"] = "the readable error page portal requests are re-executed to",
        ["api/portal/payments/stripe/events"] = "Stripe's webhook: authenticated by the Stripe-Signature over the body (HMAC with the endpoint secret, timestamp within 5 minutes), idempotent on the event id",
    };

    public static TheoryData<string, string> ApiEndpoints()
    {
        using var probe = new CredoApp();
        var data = new TheoryData<string, string>();
        foreach (var (method, pattern) in Routes(probe))
        {
            data.Add(method, pattern);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ApiEndpoints))]
    public async Task Anonymous_callers_are_refused(string method, string pattern)
    {
        var response = await app.Anonymous().SendAsync(new HttpRequestMessage(new HttpMethod(method), Url(pattern)));
        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} /{pattern} answered {(int)response.StatusCode} to an anonymous caller");
    }

    [Theory]
    [MemberData(nameof(ApiEndpoints))]
    public async Task A_viewer_can_only_read(string method, string pattern)
    {
        var viewer = await app.ClientAs("Viewer");
        var response = await viewer.SendAsync(new HttpRequestMessage(new HttpMethod(method), Url(pattern)));
        if (method == HttpMethods.Get && RestrictedReads.Any(p => pattern.StartsWith(p, StringComparison.Ordinal)))
        {
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} /{pattern} answered {(int)response.StatusCode} to a Viewer");
        }
        else if (method == HttpMethods.Get)
        {
            Assert.True(response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), $"{method} /{pattern} answered {(int)response.StatusCode} to a Viewer");
        }
        else
        {
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} /{pattern} answered {(int)response.StatusCode} to a Viewer");
        }
    }

    [Fact]
    public void The_routing_table_has_the_api()
    {
        var routes = Routes(app).ToList();
        Assert.True(routes.Count > 40, $"only {routes.Count} API endpoints found");
        Assert.Contains(routes, r => r is ("POST", "api/payments/"));
    }

    [Fact]
    public void Only_the_listed_endpoints_allow_anonymous_callers()
    {
        var anonymous = app.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null)
            .Select(e => e.RoutePattern.RawText!.TrimStart('/'))
            .Where(p => p.Length > 0)
            .Distinct().Order(StringComparer.Ordinal).ToList();
        var unlisted = anonymous.Where(p => !AnonymousEndpoints.ContainsKey(p)).ToList();
        Assert.True(unlisted.Count == 0, "anonymous endpoints without a reason: " + string.Join(", ", unlisted));
        Assert.Contains("apply/{templateKey}/form", anonymous);
    }

    private static IEnumerable<(string Method, string Pattern)> Routes(CredoApp factory)
    {
        var sources = factory.Services.GetServices<EndpointDataSource>();
        return sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) && !Public.Contains(raw.TrimStart('/'))
                && !AnonymousEndpoints.ContainsKey(raw.TrimStart('/'))) // an API endpoint listed as anonymous, with its reason (the Stripe webhook), has its own tests
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get]).Select(m => (m, e.RoutePattern.RawText!.TrimStart('/'))))
            .Distinct()
            .OrderBy(r => r.Item2, StringComparer.Ordinal).ThenBy(r => r.m, StringComparer.Ordinal);
    }

    private static string Url(string pattern) => "/" + Parameter().Replace(pattern, m => m.Value.Contains(':', StringComparison.Ordinal) ? "1" : "x");

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
