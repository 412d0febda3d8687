using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Credo.Domain.Policy;
using Credo.Web.Tests.Pages;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.CreditPolicy;

/// <summary>
/// Issue 12 §4: the backtest chart put 10 applications and 303 customers on one count axis, and the book half was
/// 100 % referred under both versions. The chart now shows shares of each part's own cases, and book customers
/// neither version can judge are left out of the counts, with the page saying how many and which facts they lack.
/// </summary>
public sealed partial class BacktestPageTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task The_chart_shows_shares_and_the_page_says_which_book_customers_are_left_out_and_why()
    {
        var manager = await app.ClientAs("CreditManager");
        for (var i = 0; i < 3; i++)
        {
            var number = Http.Unique("BOOK");
            Assert.True((await manager.PostJson("/api/customers", new { number, legalName = "Customer " + number, currency = "USD", terms = "NET30" })).IsSuccessStatusCode);
        }

        var session = await PageSession.SignedIn(app, "CreditManager");
        var created = await session.PostForm("/team/policies?handler=New", new() { ["name"] = "Same" }, tokenFrom: "/team/policies");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var url = created.Headers.Location!.OriginalString;
        var html = await (await session.PostForm(url + "?handler=Backtest", new() { ["Name"] = "Same", ["Definition"] = PolicyJson.Write(DefaultPolicy.Definition) }, tokenFrom: url)).Content.ReadAsStringAsync();

        var leftOut = Regex.Match(html, "data-testid=\"backtest-book-left-out\">([^<]+)");
        Assert.True(leftOut.Success, "no left-out paragraph");
        Assert.Matches(@"^\d+ customers are left out of the counts above", leftOut.Groups[1].Value);
        Assert.Contains("<code>", html[leftOut.Index..html.IndexOf("</p>", leftOut.Index, StringComparison.Ordinal)], StringComparison.Ordinal);

        var chart = JsonDocument.Parse(WebUtility.HtmlDecode(ChartData().Match(html).Groups[1].Value).Replace("\\u003c", "<", StringComparison.Ordinal)).RootElement;
        Assert.Equal("percent", chart.GetProperty("unit").GetString());
        Assert.All(chart.GetProperty("labels").EnumerateArray(), l => Assert.Matches(@"\(\d+ cases?\)$", l.GetString()!));
        for (var bar = 0; bar < 4; bar++)
        {
            var sum = new[] { "approved", "referred", "declined" }.Sum(k => chart.GetProperty(k)[bar].GetDecimal());
            Assert.True(sum is 0m or (>= 99.8m and <= 100.2m), $"bar {bar} adds up to {sum} %");
        }
    }

    [GeneratedRegex("<script type=\"application/json\" id=\"backtest-data\">(.*?)</script>", RegexOptions.Singleline)]
    private static partial Regex ChartData();
}
