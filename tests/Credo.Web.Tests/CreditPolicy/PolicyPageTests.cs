using System.Net;
using Credo.Domain.Policy;
using Credo.Web.Tests.Pages;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.CreditPolicy;

/// <summary>The policy pages without a browser: list, editor with validation messages, backtest, confirmed publish.</summary>
public sealed class PolicyPageTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task A_manager_edits_a_draft_sees_the_problems_backtests_and_publishes_only_when_confirmed()
    {
        var session = await PageSession.SignedIn(app, "CreditManager");
        var list = await session.Client.GetStringAsync("/team/policies");
        Assert.Contains("Default policy", list, StringComparison.Ordinal);
        Assert.Contains("href=\"/team/policies\"", list, StringComparison.Ordinal); // the nav link

        var created = await session.PostForm("/team/policies?handler=New", new() { ["name"] = "Stricter" }, tokenFrom: "/team/policies");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var url = created.Headers.Location!.OriginalString;

        var broken = PolicyJson.Write(DefaultPolicy.Definition).Replace("\"bureauJudgments\"", "\"bureauJudgmentz\"", StringComparison.Ordinal);
        var saved = await (await session.PostForm(url + "?handler=Save", new() { ["Name"] = "Stricter", ["Definition"] = broken }, tokenFrom: url)).Content.ReadAsStringAsync();
        Assert.Contains("Saved as a draft with 1 problem(s)", saved, StringComparison.Ordinal);
        Assert.Contains("Rule &#x27;Open judgments&#x27;, condition &#x27;bureauJudgmentz &gt; 0&#x27;: &#x27;bureauJudgmentz&#x27; is not a known fact", saved, StringComparison.Ordinal);

        var refused = await (await session.PostForm(url + "?handler=Publish", new() { ["Name"] = "Stricter", ["Definition"] = broken, ["Confirm"] = "true" }, tokenFrom: url)).Content.ReadAsStringAsync();
        Assert.Contains("cannot be published", refused, StringComparison.Ordinal);

        var fixedJson = PolicyJson.Write(DefaultPolicy.Definition with { FourEyesAbove = [Credo.Domain.Amounts.Money.Usd(1_000_00)] });
        var backtest = await (await session.PostForm(url + "?handler=Backtest", new() { ["Name"] = "Stricter", ["Definition"] = fixedJson }, tokenFrom: url)).Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"backtest-applications\"", backtest, StringComparison.Ordinal);
        Assert.Contains("id=\"backtest-chart\"", backtest, StringComparison.Ordinal);

        var unconfirmed = await (await session.PostForm(url + "?handler=Publish", new() { ["Name"] = "Stricter", ["Definition"] = fixedJson }, tokenFrom: url)).Content.ReadAsStringAsync();
        Assert.Contains("Tick the confirmation", unconfirmed, StringComparison.Ordinal);
        Assert.Contains(">Draft<", unconfirmed, StringComparison.Ordinal);

        var published = await (await session.PostForm(url + "?handler=Publish", new() { ["Name"] = "Stricter", ["Definition"] = fixedJson, ["Confirm"] = "true" }, tokenFrom: url)).Content.ReadAsStringAsync();
        Assert.Contains("is published; decisions use it from now on", published, StringComparison.Ordinal);
        Assert.Contains(">Published<", published, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Save", published, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_reads_versions_but_cannot_edit_or_backtest()
    {
        var session = await PageSession.SignedIn(app, "Viewer");
        var page = await session.Client.GetStringAsync("/team/policies/1");
        Assert.Contains("readonly", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"run-backtest\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"new-draft\"", await session.Client.GetStringAsync("/team/policies"), StringComparison.Ordinal);
        var forbidden = await session.PostForm("/team/policies/1?handler=Backtest", new(), tokenFrom: "/team/policies/1");
        Assert.NotEqual(HttpStatusCode.OK, forbidden.StatusCode);
    }
}
