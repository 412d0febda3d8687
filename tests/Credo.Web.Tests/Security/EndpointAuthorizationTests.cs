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

    /// <summary>Reads that are not for every role: the admin area (users, keys, audit) and imports.</summary>
    private static readonly string[] RestrictedReads = ["api/admin/", "api/imports", "api/import-mappings"];

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

    private static IEnumerable<(string Method, string Pattern)> Routes(CredoApp factory)
    {
        var sources = factory.Services.GetServices<EndpointDataSource>();
        return sources.SelectMany(s => s.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && raw.TrimStart('/').StartsWith("api/", StringComparison.Ordinal) && !Public.Contains(raw.TrimStart('/')))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [HttpMethods.Get]).Select(m => (m, e.RoutePattern.RawText!.TrimStart('/'))))
            .Distinct()
            .OrderBy(r => r.Item2, StringComparer.Ordinal).ThenBy(r => r.m, StringComparer.Ordinal);
    }

    private static string Url(string pattern) => "/" + Parameter().Replace(pattern, m => m.Value.Contains(':', StringComparison.Ordinal) ? "1" : "x");

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}
