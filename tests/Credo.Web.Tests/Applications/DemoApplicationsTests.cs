using System.Text.Json;
using Credo.Domain.Applications;
using Credo.Web.Data;
using Credo.Web.Features.ApplicationForms;
using Credo.Web.Features.Applications;
using Credo.Web.Features.Demo;
using Credo.Web.Tests.Demo;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Applications;

/// <summary>The demo's applications, on the full demo with the real form, evidence, policy and workflow (no fakes).</summary>
public sealed class DemoApplicationsTests(DemoDatabase demo) : IClassFixture<DemoDatabase>
{
    [Fact]
    public async Task The_demo_submits_real_forms_and_leaves_a_believable_queue()
    {
        var list = await demo.App.InScope(sp => sp.GetRequiredService<FindApplications>().List(new ApplicationFilter(null, ApplicationKind.New, null, null, false), CancellationToken.None));
        var byName = list.Items.ToDictionary(a => a.LegalName!);
        Assert.Equal(8, byName.Count);

        // Decided by the published default policy, from what the local bureau and the answers say.
        Assert.All(new[] { "Bayside Grocers LLC", "Northwind Delicatessen Inc.", "Alder & Finch Provisions Co." }, n =>
        {
            Assert.Equal(ApplicationStatus.Approved, byName[n].Status);
            Assert.NotNull(byName[n].CustomerNumber);
        });
        Assert.Equal(ApplicationStatus.Declined, byName["Quick Stop Convenience Corp."].Status);
        Assert.Equal((ApplicationStatus.Referred, null), (byName["Cornerstone Wine Merchants LLC"].Status, byName["Cornerstone Wine Merchants LLC"].AssignedTo)); // four-eyes
        Assert.Equal((ApplicationStatus.Referred, null), (byName["Rio Verde Tortilleria Inc."].Status, byName["Rio Verde Tortilleria Inc."].AssignedTo)); // judgments
        Assert.True(byName["Juniper Street Kitchen LLC"] is { Status: ApplicationStatus.InReview, AwaitingApplicant: true });
        Assert.True(byName["Saltmarsh Oyster Bar LLC"] is { Status: ApplicationStatus.InReview, AwaitingApplicant: false, AssignedTo: "user:analyst@credo.local" });

        // Real submissions on the default template: its answers' shape, a signature, the accounts uploaded, personal data encrypted.
        await demo.App.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            var template = await db.ApplicationTemplates.SingleAsync(t => t.Key == TradeCreditTemplate.Key);
            var applications = await db.Applications.AsNoTracking().Where(a => a.Kind == ApplicationKind.New).ToListAsync();
            Assert.All(applications, a =>
            {
                Assert.Equal(template.Id, a.TemplateId);
                Assert.NotNull(a.SignedAtUtc);
                Assert.NotNull(a.ConsentSha256);
                Assert.NotNull(a.ProtectedAnswers);
                using var answers = JsonDocument.Parse(a.AnswersJson);
                Assert.Equal(3, answers.RootElement.GetProperty("tradeReferences").GetArrayLength());
                Assert.False(answers.RootElement.TryGetProperty("owners", out _), "owners are personal data");
                Assert.NotNull(a.LatestDecisionId);
            });
            var ids = applications.Select(a => a.Id).ToList();
            Assert.Equal(8, await db.ApplicationDocuments.Where(d => ids.Contains(d.ApplicationId) && d.FieldKey == "financialStatements").CountAsync());
            Assert.False(await db.ApplicationTemplates.AnyAsync(t => t.Key == "demo-trade-credit"));
            return 0;
        });
    }

    [Fact]
    public async Task Two_existing_customers_are_reviewed_with_their_payment_history_for_the_backtest()
    {
        var decisions = await demo.App.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            var reviews = await db.Applications.AsNoTracking().Where(a => a.Kind == ApplicationKind.Review).Select(a => a.LatestDecisionId!.Value).ToListAsync();
            return await db.PolicyDecisions.AsNoTracking().Where(d => reviews.Contains(d.Id)).ToListAsync();
        });
        var signals = await demo.App.InScope(sp => sp.GetRequiredService<CreditDb>().ApplicationAssessments.AsNoTracking().ToDictionaryAsync(x => x.DecisionId, x => x.FraudSignalsJson));
        Assert.Equal(2, decisions.Count);
        Assert.All(decisions, d =>
        {
            Assert.NotNull(d.CustomerId);
            Assert.Contains("\"isExistingCustomer\":true", d.FactsJson, StringComparison.Ordinal);
            Assert.Contains("\"paydex\":", d.FactsJson, StringComparison.Ordinal);

            // The first customers belong to the national grocery chain: sharing its email domain with sister companies is no fraud signal.
            Assert.True(d.FactsJson.Contains("\"fraudSharedIdentifier\":false", StringComparison.Ordinal), d.FactsJson + signals[d.Id]);
        });
    }

    [Fact]
    public async Task Loading_again_adds_nothing()
    {
        var before = await demo.App.InScope(sp => sp.GetRequiredService<CreditDb>().Applications.CountAsync());
        Assert.Equal(0, await DemoApplications.LoadAsync(demo.App.Services, CancellationToken.None));
        Assert.Equal(before, await demo.App.InScope(sp => sp.GetRequiredService<CreditDb>().Applications.CountAsync()));
    }
}
