using System.Net;
using System.Text.RegularExpressions;
using Credo.Web.Features.Demo;
using Credo.Web.Tests.Demo;

namespace Credo.Web.Tests.Pages;

/// <summary>
/// Walks every portal page of the demo as the demo's buyer sees them (and the pages before signing in), following the
/// links each page offers, and reads what a buyer reads for what is not in their words, with the same rules as
/// <see cref="TeamPagesWalkTests"/>: enum names, codes, "null", timespans, raw JSON, dates not yyyy-MM-dd (issue 16 §6).
/// </summary>
public sealed partial class PortalPagesWalkTests(DemoDatabase demo) : IClassFixture<DemoDatabase>
{
    private const int PagesPerShape = 3;

    private const int MaxPages = 120;

    [Fact]
    public async Task Every_portal_page_of_the_demo_speaks_in_the_buyers_words_with_one_date_format()
    {
        var session = new PageSession(PageSession.NewClient(demo.App));
        var findings = new List<string>();
        foreach (var url in (string[])["/portal/sign-in", "/portal/sign-in/link", "/portal/no-such-page"])
        {
            var before = await session.Client.GetAsync(url);
            findings.AddRange(TeamPagesWalkTests.Problems(TeamPagesWalkTests.Visible(await before.Content.ReadAsStringAsync())).Select(p => $"{url} (signed out): {p}"));
        }

        var signedIn = await session.PostForm("/portal/sign-in", new() { ["Email"] = DemoPortal.Email, ["Password"] = DemoPortal.Password, ["ReturnUrl"] = "" });
        Assert.Equal((HttpStatusCode.Redirect, "/portal"), (signedIn.StatusCode, signedIn.Headers.Location?.OriginalString));

        var read = await Walk(session.Client, findings);
        Assert.True(read >= 10, $"only {read} portal pages read");
        Assert.True(findings.Count == 0, $"{findings.Count} findings on {read} pages:\n" + string.Join("\n", findings.Distinct().Take(80)));
    }

    private static async Task<int> Walk(HttpClient client, List<string> findings)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var perShape = new Dictionary<string, int>();
        var queue = new Queue<string>(["/portal", "/portal/security", "/portal/error/404"]);
        var read = 0;
        while (queue.Count > 0 && read < MaxPages)
        {
            var url = queue.Dequeue();
            var shape = TeamPagesWalkTests.Shape(url);
            if (!seen.Add(url) || (perShape[shape] = perShape.GetValueOrDefault(shape) + 1) > PagesPerShape)
            {
                continue;
            }

            var response = await client.GetAsync(url);
            if (response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }

            read++;
            var html = await response.Content.ReadAsStringAsync();
            if (response.StatusCode is not HttpStatusCode.OK && !url.StartsWith("/portal/error/", StringComparison.Ordinal))
            {
                findings.Add($"{url}: answered {(int)response.StatusCode}");
                continue;
            }

            findings.AddRange(TeamPagesWalkTests.Problems(TeamPagesWalkTests.Visible(html)).Select(p => $"{url}: {p}"));
            foreach (var link in Links(html))
            {
                queue.Enqueue(link);
            }
        }

        return read;
    }

    private static IEnumerable<string> Links(string html) =>
        Href().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value))
            .Where(href => href.StartsWith("/portal", StringComparison.OrdinalIgnoreCase)
                && !href.Contains("sign-out", StringComparison.OrdinalIgnoreCase)
                && !href.Contains("format=", StringComparison.OrdinalIgnoreCase)
                && !href.Contains(".csv", StringComparison.OrdinalIgnoreCase)
                && !href.Contains(".pdf", StringComparison.OrdinalIgnoreCase)
                && !href.Contains("handler=", StringComparison.OrdinalIgnoreCase))
            .Select(href => href.Split('#')[0]);

    [GeneratedRegex("href=\"(/[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex Href();
}
