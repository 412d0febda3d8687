using System.Net;
using System.Text.Json.Nodes;
using Credo.Web.Tests.Pages;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.ApplicationForms;

public sealed class TemplatesPageTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task A_credit_manager_imports_an_exported_template_and_publishes_it_from_the_page()
    {
        var session = await PageSession.SignedIn(app, "CreditManager");
        var list = await session.Client.GetStringAsync("/team/templates");
        Assert.Contains("/apply/trade-credit", list, StringComparison.Ordinal);
        Assert.Contains("/api/application-templates/trade-credit/1/export", list, StringComparison.Ordinal);

        var export = JsonNode.Parse(await session.Client.GetStringAsync("/api/application-templates/trade-credit/1/export"))!;
        var key = "page-" + Guid.NewGuid().ToString("N")[..8];
        export["key"] = key;
        var imported = await session.PostForm("/team/templates?handler=Import", new() { ["Json"] = export.ToJsonString() }, tokenFrom: "/team/templates");
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Contains($"Imported {key} as version 1", await imported.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        export["definition"]!["currency"] = "XXQ";
        var refused = await session.PostForm("/team/templates?handler=Import", new() { ["Json"] = export.ToJsonString() }, tokenFrom: "/team/templates");
        Assert.Contains("currency: &#x27;XXQ&#x27; is not a known ISO 4217 currency code.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var published = await session.PostForm("/team/templates?handler=Publish", new() { ["key"] = key, ["version"] = "1" }, tokenFrom: "/team/templates");
        Assert.Contains($"{key} version 1 is live", await published.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await app.Anonymous().GetAsync($"/apply/{key}")).StatusCode);
    }

    [Fact]
    public async Task An_analyst_cannot_open_the_templates_page()
    {
        var session = await PageSession.SignedIn(app, "CreditAnalyst");
        var response = await session.Client.GetAsync("/team/templates");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/denied", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }
}
