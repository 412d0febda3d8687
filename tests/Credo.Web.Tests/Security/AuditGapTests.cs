using System.Net.Http.Json;
using Credo.Web.Data;
using Credo.Web.Tests.Credit;
using Credo.Web.Tests.CreditPolicy;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Security;

/// <summary>Changes of credit-relevant data that left no audit row (issue 12 §2): who, when, before and after.</summary>
public sealed class AuditGapTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task Changing_a_block_rule_is_audited_with_actor_before_and_after()
    {
        var manager = await app.ClientAs("CreditManager");
        var code = "overdue-" + Guid.NewGuid().ToString("N")[..6];
        Assert.True((await manager.PutAsJsonAsync($"/api/credit-block-rules/{code}", new { kind = "Overdue", enabled = true, threshold = 100m, currency = "USD", days = 30 }, CredoApp.Json)).IsSuccessStatusCode);
        Assert.True((await manager.PutAsJsonAsync($"/api/credit-block-rules/{code}", new { kind = "Overdue", enabled = true, threshold = 500m, currency = "USD", days = 45 }, CredoApp.Json)).IsSuccessStatusCode);

        var rows = await Audit("CreditBlockRule");
        var change = rows.Last(r => r.Action == "Modified" && (r.AfterJson ?? "").Contains("45", StringComparison.Ordinal));
        Assert.StartsWith("apikey:", change.Actor, StringComparison.Ordinal);
        Assert.Contains("30", change.BeforeJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Voiding_a_reservation_records_who_did_it_and_the_states_before_and_after()
    {
        var analyst = await app.ClientAs("CreditAnalyst");
        var customer = Http.Unique("C");
        await analyst.CreateCustomer(customer);
        await (await app.ClientAs("CreditManager")).SetLimit("customer", customer, 1_000m);
        var order = Http.Unique("O");
        await analyst.CheckOk(customer, order, 100m);
        Assert.True((await analyst.PostJson($"/api/credit-checks/{order}/void", new { reason = "order cancelled" })).IsSuccessStatusCode);

        var row = (await Audit("CreditReservation")).Single(r => r.EntityId == order);
        Assert.Equal("voided", row.Action);
        Assert.StartsWith("apikey:", row.Actor, StringComparison.Ordinal);
        Assert.Contains("active", row.BeforeJson, StringComparison.Ordinal);
        Assert.Contains("order cancelled", row.AfterJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_a_limit_and_a_temporary_increase_is_audited_with_actor_before_and_after()
    {
        var manager = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await (await app.ClientAs("CreditAnalyst")).CreateCustomer(customer);
        await manager.SetLimit("customer", customer, 1_000m);
        await manager.SetLimit("customer", customer, 2_500m, temporaryIncrease: 400m, temporaryIncreaseExpiresOn: new DateOnly(2199, 1, 31));

        var change = (await Audit("CreditLine")).Last(r => r.Action == "Modified" && (r.AfterJson ?? "").Contains("250000", StringComparison.Ordinal));
        Assert.StartsWith("apikey:", change.Actor, StringComparison.Ordinal);
        Assert.Contains("100000", change.BeforeJson, StringComparison.Ordinal);
        Assert.Contains("40000", change.AfterJson, StringComparison.Ordinal);
        Assert.Contains("2199-01-31", change.AfterJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Order_exposure_moving_a_credit_line_cache_writes_no_audit_row()
    {
        var manager = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await (await app.ClientAs("CreditAnalyst")).CreateCustomer(customer);
        await manager.SetLimit("customer", customer, 1_000m);
        var before = (await Audit("CreditLine")).Count;
        await manager.CheckOk(customer, Http.Unique("O"), 100m);
        Assert.Equal(before, (await Audit("CreditLine")).Count);
    }

    [Fact]
    public async Task Publishing_a_policy_is_audited_with_actor_and_the_status_before_and_after()
    {
        var manager = await app.ClientAs("CreditManager");
        var number = (await manager.CreateDraft(name: "Audited draft")).GetProperty("number").GetInt32();
        var published = await manager.PostAsync($"/api/policies/{number}/publication", null);
        Assert.True(published.IsSuccessStatusCode, await published.Content.ReadAsStringAsync());

        var change = (await Audit("PolicyVersion")).Last(r => r.Action == "Modified" && (r.AfterJson ?? "").Contains("Published", StringComparison.Ordinal));
        Assert.StartsWith("apikey:", change.Actor, StringComparison.Ordinal);
        Assert.Contains("Draft", change.BeforeJson, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("release", "active")]
    [InlineData("rejection", "rejected")]
    public async Task A_hold_decision_is_audited_with_who_decided_and_why(string action, string state)
    {
        var manager = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await (await app.ClientAs("CreditAnalyst")).CreateCustomer(customer);
        await manager.SetLimit("customer", customer, 100m);
        var order = Http.Unique("O");
        Assert.Equal("held", (await manager.CheckOk(customer, order, 150m)).GetProperty("outcome").GetString());
        var decided = await manager.PostJson($"/api/credit-checks/{order}/{action}", new { reason = "the CFO said so", @override = true });
        Assert.True(decided.IsSuccessStatusCode, await decided.Content.ReadAsStringAsync());

        var row = (await Audit("CreditReservation")).Single(r => r.EntityId == order);
        Assert.Equal(state, row.Action);
        Assert.StartsWith("apikey:", row.Actor, StringComparison.Ordinal);
        Assert.Contains("held", row.BeforeJson, StringComparison.Ordinal);
        Assert.Contains("the CFO said so", row.AfterJson, StringComparison.Ordinal);
    }

    private Task<List<AuditEntry>> Audit(string entity) =>
        app.InScope(sp => sp.GetRequiredService<CreditDb>().Audit.AsNoTracking().Where(a => a.Entity == entity).OrderBy(a => a.Id).ToListAsync());
}
