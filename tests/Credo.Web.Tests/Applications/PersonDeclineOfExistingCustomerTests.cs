using System.Net.Http.Json;
using System.Text.Json;
using Credo.Domain.Credit;
using Credo.Web.Data;
using Credo.Web.Features.Applications;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Applications;

/// <summary>
/// Issue 12 §4: a person's decline of an existing customer's review or limit increase emailed a rejection as if to a
/// new applicant (with a human-review link) and left the limit and review date as they were, so the application said
/// "declined" while the customer's records said nothing had happened. The outcome is "limit unchanged": the customer
/// keeps its limit, its next review is set by the schedule (medium risk: 6 months), the line change is audited with
/// before and after, integrators get an event, and no email goes to the customer.
/// </summary>
public sealed class PersonDeclineOfExistingCustomerTests(WorkflowApp app) : IClassFixture<WorkflowApp>
{
    private static readonly DateOnly OldReview = new(2026, 12, 1);

    [Theory]
    [InlineData("Review", "decline")]
    [InlineData("LimitIncrease", "decline")]
    [InlineData("Review", "override")]
    public async Task The_customer_keeps_its_limit_gets_its_next_review_and_no_rejection_email(string kind, string how)
    {
        var (number, email, reference) = await Referred(kind);
        var person = await app.ClientAs(how == "override" ? "CreditManager" : "CreditAnalyst", "dana");

        var response = how == "override"
            ? await person.PostJson($"/api/applications/{reference}/override", new { outcome = "decline", reason = "Payment behaviour worsened", reasons = new[] { "Paid late twice this quarter." } })
            : await person.PostJson($"/api/applications/{reference}/decline", new { reasons = new[] { "Paid late twice this quarter." } });
        var declined = await response.EnsureSuccessStatusCode().Json();

        var nextReview = DateOnly.FromDateTime(app.Now.UtcDateTime).AddMonths(6);
        Assert.Equal("Declined", declined.GetProperty("status").GetString());
        var said = declined.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("text").GetString()).ToList();
        Assert.Contains(said, t => t!.Contains("limit unchanged at 10,000.00 EUR", StringComparison.Ordinal) && t.Contains($"next review {nextReview:yyyy-MM-dd}", StringComparison.Ordinal) && t.Contains("Paid late twice this quarter.", StringComparison.Ordinal));
        Assert.Empty(await app.EmailsTo(email));

        var (line, audit, events) = await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            var id = await db.Customers.Where(c => c.Number == number).Select(c => c.Id).SingleAsync();
            var l = await db.CreditLines.AsNoTracking().SingleAsync(x => x.Level == LimitLevel.Customer && x.SubjectId == id);
            var rows = await db.Audit.AsNoTracking().Where(a => a.Entity == "CreditLine" && a.EntityId == l.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).OrderBy(a => a.Id).ToListAsync();
            var published = await db.Outbox.AsNoTracking().Where(m => m.Topic == CustomerRequestDeclined.Topic.Name).Select(m => m.PayloadJson).ToListAsync();
            return (l, rows.Last(), published);
        });
        Assert.Equal((10_000_00L, nextReview), (line.LimitMinor!.Value, line.ReviewOn!.Value));
        Assert.Contains(OldReview.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), audit.BeforeJson, StringComparison.Ordinal);
        Assert.Contains(nextReview.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), audit.AfterJson, StringComparison.Ordinal);
        Assert.DoesNotContain("LimitMinor", audit.AfterJson, StringComparison.Ordinal); // the limit did not move
        Assert.Contains("dana", audit.Actor, StringComparison.Ordinal);

        var published = JsonDocument.Parse(Assert.Single(events, e => e.Contains(reference, StringComparison.Ordinal))).RootElement;
        Assert.Equal((number, kind, 10_000_00L, "EUR", nextReview.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), (
            published.GetProperty("customerNumber").GetString(), published.GetProperty("kind").GetString(), published.GetProperty("limitMinor").GetInt64(),
            published.GetProperty("currency").GetString(), published.GetProperty("nextReviewOn").GetString()));
    }

    [Fact]
    public async Task A_new_applicants_decline_is_still_emailed_with_the_human_review_link()
    {
        var email = Http.Unique("new") + "@kunde.example";
        app.Scripts.Script(email, DecisionOutcome.Refer, limitMinor: 5_000_00, riskClass: "medium", reasons: ["thin file"]);
        var reference = await app.Submit(email);
        var analyst = await app.ClientAs("CreditAnalyst", "dana");

        (await analyst.PostJson($"/api/applications/{reference}/decline", new { reasons = new[] { "Too little trading history." } })).EnsureSuccessStatusCode();

        var sent = Assert.Single(await app.EmailsTo(email));
        Assert.Contains("human-review", sent.TextBody, StringComparison.Ordinal);
    }

    /// <summary>A customer with a EUR 10,000 line due for review on 2026-12-01, whose review the policy would decline (so it is referred).</summary>
    private async Task<(string Number, string Email, string Reference)> Referred(string kind)
    {
        var email = Http.Unique("payer") + "@kunde.example";
        var number = Http.Unique("CUS");
        var manager = await app.ClientAs("CreditManager", "max");
        (await manager.PostJson("/api/customers", new { number, legalName = "Prompt " + number, currency = "EUR", terms = "NET30", email })).EnsureSuccessStatusCode();
        (await manager.PutAsync($"/api/credit-lines/customer/{number}", JsonContent.Create(new { limit = 10_000m, currency = "EUR", reviewOn = OldReview, reason = "opening" }))).EnsureSuccessStatusCode();
        app.Scripts.Script(email, DecisionOutcome.Decline, riskClass: "medium", reasons: ["Paid late twice this quarter."]);
        var analyst = await app.ClientAs("CreditAnalyst", "ana");
        var opened = await (await analyst.PostJson("/api/applications/customer-requests", new { customerNumber = number, kind, requestedLimit = kind == "LimitIncrease" ? 20_000m : (decimal?)null })).Json();
        Assert.Equal("Referred", opened.GetProperty("status").GetString());
        return (number, email, opened.GetProperty("reference").GetString()!);
    }
}
