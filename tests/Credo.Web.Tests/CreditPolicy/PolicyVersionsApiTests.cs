using System.Net.Http.Json;
using System.Text.Json;
using Credo.Domain.Policy;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.CreditPolicy;

/// <summary>Policy versions through the API: the seeded default, drafts, validation, publishing and its refusals.</summary>
public sealed class PolicyVersionsApiTests(CredoApp app) : IClassFixture<CredoApp>
{
    private static string Definition(string rulesJson) =>
        PolicyJson.Write(DefaultPolicy.Definition).Split("\"rules\"")[0] + "\"rules\": " + rulesJson + "\n}";

    [Fact]
    public async Task A_fresh_install_has_the_default_policy_published_by_system()
    {
        var viewer = await app.ClientAs("Viewer");
        var versions = await viewer.Get("/api/policies");
        var first = versions.EnumerateArray().Single(v => v.GetProperty("number").GetInt32() == 1);
        Assert.Equal("system", first.Str("publishedBy"));
        var one = await viewer.Get("/api/policies/1");
        Assert.Equal(10, one.GetProperty("definition").GetProperty("rules").GetArrayLength());
    }

    [Fact]
    public async Task A_draft_is_validated_with_messages_naming_the_rule_and_publishing_it_is_refused_until_it_is_valid()
    {
        var manager = await app.ClientAs("CreditManager");
        var bad = Definition("""[ { "name": "Typo", "when": [ { "fact": "bureauScor", "op": ">", "value": 50 } ], "then": { "outcome": "approve", "limit": "recommended" } } ]""");
        var draft = await manager.CreateDraft(bad, "With a typo");
        var number = draft.GetProperty("number").GetInt32();
        Assert.Equal("Draft", draft.Str("status"));

        var analyst = await app.ClientAs("CreditAnalyst");
        var report = await (await analyst.PostAsync($"/api/policies/{number}/validation", null)).Json();
        Assert.False(report.GetProperty("valid").GetBoolean());
        var error = report.GetProperty("errors").EnumerateArray().Single();
        Assert.Equal("rules[0].when[0].fact", error.Str("field"));
        Assert.Contains("Rule 'Typo', condition 'bureauScor > 50': 'bureauScor' is not a known fact", error.Str("message"), StringComparison.Ordinal);

        var refused = await manager.PostAsync($"/api/policies/{number}/publication", null);
        var problem = await refused.AssertProblem(422, "policy-invalid", "rules[0].when[0].fact");
        Assert.Equal(1, problem.GetProperty("errors").GetArrayLength());

        var fixedDefinition = JsonDocument.Parse(bad.Replace("bureauScor\"", "bureauScore\"", StringComparison.Ordinal)).RootElement;
        var updated = await manager.PutAsJsonAsync($"/api/policies/{number}", new { definition = fixedDefinition }, CredoApp.Json);
        Assert.True(updated.IsSuccessStatusCode, await updated.Content.ReadAsStringAsync());
        Assert.True((await (await analyst.PostAsync($"/api/policies/{number}/validation", null)).Json()).GetProperty("valid").GetBoolean());
    }

    [Fact]
    public async Task Publishing_retires_the_previous_version_records_who_and_freezes_the_version()
    {
        var manager = await app.ClientAs("CreditManager");
        var before = (await manager.Get("/api/policies")).EnumerateArray().Single(v => v.Str("status") == "Published").GetProperty("number").GetInt32();
        var number = await manager.Publish(Definition("""[ { "name": "Everyone", "when": [], "then": { "outcome": "refer", "reason": "A person looks at every case." } } ]"""));

        var versions = (await manager.Get("/api/policies")).EnumerateArray().ToList();
        var published = Assert.Single(versions, v => v.Str("status") == "Published");
        Assert.Equal(number, published.GetProperty("number").GetInt32());
        Assert.StartsWith("apikey:test-creditmanager", published.Str("publishedBy"), StringComparison.Ordinal);
        Assert.Equal("Retired", versions.Single(v => v.GetProperty("number").GetInt32() == before).Str("status"));

        var edit = await manager.PutAsJsonAsync($"/api/policies/{number}", new { name = "Changed" }, CredoApp.Json);
        await edit.AssertProblem(409, "policy-not-draft");
        await (await manager.PostAsync($"/api/policies/{number}/publication", null)).AssertProblem(409, "policy-not-draft");

        // Even straight SQL cannot change a published definition.
        var message = await app.RefusedSql($"UPDATE policy_versions SET \"DefinitionJson\" = 'tampered' WHERE \"Number\" = {number}");
        Assert.Contains("policy", message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("CreditAnalyst")]
    [InlineData("Collector")]
    [InlineData("Viewer")]
    public async Task Only_credit_managers_and_admins_create_and_publish(string role)
    {
        var client = await app.ClientAs(role);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await client.PostJson("/api/policies", new { name = "x" })).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await client.PostAsync("/api/policies/1/publication", null)).StatusCode);
    }

    [Fact]
    public async Task A_draft_must_be_json_and_unknown_versions_are_not_found()
    {
        var admin = await app.ClientAs("Admin");
        await (await admin.PostJson("/api/policies", new { name = "x", definition = new[] { 1, 2 } })).AssertProblem(400, "validation", "definition");
        await (await admin.GetAsync("/api/policies/9999")).AssertProblem(404, "not-found");
        await (await admin.PostAsync("/api/policies/9999/publication", null)).AssertProblem(404, "not-found");
    }

    [Fact]
    public async Task A_new_draft_without_a_definition_copies_the_published_one()
    {
        var admin = await app.ClientAs("Admin");
        var published = (await admin.Get("/api/policies")).EnumerateArray().Single(v => v.Str("status") == "Published").GetProperty("number").GetInt32();
        var draft = await admin.CreateDraft();
        Assert.Equal(
            (await admin.Get($"/api/policies/{published}")).GetProperty("definition").GetRawText().Length,
            draft.GetProperty("definition").GetRawText().Length);
    }
}
