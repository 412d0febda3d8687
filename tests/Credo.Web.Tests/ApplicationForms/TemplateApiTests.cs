using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.ApplicationForms;

public sealed class TemplateApiTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task The_default_template_is_seeded_and_published()
    {
        var manager = await app.ClientAs("CreditManager");
        var list = await (await manager.GetAsync("/api/application-templates")).Json();
        var seeded = list.EnumerateArray().Single(t => t.GetProperty("key").GetString() == "trade-credit" && t.GetProperty("version").GetInt32() == 1);
        Assert.Equal(JsonValueKind.String, seeded.GetProperty("publishedAtUtc").ValueKind);
    }

    [Fact]
    public async Task Export_then_import_makes_a_new_version_with_the_same_definition_and_publishing_puts_it_live()
    {
        var manager = await app.ClientAs("CreditManager");
        var key = "export-" + Guid.NewGuid().ToString("N")[..8];
        var exported = await manager.GetAsync("/api/application-templates/trade-credit/1/export");
        Assert.Equal("application/json", exported.Content.Headers.ContentType!.MediaType);
        Assert.Equal("trade-credit-v1.json", exported.Content.Headers.ContentDisposition!.FileName);
        var document = JsonNode.Parse(await exported.Content.ReadAsStringAsync())!.AsObject();
        document["key"] = key;
        document["name"] = "Imported copy";
        document["definition"]!["title"] = "Imported copy";

        var first = await manager.PostJson("/api/application-templates/import", document);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(1, (await first.Json()).GetProperty("version").GetInt32());
        var second = await (await manager.PostJson("/api/application-templates/import", document)).Json();
        Assert.Equal(2, second.GetProperty("version").GetInt32());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("publishedAtUtc").ValueKind);

        var reExported = JsonNode.Parse(await manager.GetStringAsync($"/api/application-templates/{key}/2/export"))!;
        Assert.True(JsonNode.DeepEquals(document["definition"], reExported["definition"]), "the definition changed on the round trip");

        // Not live until published; then the public link serves it.
        Assert.Equal(HttpStatusCode.NotFound, (await app.Anonymous().GetAsync($"/apply/{key}")).StatusCode);
        var published = await manager.PostAsync($"/api/application-templates/{key}/2/publish", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        var page = await app.Anonymous().GetStringAsync($"/apply/{key}");
        Assert.Contains("Imported copy", page, StringComparison.Ordinal);
        await (await manager.PostAsync($"/api/application-templates/{key}/2/publish", null)).AssertProblem(409, "template-already-published");
        await (await manager.PostAsync($"/api/application-templates/{key}/9/publish", null)).AssertProblem(404, "not-found");
    }

    [Fact]
    public async Task An_invalid_definition_is_refused_with_every_problem_by_path()
    {
        var manager = await app.ClientAs("Admin");
        var definition = JsonNode.Parse(await manager.GetStringAsync("/api/application-templates/trade-credit/1/export"))!["definition"]!;
        definition["consentText"] = "";
        definition["sections"]![0]!["fields"]![1]!["key"] = "legalName";
        definition["sections"]![1]!["fields"]![2]!["visibleWhen"]!["field"] = "nowhere";
        var response = await manager.PostJson("/api/application-templates/import", new { key = "broken", name = "Broken", definition });
        var problem = await response.AssertProblem(400, "template-invalid");
        var paths = problem.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("path").GetString()).ToList();
        Assert.Equal(["consentText", "sections[0].fields[1].key", "sections[1].fields[2].visibleWhen.field"], paths);
        Assert.Contains("used twice", problem.GetProperty("errors")[1].GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"key\":\"Bad Key\",\"name\":\"x\",\"definition\":{}}", "validation", "key")]
    [InlineData("{\"key\":\"ok\",\"name\":\"\",\"definition\":{}}", "validation", "name")]
    [InlineData("{\"key\":\"ok\",\"name\":\"x\",\"definition\":[]}", "validation", "definition")]
    [InlineData("{\"key\":\"ok\",\"name\":\"x\",\"definition\":{\"title\":\"t\"}}", "validation", "definition")]
    public async Task Malformed_imports_are_refused_by_field(string body, string code, string field)
    {
        var manager = await app.ClientAs("CreditManager");
        var response = await manager.PostAsync("/api/application-templates/import", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await response.AssertProblem(400, code, field);
    }

    [Theory]
    [InlineData("CreditAnalyst")]
    [InlineData("Collector")]
    [InlineData("Viewer")]
    public async Task Only_credit_managers_and_admins_manage_templates(string role)
    {
        var client = await app.ClientAs(role);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/application-templates")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJson("/api/application-templates/import", new { key = "x", name = "x", definition = new { } })).StatusCode);
    }
}
