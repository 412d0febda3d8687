using System.Net;
using System.Text.RegularExpressions;
using Credo.Web.Tests.Demo;

namespace Credo.Web.Tests.Pages;

/// <summary>
/// Walks every Team page of the demo, signed in as an admin, following the links each page offers, and reads what a
/// person reads (the text, placeholders and labels, not the markup) for things that are not in their words
/// (issue 12 §4): enum names, codes, <c>user:</c> prefixes, "null", timespans, configuration keys and repository
/// paths, camelCase labels, raw JSON, and any date not in the house format (yyyy-MM-dd, see docs/words.md).
/// </summary>
public sealed partial class TeamPagesWalkTests(DemoDatabase demo) : IClassFixture<DemoDatabase>
{
    /// <summary>At most this many pages of one shape (e.g. /team/customers/{number}) are read.</summary>
    private const int PagesPerShape = 3;

    private const int MaxPages = 250;

    [Fact]
    public async Task Every_team_page_of_the_demo_speaks_in_words_with_one_date_format()
    {
        var session = await PageSession.SignedIn(demo.App, "Admin");
        var findings = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var perShape = new Dictionary<string, int>();
        var queue = new Queue<string>(["/team", "/team/customers", "/team/imports/mappings"]);
        var read = 0;
        while (queue.Count > 0 && read < MaxPages)
        {
            var url = queue.Dequeue();
            if (!seen.Add(url))
            {
                continue;
            }

            var shape = Shape(url);
            perShape[shape] = perShape.GetValueOrDefault(shape) + 1;
            if (perShape[shape] > PagesPerShape)
            {
                continue;
            }

            var response = await session.Client.GetAsync(url);
            if (response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }

            read++;
            var html = await response.Content.ReadAsStringAsync();
            if (response.StatusCode is not HttpStatusCode.OK)
            {
                findings.Add($"{url}: answered {(int)response.StatusCode}");
                continue;
            }

            findings.AddRange(Problems(Visible(html)).Select(p => $"{url}: {p}"));
            foreach (var link in Links(html))
            {
                queue.Enqueue(link);
            }
        }

        Assert.True(read > 30, $"only {read} pages read");
        Assert.True(findings.Count == 0, $"{findings.Count} findings on {read} pages:\n" + string.Join("\n", findings.Distinct().Take(80)));
    }

    [Theory]
    [InlineData("Status InReview", true)]
    [InlineData("Signed in as CreditManager", true)]
    [InlineData("Reason limit-exceeded", true)]
    [InlineData("By user:ana@example.test", true)]
    [InlineData("Limit null", true)]
    [InlineData("Grace 1.00:00:00", true)]
    [InlineData("Set Analytics:ReportingCurrency to change it", true)]
    [InlineData("See docs/import-mapping.md", true)]
    [InlineData("limitMinor", true)]
    [InlineData("{\"a\":1}", true)]
    [InlineData("Due 7 December 2026", true)]
    [InlineData("Due 7 Dec 2026", true)]
    [InlineData("Due 12/07/2026", true)]
    [InlineData("Due 2026-12-07, in review, limit exceeded, write-off by ana@example.test", false)]
    public void The_walk_recognises_what_is_not_in_words(string text, bool flagged) =>
        Assert.Equal(flagged, Problems(text).Any());

    internal static IEnumerable<string> Problems(string text)
    {
        foreach (var (name, pattern) in Patterns)
        {
            foreach (Match m in pattern.Matches(text))
            {
                if (!Allowed.Contains(m.Value) && !FactNames.Contains(m.Value))
                {
                    yield return $"{name} \"{m.Value}\" in \"…{Around(text, m.Index)}…\"";
                }
            }
        }
    }

    private static readonly (string Name, Regex Pattern)[] Patterns =
    [
        ("enum name", EnumName()),
        ("code", KebabCode()),
        ("actor prefix", ActorPrefix()),
        ("null", Null()),
        ("timespan", TimeSpanText()),
        ("configuration key", ConfigKey()),
        ("repository path", RepoPath()),
        ("camelCase", CamelCase()),
        ("JSON", Json()),
        ("date not yyyy-MM-dd", OtherDate()),
    ];

    /// <summary>Ordinary words that look like codes.</summary>
    private static readonly HashSet<string> Allowed = new(StringComparer.Ordinal)
    {
        "write-off", "write-offs", "follow-up", "e-mail", "sign-in", "sign-out", "bust-out", "one-off", "co-op", "end-to-end",
        "re-check", "year-end", "day-to-day", "per-customer", "cross-currency", "non-payment", "up-to-date", "so-called",
        "all-in", "no-one", "self-service", "third-party", "top-up", "set-up", "check-in", "opt-out", "opt-in", "e-commerce",
        "four-eyes", "cut-offs", "re-pull", "best-possible", "comma-separated", "straight-through", "in-review", "free-mail",
        "trade-credit", // the demo template's key, which its public link (/apply/trade-credit) and its history name
    };

    /// <summary>
    /// The policy's fact names (bureauScore, fraudTaxIdInvalid...): the language credit rules are written in, shown as such in
    /// decisions and explained one by one in the policy page's fact catalogue (docs/words.md).
    /// </summary>
    private static readonly HashSet<string> FactNames = [.. Credo.Domain.Policy.FactCatalog.All.Select(f => f.Name)];

