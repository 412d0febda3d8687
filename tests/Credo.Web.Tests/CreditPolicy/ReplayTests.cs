using Credo.Domain.Policy;
using Credo.Web.Data;
using Credo.Web.Features.CreditPolicy;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.CreditPolicy;

/// <summary>Replaying stored decisions reproduces them exactly; a tampered snapshot is reported.</summary>
public sealed class ReplayTests(CredoApp app) : IClassFixture<CredoApp>
{
    private static readonly string[] Currencies = ["USD", "EUR", "GBP", "JPY", "CHF"];

    [Fact]
    public async Task A_thousand_varied_decisions_under_two_versions_replay_with_no_difference()
    {
        var manager = await app.ClientAs("CreditManager");
        var (from, _) = await Store(500, seed: 1);
        await manager.Publish(PolicyJson.Write(DefaultPolicy.Definition with
        {
            FourEyesAbove = [Credo.Domain.Amounts.Money.Usd(10_000_00)],
            ReviewMonths = new Dictionary<string, int> { ["high"] = 1, ["medium"] = 4, ["low"] = 9 },
            Rules = [.. DefaultPolicy.Definition.Rules, new PolicyRule("Small and young", [new Condition.Compare("yearsInBusiness", Comparison.LessThan, new FactValue.Number(3)), new Condition.Compare("requestedLimit", Comparison.AtMost, new FactValue.Number(5000))], new RuleOutcome.Approve(LimitBasis.LeastOf, 2500m, "NET15", null))],
        }));
        var (_, to) = await Store(500, seed: 2);

        var outcomes = await app.InScope(sp => sp.GetRequiredService<CreditDb>().PolicyDecisions.Where(d => d.Id >= from && d.Id <= to)
            .GroupBy(d => new { d.Outcome, d.PolicyVersionNumber }).Select(g => g.Key).ToListAsync());
        Assert.True(outcomes.Select(o => o.Outcome).Distinct().Count() == 3, "the sample should hold approvals, referrals and declines");
        Assert.Equal(2, outcomes.Select(o => o.PolicyVersionNumber).Distinct().Count());

        var report = await (await app.ClientAs("CreditAnalyst")).Replay(from, to);
        Assert.Equal(1000, report.GetProperty("checked").GetInt32());
        Assert.Equal(0, report.GetProperty("differenceCount").GetInt32());
    }

    /// <summary>Stores decisions through the decider with varied facts: some missing, several currencies, all outcomes.</summary>
    private async Task<(long From, long To)> Store(int count, int seed)
    {
        var random = new Random(seed);
        var ids = new List<long>();
        for (var i = 0; i < count; i += 100)
        {
            ids.AddRange(await app.InScope(async sp =>
            {
                var decider = sp.GetRequiredService<DecideCredit>();
                var db = sp.GetRequiredService<CreditDb>();
                var records = new List<PolicyDecisionRecord>();
                for (var j = 0; j < 100; j++)
                {
                    records.Add(await decider.Evaluate(null, null, Currencies[random.Next(Currencies.Length)], RandomFacts(random), CancellationToken.None));
                }

                db.PolicyDecisions.AddRange(records);
                await db.SaveChangesAsync();
                return records.Select(r => r.Id).ToList();
            }));
        }

        return (ids.Min(), ids.Max());
    }

    public static FactSet RandomFacts(Random random)
    {
        var facts = PolicyDriver.GoodApplicant();
        foreach (var name in facts.Values.Keys.ToList())
        {
            if (random.Next(12) == 0)
            {
                facts = facts.With(name, (FactValue?)null);
            }
        }

        decimal? Maybe(decimal value) => random.Next(10) == 0 ? null : value;
        return facts
            .With("requestedLimit", Maybe(random.Next(1, 200) * 500m))
            .With("yearsInBusiness", Maybe(random.Next(0, 30)))
            .With("bureauScore", Maybe(random.Next(0, 101)))
            .With("bureauBankruptcy", (bool?)(random.Next(25) == 0))
            .With("bureauJudgments", Maybe(random.Next(8) == 0 ? random.Next(1, 4) : 0))
            .With("altmanZ", Maybe(random.Next(-50, 500) / 100m))
            .With("altmanZone", new[] { "safe", "grey", "distress" }[random.Next(3)])
            .With("annualRevenue", Maybe(random.Next(10, 5000) * 1000m))
            .With("netWorth", Maybe(random.Next(-100, 2000) * 1000m))
            .With("fraudSignalsRaised", Maybe(random.Next(6) == 0 ? 1 : 0))
            .With("paydex", random.Next(3) == 0 ? random.Next(20, 100) : null)
            .With("isExistingCustomer", (bool?)(random.Next(3) == 0));
    }
}

public sealed class ReplayTamperTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task A_tampered_facts_snapshot_is_reported_by_the_replay()
    {
        var first = await app.Decide(await app.NewApplication(), PolicyDriver.GoodApplicant());
        var second = await app.Decide(await app.NewApplication(), PolicyDriver.GoodApplicant());
        Assert.Equal(Credo.Web.Features.Applications.DecisionOutcome.Approve, first.Outcome);

        // Someone with database access bypasses the trigger and lowers the bureau score in the snapshot.
        await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            var off = app.IsPostgres ? "ALTER TABLE policy_decisions DISABLE TRIGGER policy_decisions_no_update" : "DROP TRIGGER policy_decisions_no_update";
            await db.Database.ExecuteSqlRawAsync(off);
            var json = await db.PolicyDecisions.Where(d => d.Id == first.DecisionId).Select(d => d.FactsJson).SingleAsync();
            var tampered = json.Replace("\"bureauScore\":82", "\"bureauScore\":12", StringComparison.Ordinal);
            Assert.NotEqual(json, tampered);
            await db.Database.ExecuteSqlAsync($"UPDATE policy_decisions SET \"FactsJson\" = {tampered} WHERE \"Id\" = {first.DecisionId}");
            return 0;
        });

        var report = await (await app.ClientAs("CreditManager")).Replay(first.DecisionId, second.DecisionId);
        Assert.Equal(2, report.GetProperty("checked").GetInt32());
        Assert.Equal(1, report.GetProperty("differenceCount").GetInt32());
        var difference = report.GetProperty("differences").EnumerateArray().Single();
        Assert.Equal(first.DecisionId, difference.GetProperty("decisionId").GetInt64());
        var fields = difference.GetProperty("fields").EnumerateArray().Select(f => f.GetString()).ToList();
        Assert.Contains("score", fields);
        Assert.Contains("scorecard", fields);
    }
}
