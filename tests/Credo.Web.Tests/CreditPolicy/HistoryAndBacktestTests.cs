using System.Net.Http.Json;
using Credo.Domain.Policy;
using Credo.Web.Data;
using Credo.Web.Features.CreditPolicy;
using Credo.Web.Features.Evidence;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.CreditPolicy;

/// <summary>Internal-history facts from the ledger, and the backtest over stored applications and the book.</summary>
public sealed class HistoryAndBacktestTests(CredoApp app) : IClassFixture<CredoApp>
{
    private DateOnly Today => app.Today; // the app's clock (issue 12 §6)

    private string Day(int daysAgo) => Today.AddDays(-daysAgo).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Two invoices paid 60 days ago (1,000 ten days late, 3,000 on time), one of 500 overdue and disputed, a payment
    /// of 200 on it that bounced, and a 10,000 limit.
    /// </summary>
    private async Task<(string Number, long Id)> CustomerWithHistory()
    {
        var client = await app.ClientAs("Admin");
        var number = Http.Unique("HIST");
        await client.CreateCustomer(number);
        await client.Invoice(number, number + "-A", 1000m, Day(100), Day(70));
        await client.Invoice(number, number + "-B", 3000m, Day(90), Day(60));
        await client.Invoice(number, number + "-C", 500m, Day(50), Day(20));
        await client.Payment(number, number + "-P1", 1000m, receivedOn: Day(60));
        await client.Payment(number, number + "-P2", 3000m, receivedOn: Day(60));
        await client.Payment(number, number + "-P3", 200m, receivedOn: Day(10));
        var bounce = await client.PostJson($"/api/payments/{number}-P3/reversal", new { reason = "Returned by the bank", on = Day(5) });
        Assert.True(bounce.IsSuccessStatusCode, await bounce.Content.ReadAsStringAsync());
        var dispute = await client.PostJson($"/api/invoices/{number}-C/disputes", new { reason = "Damaged goods" });
        Assert.True(dispute.IsSuccessStatusCode, await dispute.Content.ReadAsStringAsync());
        var line = await client.PutAsJsonAsync($"/api/credit-lines/customer/{number}", new { limit = 10000m, currency = "USD", reason = "Opening limit" }, CredoApp.Json);
        Assert.True(line.IsSuccessStatusCode, await line.Content.ReadAsStringAsync());
        var id = await app.InScope(sp => Task.FromResult(sp.GetRequiredService<CreditDb>().Customers.Single(c => c.Number == number).Id));
        return (number, id);
    }

    [Fact]
    public async Task Internal_history_turns_the_ledger_into_payment_facts()
    {
        var (_, id) = await CustomerWithHistory();
        var facts = await app.InScope(sp => sp.GetRequiredService<InternalHistory>().ForCustomerAsync(id, Today, CancellationToken.None));
        Assert.NotNull(facts);

        // Weighted days beyond terms (1000×10 + 3000×0) / 4000 = 2.5; 80 + 2.5 × (59 − 80) / 23 = 77.72.
        Assert.Equal(77.72m, facts.Number("paydex"));
        Assert.Equal(10m, facts.Number("averageDaysDelinquent"));
        Assert.Equal(500m, facts.Number("overdueAmount"));
        Assert.Equal(1m, facts.Number("openDisputes"));
        Assert.Equal(1m, facts.Number("returnedPayments"));
        Assert.Equal(0.05m, facts.Number("utilisation"));
        Assert.Equal(3m, facts.Number("monthsAsCustomer"));
        Assert.True(facts.Flag("isExistingCustomer"));
    }

    [Fact]
    public async Task A_new_customer_has_no_payment_score_rather_than_a_zero()
    {
        var client = await app.ClientAs("Admin");
        var number = Http.Unique("NEW");
        await client.CreateCustomer(number);
        var id = await app.InScope(sp => Task.FromResult(sp.GetRequiredService<CreditDb>().Customers.Single(c => c.Number == number).Id));
        var facts = await app.InScope(sp => sp.GetRequiredService<InternalHistory>().ForCustomerAsync(id, Today, CancellationToken.None));
        Assert.False(facts!.Has("paydex"));
        Assert.False(facts.Has("averageDaysDelinquent"));
        Assert.False(facts.Has("utilisation"));
        Assert.False(facts.Has("monthsAsCustomer"));
        Assert.Equal(0m, facts.Number("overdueAmount"));
    }

    [Fact]
    public async Task A_backtest_reports_the_rates_totals_and_the_applications_and_customers_that_move()
    {
        var (customerNumber, _) = await CustomerWithHistory();
        var french = new[] { await app.NewApplication(), await app.NewApplication() };
        foreach (var a in french)
        {
            await app.Decide(a, PolicyDriver.GoodApplicant().With("country", "FR"));
        }

        await app.Decide(await app.NewApplication(), PolicyDriver.GoodApplicant().With("country", "DE"));

        var manager = await app.ClientAs("CreditManager");
        var draft = PolicyJson.Write(DefaultPolicy.Definition with
        {
            Rules =
            [
                .. DefaultPolicy.Definition.Rules,
                new PolicyRule("Not in France", [new Condition.Compare("country", Comparison.EqualTo, new FactValue.Text("FR"))], new RuleOutcome.Decline("country", "Not in France.")),
                new PolicyRule("Overdue existing customer", [new Condition.Compare("isExistingCustomer", Comparison.EqualTo, new FactValue.Flag(true)), new Condition.Compare("overdueAmount", Comparison.GreaterThan, new FactValue.Number(0))], new RuleOutcome.Decline("overdue", "Overdue.")),
            ],
        });
        var number = (await manager.CreateDraft(draft)).GetProperty("number").GetInt32();
        var response = await (await app.ClientAs("CreditAnalyst")).PostJson($"/api/policies/{number}/backtest", new { maxMovers = 50 });
        var report = await response.Json();
        Assert.True(response.IsSuccessStatusCode, report.ToString());

        var applications = report.GetProperty("applications");
        Assert.Equal(1, report.GetProperty("baselineNumber").GetInt32());
        Assert.Equal(3, applications.GetProperty("baseline").GetProperty("approved").GetInt32());
        Assert.Equal(1, applications.GetProperty("draft").GetProperty("approved").GetInt32());
        Assert.Equal(2, applications.GetProperty("draft").GetProperty("declined").GetInt32());
        Assert.Equal(0.3333m, applications.GetProperty("draft").Dec("approvalRate"));
        Assert.Equal(120000m, applications.GetProperty("baseline").GetProperty("limitsGranted").EnumerateArray().Single().Dec("value"));
        Assert.Equal(40000m, applications.GetProperty("draft").GetProperty("limitsGranted").EnumerateArray().Single().Dec("value"));
        Assert.Equal(2, applications.GetProperty("moverCount").GetInt32());
        var movers = applications.GetProperty("movers").EnumerateArray().ToList();
        Assert.Equal(french.Select(a => a.Reference).Order(), movers.Select(m => m.Str("reference")).Order());
        Assert.All(movers, m => Assert.Equal(("approve", "decline"), (m.Str("baselineOutcome"), m.Str("draftOutcome"))));

        var book = report.GetProperty("book");
        var customer = book.GetProperty("movers").EnumerateArray().Single(m => m.Str("reference") == customerNumber);
        Assert.Equal(("refer", "decline"), (customer.Str("baselineOutcome"), customer.Str("draftOutcome")));
        Assert.Equal(0, book.GetProperty("baseline").GetProperty("declined").GetInt32());
    }
}
