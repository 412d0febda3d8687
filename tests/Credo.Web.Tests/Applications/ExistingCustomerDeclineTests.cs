using Credo.Domain.Credit;
using Credo.Web.Data;
using Credo.Web.Features.Applications;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Applications;

/// <summary>
/// Issue 12 §4: "Start review" on a prompt payer declined it within a second on a tax-id format check and emailed a
/// rejection, leaving its limit and review date as they were. An existing customer is referred to a person first.
/// </summary>
public sealed class ExistingCustomerDeclineTests(WorkflowApp app) : IClassFixture<WorkflowApp>
{
    [Theory]
    [InlineData("Review")]
    [InlineData("LimitIncrease")]
    public async Task A_policy_decline_of_an_existing_customer_is_referred_to_a_person_and_nothing_changes(string kind)
    {
        var email = Http.Unique("payer") + "@kunde.example";
        var number = Http.Unique("CUS");
        var reviewOn = new DateOnly(2026, 12, 1);
        var manager = await app.ClientAs("CreditManager", "max");
        (await manager.PostJson("/api/customers", new { number, legalName = "Prompt " + number, currency = "EUR", terms = "NET30", email, taxId = "not a vat number" })).EnsureSuccessStatusCode();
        (await manager.PutAsync($"/api/credit-lines/customer/{number}", System.Net.Http.Json.JsonContent.Create(new { limit = 10_000m, currency = "EUR", reviewOn, reason = "opening" }))).EnsureSuccessStatusCode();
        app.Scripts.Script(email, DecisionOutcome.Decline, reasons: ["The tax id is not a valid VAT number."]);

        var analyst = await app.ClientAs("CreditAnalyst", "ana");
        var opened = await (await analyst.PostJson("/api/applications/customer-requests", new { customerNumber = number, kind, requestedLimit = kind == "LimitIncrease" ? 20_000m : (decimal?)null })).Json();

        Assert.Equal("Referred", opened.GetProperty("status").GetString());
        Assert.Contains("a person decides before any decline", opened.GetProperty("events").EnumerateArray().Last().GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Empty(await app.EmailsTo(email));
        var line = await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            var id = await db.Customers.Where(c => c.Number == number).Select(c => c.Id).SingleAsync();
            return await db.CreditLines.AsNoTracking().SingleAsync(l => l.Level == LimitLevel.Customer && l.SubjectId == id);
        });
        Assert.Equal(10_000_00, line.LimitMinor);
        Assert.Equal(reviewOn, line.ReviewOn);
    }
}
