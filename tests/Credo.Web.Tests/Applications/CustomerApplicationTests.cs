using Credo.Domain.Credit;
using Credo.Web.Data;
using Credo.Web.Features.Applications;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Applications;

/// <summary>Existing customers: limit increases and periodic reviews through the same path, and the reviews-due queue.</summary>
public sealed class CustomerApplicationTests(WorkflowApp app) : IClassFixture<WorkflowApp>
{
    private async Task<string> CustomerWithLine(decimal limit, DateOnly? reviewOn, string? email)
    {
        var number = Http.Unique("CUS");
        var manager = await app.ClientAs("CreditManager", "max");
        var created = await manager.PostJson("/api/customers", new { number, legalName = "Kunde " + number, currency = "EUR", terms = "NET30", email });
        created.EnsureSuccessStatusCode();
        var set = await manager.PutAsync($"/api/credit-lines/customer/{number}", System.Net.Http.Json.JsonContent.Create(new { limit, currency = "EUR", reviewOn, reason = "opening" }));
        set.EnsureSuccessStatusCode();
        return number;
    }

    [Fact]
    public async Task A_limit_increase_goes_through_the_policy_and_raises_the_existing_line()
    {
        var email = Http.Unique("buyer") + "@kunde.example";
        var number = await CustomerWithLine(10_000m, null, email);
        var analyst = await app.ClientAs("CreditAnalyst", "ana");
        app.Scripts.Script(email, DecisionOutcome.Approve, limitMinor: 25_000_00, terms: "NET45", riskClass: "medium");

        await (await analyst.PostJson("/api/applications/customer-requests", new { customerNumber = number, kind = "LimitIncrease", requestedLimit = 5_000m })).AssertProblem(400, "validation", "requestedLimit");
        await (await analyst.PostJson("/api/applications/customer-requests", new { customerNumber = number, kind = "New" })).AssertProblem(400, "validation", "kind");
        await (await analyst.PostJson("/api/applications/customer-requests", new { customerNumber = "nope", kind = "Review" })).AssertProblem(404, "not-found");

        var response = await analyst.PostJson("/api/applications/customer-requests", new { customerNumber = number, kind = "LimitIncrease", requestedLimit = 25_000m, note = "Seasonal stock" });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var application = await response.Json();
        Assert.Equal(("LimitIncrease", "Approved", number), (application.GetProperty("kind").GetString(), application.GetProperty("status").GetString(), application.GetProperty("customerNumber").GetString()));

        var line = await (await analyst.GetAsync($"/api/credit-lines/customer/{number}")).Json();
        Assert.Equal(25_000m, line.GetProperty("limit").GetDecimal());
        Assert.Equal(10_000m, line.GetProperty("history")[0].GetProperty("oldLimit").GetDecimal());
        var customers = await app.InScope(sp => sp.GetRequiredService<CreditDb>().Customers.Where(c => c.Email == email).Select(c => c.TermsCode).ToListAsync());
        Assert.Equal(["NET45"], customers);
        Assert.Equal("application-approved", (await app.EmailsTo(email)).Single().Tag);
    }

