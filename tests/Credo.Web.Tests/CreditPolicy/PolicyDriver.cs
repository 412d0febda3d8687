using Credo.Domain.Applications;
using System.Net.Http.Json;
using System.Text.Json;
using Credo.Domain.Policy;
using Credo.Web.Data;
using Credo.Web.Features.Applications;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.CreditPolicy;

/// <summary>Policy versions and decisions in test language.</summary>
internal static class PolicyDriver
{
    /// <summary>A complete good applicant under the default policy: approved at 40,000 (the requested amount), low risk.</summary>
    public static FactSet GoodApplicant() => FactSet.Empty
        .With("isExistingCustomer", (bool?)false).With("requestedLimit", (decimal?)40000m).With("annualRevenue", (decimal?)2000000m)
        .With("yearsInBusiness", (decimal?)12m).With("bureauScore", (decimal?)82m).With("bureauSuggestedLimit", (decimal?)60000m)
        .With("bureauBankruptcy", (bool?)false).With("bureauJudgments", (decimal?)0m).With("altmanZ", (decimal?)3.1m).With("altmanZone", "safe")
        .With("currentRatio", (decimal?)1.8m).With("netWorth", (decimal?)400000m).With("tradeReferencesAnswered", (decimal?)3m)
        .With("fraudTaxIdInvalid", (bool?)false).With("fraudSignalsRaised", (decimal?)0m);

    public static async Task<JsonElement> CreateDraft(this HttpClient client, string? definitionJson = null, string name = "Draft")
    {
        object body = definitionJson is null ? new { name } : new { name, definition = JsonDocument.Parse(definitionJson).RootElement };
        var response = await client.PostJson("/api/policies", body);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    public static async Task<int> Publish(this HttpClient client, string definitionJson, string name = "Published in a test")
    {
        var number = (await client.CreateDraft(definitionJson, name)).GetProperty("number").GetInt32();
        var response = await client.PostAsync($"/api/policies/{number}/publication", null);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return number;
    }

    /// <summary>A template and an application row to decide about (the decisions table points at applications).</summary>
    public static async Task<CreditApplication> NewApplication(this CredoApp app, long? customerId = null, string currency = "USD") =>
        await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            var template = await db.ApplicationTemplates.FirstOrDefaultAsync(t => t.Key == "policy-tests");
            if (template is null)
            {
                template = new ApplicationTemplate { Key = "policy-tests", Version = 1, Name = "Policy tests", DefinitionJson = "{}", CreatedBy = "test", CreatedAtUtc = app.Now.UtcDateTime };
                db.ApplicationTemplates.Add(template);
                await db.SaveChangesAsync();
            }

            var application = new CreditApplication
            {
                Reference = Http.Unique("APP"),
                TemplateId = template.Id,
                ApplicantEmail = "applicant@example.com",
                Currency = currency,
                CustomerId = customerId,
                Status = ApplicationStatus.Assessing,
                CreatedAtUtc = app.Now.UtcDateTime,
                UpdatedAtUtc = app.Now.UtcDateTime,
            };
            db.Applications.Add(application);
            await db.SaveChangesAsync();
            return application;
        });

    public static Task<DecisionSummary> Decide(this CredoApp app, CreditApplication application, FactSet facts) =>
        app.InScope(sp => sp.GetRequiredService<ICreditDecider>().DecideAsync(application, new ApplicationEvidence(facts, [], ["test"]), CancellationToken.None));

    public static async Task<JsonElement> Replay(this HttpClient client, long? fromId = null, long? toId = null)
    {
        var response = await client.PostAsJsonAsync("/api/decisions/replay", new { fromId, toId }, CredoApp.Json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    /// <summary>Runs raw SQL expected to be refused by a trigger; returns the database's message.</summary>
    public static async Task<string> RefusedSql(this CredoApp app, string sql) =>
        await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            var error = await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync(sql));
            return error.Message;
        });
}