    private static string Around(string text, int index)
    {
        var start = Math.Max(0, index - 30);
        return text.Substring(start, Math.Min(text.Length - start, 70)).ReplaceLineEndings(" ");
    }

    /// <summary>
    /// What a person reads: text nodes, placeholders, titles and labels; not scripts, styles or markup, and not what is
    /// deliberately shown as code (a fact name in the policy editor, a file hash, text a person typed into a box).
    /// </summary>
    internal static string Visible(string html)
    {
        var withoutCode = Scripts().Replace(html, " ");
        var attributes = string.Join(" ", ReadAttributes().Matches(withoutCode).Select(m => m.Groups[2].Value));
        var text = Tags().Replace(withoutCode, " ");
        return WebUtility.HtmlDecode(text + " " + attributes);
    }

    internal static IEnumerable<string> Links(string html)
    {
        foreach (Match m in Href().Matches(html))
        {
            var href = WebUtility.HtmlDecode(m.Groups[1].Value);
            if (href.StartsWith("/team", StringComparison.OrdinalIgnoreCase)
                && !href.Contains("sign-out", StringComparison.OrdinalIgnoreCase)
                && !href.Contains(".csv", StringComparison.OrdinalIgnoreCase)
                && !href.Contains("format=", StringComparison.OrdinalIgnoreCase)
                && !href.Contains("/export", StringComparison.OrdinalIgnoreCase)
                && !href.Contains(".pdf", StringComparison.OrdinalIgnoreCase))
            {
                yield return href.Split('#')[0];
            }
        }
    }

    /// <summary>A page's shape: its path with ids and numbers replaced, and its query's names (not values).</summary>
    internal static string Shape(string url)
    {
        var parts = url.Split('?', 2);
        var path = string.Join('/', parts[0].Split('/').Select(s => s.Any(char.IsDigit) ? "{id}" : s.ToLowerInvariant()));
        var names = parts.Length > 1 ? string.Join('&', parts[1].Split('&').Select(p => p.Split('=')[0]).Order()) : "";
        return path + "?" + names;
    }

    [GeneratedRegex(@"<(script|style|template|code|pre|kbd|textarea)\b.*?</\1>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Scripts();

    [GeneratedRegex(@"<[^>]*>", RegexOptions.Singleline)]
    private static partial Regex Tags();

    [GeneratedRegex("\\b(placeholder|title|aria-label)=\"([^\"]*)\"")]
    private static partial Regex ReadAttributes();

    [GeneratedRegex("href=\"(/[^\"]*)\"", RegexOptions.IgnoreCase)]
    private static partial Regex Href();

    // Two or more humps with no space (InReview, LimitIncrease, PaymentPromise), not names like "McKay" or "FreshWay"
    // that the demo's companies carry: those are caught by the list below only when Credo names a state that way.
    [GeneratedRegex(@"\b(CreditManager|CreditAnalyst|InReview|LimitIncrease|LimitDecrease|PendingReview|OnHold|NotStarted|InProgress|AwaitingApplicant|AwaitingInformation|CreditNote|PaymentReceived|WrittenOff|PartiallyPaid|PartlyPaid|NewCustomer|ExistingCustomer|PeriodicReview|ManualReview|Approved[A-Z]\w+|Declined[A-Z]\w+|Referred[A-Z]\w+|[A-Z][a-z]+(?:Pending|Review|Increase|Decrease|Exceeded|Status|Kind|Reason|Type|Rule|Hold|Limit|Level|Check))\b")]
    private static partial Regex EnumName();

    [GeneratedRegex(@"(?<![\w@./-])[a-z]{2,}(?:-[a-z]{2,})+(?![\w@./-])")]
    private static partial Regex KebabCode();

    [GeneratedRegex(@"\b(user|apikey):\S")]
    private static partial Regex ActorPrefix();

    [GeneratedRegex(@"\bnull\b", RegexOptions.IgnoreCase)]
    private static partial Regex Null();

    [GeneratedRegex(@"\b\d+\.\d{2}:\d{2}:\d{2}\b|\b\d{2}:\d{2}:\d{2}(\.\d+)?\b")]
    private static partial Regex TimeSpanText();

    [GeneratedRegex(@"\b[A-Z][A-Za-z]+:[A-Z][A-Za-z]+\b")]
    private static partial Regex ConfigKey();

    [GeneratedRegex(@"\b(src|docs|tests|bench)/[\w./-]+|\b\w+\.(cs|cshtml|json|md)\b|appsettings")]
    private static partial Regex RepoPath();

    [GeneratedRegex(@"\b[a-z]+[A-Z][a-z]+[A-Za-z]*\b")]
    private static partial Regex CamelCase();

    [GeneratedRegex(@"\{\s*""\w+""\s*:")]
    private static partial Regex Json();

    [GeneratedRegex(@"\b\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{4}\b|\b(January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec) \d{1,2},? \d{4}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{1,2}\.\d{1,2}\.\d{4}\b")]
    private static partial Regex OtherDate();
}
