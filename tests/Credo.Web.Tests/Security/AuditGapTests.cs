using System.Net.Http.Json;
using Credo.Web.Data;
using Credo.Web.Tests.Credit;
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

    private Task<List<AuditEntry>> Audit(string entity) =>
        app.InScope(sp => sp.GetRequiredService<CreditDb>().Audit.AsNoTracking().Where(a => a.Entity == entity).OrderBy(a => a.Id).ToListAsync());
}