    [Fact]
    public async Task Reviews_due_lists_lines_whose_review_date_has_come_and_a_review_is_opened_from_it_once()
    {
        var today = await app.InScope(sp => Task.FromResult(sp.GetRequiredService<CreditDb>().Today()));
        var email = Http.Unique("buyer") + "@kunde.example";
        var overdue = await CustomerWithLine(8_000m, today.AddDays(-3), email);
        var later = await CustomerWithLine(8_000m, today.AddDays(20), null);
        var viewer = await app.ClientAs("Viewer");

        var due = (await (await viewer.GetAsync("/api/applications/reviews-due")).Json()).EnumerateArray().ToList();
        var row = Assert.Single(due, r => r.GetProperty("customerNumber").GetString() == overdue);
        Assert.Equal((3, 8_000m), (row.GetProperty("daysOverdue").GetInt32(), row.GetProperty("limit").GetDecimal()));
        Assert.DoesNotContain(due, r => r.GetProperty("customerNumber").GetString() == later);
        Assert.Contains((await (await viewer.GetAsync("/api/applications/reviews-due?withinDays=30")).Json()).EnumerateArray(), r => r.GetProperty("customerNumber").GetString() == later);

        var analyst = await app.ClientAs("CreditAnalyst", "ana");
        app.Scripts.Script(email, DecisionOutcome.Refer, limitMinor: 8_000_00, riskClass: "high", reasons: ["payment trend worsening"]);
        var opened = await (await analyst.PostJson("/api/applications/customer-requests", new { customerNumber = overdue, kind = "Review" })).Json();
        var reference = opened.GetProperty("reference").GetString()!;
        Assert.StartsWith("REV-", reference, StringComparison.Ordinal);
        Assert.Equal("Referred", opened.GetProperty("status").GetString());
        Assert.Equal(8_000m, opened.GetProperty("requestedLimit").GetDecimal());
        await (await analyst.PostJson("/api/applications/customer-requests", new { customerNumber = overdue, kind = "Review" })).AssertProblem(409, "application-open", "customerNumber");

        row = (await (await viewer.GetAsync("/api/applications/reviews-due")).Json()).EnumerateArray().Single(r => r.GetProperty("customerNumber").GetString() == overdue);
        Assert.Equal(reference, row.GetProperty("openApplication").GetString());

        // Approving the review moves the review date on by the risk class (high: quarterly).
        (await analyst.PostJson($"/api/applications/{reference}/approval", new { limit = 8_000m })).EnsureSuccessStatusCode();
        var reviewOn = await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            var id = await db.Customers.Where(c => c.Number == overdue).Select(c => c.Id).SingleAsync();
            return await db.CreditLines.Where(l => l.Level == LimitLevel.Customer && l.SubjectId == id).Select(l => l.ReviewOn).SingleAsync();
        });
        Assert.Equal(today.AddMonths(3), reviewOn);
        Assert.DoesNotContain((await (await viewer.GetAsync("/api/applications/reviews-due")).Json()).EnumerateArray(), r => r.GetProperty("customerNumber").GetString() == overdue);
    }

    [Fact]
    public async Task An_automatic_approval_whose_effects_are_refused_is_referred_with_nothing_applied()
    {
        var email = Http.Unique("buyer") + "@kunde.example";
        var number = await CustomerWithLine(10_000m, null, email);
        var analyst = await app.ClientAs("CreditAnalyst", "ana");
        app.Scripts.Script(email, DecisionOutcome.Approve, limitMinor: 20_000_00, terms: "NET60", currency: "USD");

        var opened = await (await analyst.PostJson("/api/applications/customer-requests", new { customerNumber = number, kind = "LimitIncrease", requestedLimit = 20_000m })).Json();

        Assert.Equal("Referred", opened.GetProperty("status").GetString());
        Assert.Contains("kept in EUR", opened.GetProperty("events").EnumerateArray().Last().GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("Approve", opened.GetProperty("latestAssessment").GetProperty("outcome").GetString());
        var line = await (await analyst.GetAsync($"/api/credit-lines/customer/{number}")).Json();
        Assert.Equal(10_000m, line.GetProperty("limit").GetDecimal());
        Assert.Empty(await app.EmailsTo(email));
        Assert.Equal(0, opened.GetProperty("approvals").GetArrayLength());
        var terms = await app.InScope(sp => sp.GetRequiredService<CreditDb>().Customers.Where(c => c.Number == number).Select(c => c.TermsCode).SingleAsync());
        Assert.Equal("NET30", terms);
    }

    [Fact]
    public async Task A_customer_without_an_email_needs_one_for_the_outcome()
    {
        var number = await CustomerWithLine(1_000m, null, null);
        var analyst = await app.ClientAs("CreditAnalyst", "ana");
        await (await analyst.PostJson("/api/applications/customer-requests", new { customerNumber = number, kind = "Review" })).AssertProblem(400, "validation", "applicantEmail");
    }
}
