using Credo.Domain.Applications;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Credo.Domain.Bureau;
using Credo.Domain.Credit;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Features.Applications;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Credo.Web.Tests.ApplicationForms;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Pages;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Applications;

/// <summary>
/// The whole path with the real services and no fakes: an applicant fills the public default template over HTTP, the
/// workflow gathers evidence (local bureau, references, fraud checks) and the default policy seeded at start decides.
/// Tax ids are picked by what the deterministic local bureau answers for them, so every outcome is fixed.
/// </summary>
public sealed class EndToEndTests(CredoApp app) : IClassFixture<CredoApp>
{
    /// <summary>A new applicant with a clean bureau file is approved at once: customer, line, decision record, email; running again changes nothing.</summary>
    [Fact]
    public async Task A_new_applicant_with_a_clean_bureau_file_is_approved_automatically()
    {
        var taxId = TaxIdWhere(r => r.Score >= 50 && r.Judgments == 0 && r.Bankruptcy == false && r.SuggestedLimit!.Value.Minor >= 40_000_00);
        var (applicant, application) = await Submit("Lindqvist Provisions", taxId, requestedLimit: 40_000, revenue: 1_000_000);

        Assert.Equal(ApplicationStatus.Approved, application.Status);
        var (customer, line) = await CustomerAndLine(application.CustomerId!.Value);
        Assert.Equal(("Lindqvist Provisions Inc.", "USD", "NET30"), (customer.LegalName, customer.Currency, customer.TermsCode));
        var today = await Today();
        Assert.Equal((40_000_00L, "USD", today.AddMonths(6)), (line.LimitMinor!.Value, line.Currency, line.ReviewOn!.Value)); // medium risk: six months

        var decision = await Decision(application.LatestDecisionId!.Value);
        Assert.Equal(await PublishedPolicyVersion(), decision.GetProperty("policyVersion").GetInt32());
        Assert.Equal(("approve", "medium", 40_000m), (decision.GetProperty("outcome").GetString(), decision.GetProperty("riskClass").GetString(), decision.GetProperty("limit").GetProperty("value").GetDecimal()));
        Assert.Equal("USD", decision.GetProperty("limit").GetProperty("currency").GetString());
        var facts = decision.GetProperty("facts");
        Assert.Equal(LocalBureau(taxId).Score!.Value, facts.GetProperty("bureauScore").GetInt32());
        Assert.Equal((false, 12m, 0m, false), (facts.GetProperty("isExistingCustomer").GetBoolean(), facts.GetProperty("yearsInBusiness").GetDecimal(), facts.GetProperty("fraudSignalsRaised").GetDecimal(), facts.GetProperty("fraudTaxIdInvalid").GetBoolean()));
        Assert.Equal(1_000_000m, facts.GetProperty("annualRevenue").GetDecimal());
        Assert.Contains("Low or medium risk", Fired(decision));

        var mail = Assert.Single(await EmailsTo(applicant.Email), m => m.Tag is "application-approved" or "application-declined");
        Assert.Equal("application-approved", mail.Tag);
        Assert.Contains("40,000.00 USD", mail.TextBody, StringComparison.Ordinal);

        // The form (or a retry) calling the workflow again finds the work done.
        var before = (await Events(application.Id)).Count;
        await app.InScope(async sp => { await sp.GetRequiredService<IApplicationSubmitted>().OnSubmittedAsync(application.Id, CancellationToken.None); return 0; });
        var after = await applicant.Application();
        Assert.Equal((before, application.Version, application.LatestDecisionId), ((await Events(application.Id)).Count, after.Version, after.LatestDecisionId));
        Assert.Equal(1, await app.InScope(sp => sp.GetRequiredService<CreditDb>().Customers.CountAsync(c => c.LegalName == "Lindqvist Provisions Inc.")));
        Assert.Single(await EmailsTo(applicant.Email), m => m.Tag is "application-approved" or "application-declined");
    }

    /// <summary>Above the four-eyes amount the policy's approval goes to people: an analyst approves, then a manager.</summary>
    [Fact]
    public async Task A_large_request_is_referred_for_four_eyes_and_approved_by_an_analyst_and_a_manager()
    {
        var taxId = TaxIdWhere(r => r.Score >= 50 && r.Judgments == 0 && r.Bankruptcy == false && r.SuggestedLimit!.Value.Minor >= 80_000_00);
        var (applicant, application) = await Submit("Okonkwo Fine Foods", taxId, requestedLimit: 80_000, revenue: 2_000_000);

        Assert.Equal(ApplicationStatus.Referred, application.Status);
        Assert.Null(application.CustomerId);
        var decision = await Decision(application.LatestDecisionId!.Value);
        Assert.Equal(("approve", true), (decision.GetProperty("outcome").GetString(), decision.GetProperty("needsSecondApprover").GetBoolean()));
        Assert.Contains("four-eyes", (await Events(application.Id)).Last().Text, StringComparison.Ordinal);

        var analyst = await app.ClientAs(Roles.CreditAnalyst);
        var manager = await app.ClientAs(Roles.CreditManager);
        var queue = await (await analyst.GetAsync("/api/applications/?status=Referred")).Json();
        Assert.Contains(application.Reference, queue.ToString(), StringComparison.Ordinal);
        var first = await (await analyst.PostJson($"/api/applications/{application.Reference}/approval", new { limit = 80_000m, terms = "NET30" })).Json();
        Assert.Equal("Referred", first.GetProperty("status").GetString());
        var second = await (await manager.PostJson($"/api/applications/{application.Reference}/approval", new { limit = 80_000m, terms = "NET30" })).Json();
        Assert.Equal("Approved", second.GetProperty("status").GetString());

        var approved = await applicant.Application();
        var (_, line) = await CustomerAndLine(approved.CustomerId!.Value);
        Assert.Equal((80_000_00L, "USD"), (line.LimitMinor!.Value, line.Currency));
        Assert.NotNull(line.ReviewOn);
        Assert.Contains(await EmailsTo(applicant.Email), m => m.Tag == "application-approved");
    }

    /// <summary>Insolvency on the bureau file declines; the email gives the reason and a link that asks for a human review.</summary>
    [Fact]
    public async Task An_insolvent_applicant_is_declined_with_reasons_and_can_ask_for_a_human_review()
    {
        var (applicant, application) = await Submit("Barrow Street Liquors", "46-2051999", requestedLimit: 20_000, revenue: 600_000);

        Assert.Equal(ApplicationStatus.Declined, application.Status);
        Assert.Null(application.CustomerId);
        var decision = await Decision(application.LatestDecisionId!.Value);
        Assert.Equal("decline", decision.GetProperty("outcome").GetString());
        Assert.Contains("Insolvency on record", Fired(decision));
        Assert.True(decision.GetProperty("facts").GetProperty("bureauBankruptcy").GetBoolean());

        var mail = Assert.Single(await EmailsTo(applicant.Email), m => m.Tag is "application-approved" or "application-declined");
        Assert.Equal("application-declined", mail.Tag);
        Assert.Contains("A bankruptcy or insolvency filing is on record.", mail.TextBody, StringComparison.Ordinal);
        var token = ApplicationWorkflowTests.TokenFrom(mail.TextBody, application.Reference);

        var browser = new PageSession(PageSession.NewClient(app));
        var reviewUrl = $"/applications/{application.Reference}/human-review?token={Uri.EscapeDataString(token)}";
        Assert.Contains("Ask for a review", await browser.Client.GetStringAsync(reviewUrl), StringComparison.Ordinal);
        var asked = await browser.PostForm($"/applications/{application.Reference}/human-review", new() { ["token"] = token, ["comment"] = "The filing was dismissed in 2024." }, tokenFrom: reviewUrl);
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Equal(ApplicationStatus.Referred, (await applicant.Application()).Status);
        Assert.Contains("dismissed in 2024", (await Events(application.Id)).Last().Text, StringComparison.Ordinal);
    }

    /// <summary>An existing customer asks for more through the same path; its own payment history is among the decision's facts.</summary>
    [Fact]
    public async Task An_existing_customers_limit_increase_is_decided_with_its_payment_history()
    {
        var taxId = TaxIdWhere(r => r.Score >= 50 && r.Judgments == 0 && r.Bankruptcy == false && r.SuggestedLimit!.Value.Minor >= 60_000_00, skip: 7);
        var (_, application) = await Submit("Tamarind Cash and Carry", taxId, requestedLimit: 30_000, revenue: 1_500_000);
        Assert.Equal(ApplicationStatus.Approved, application.Status);
        var (customer, _) = await CustomerAndLine(application.CustomerId!.Value);

        // Two invoices paid on their due dates: a PAYDEX of 80.
        var today = await Today();
        var receivables = await app.ClientAs(Roles.Admin);
        foreach (var (i, months) in new[] { (1, 3), (2, 2) })
        {
            var issued = today.AddMonths(-months);
            await receivables.Invoice(customer.Number, $"INV-{customer.Number}-{i}", 5_000m, Iso(issued), Iso(issued.AddDays(30)));
            await receivables.Payment(customer.Number, $"PAY-{customer.Number}-{i}", 5_000m, receivedOn: Iso(issued.AddDays(30)));
        }

        var analyst = await app.ClientAs(Roles.CreditAnalyst);
        var opened = await analyst.PostJson("/api/applications/customer-requests", new { customerNumber = customer.Number, kind = "LimitIncrease", requestedLimit = 45_000m, terms = "NET30", note = "Christmas season" });
        Assert.True(opened.StatusCode == HttpStatusCode.Created, await opened.Content.ReadAsStringAsync());
        var reference = (await opened.Json()).GetProperty("reference").GetString()!;
        var increase = await app.InScope(sp => sp.GetRequiredService<CreditDb>().Applications.AsNoTracking().SingleAsync(a => a.Reference == reference));
        Assert.Equal((ApplicationKind.LimitIncrease, customer.Id), (increase.Kind, increase.CustomerId!.Value));

        var decision = await Decision(increase.LatestDecisionId!.Value);
        var facts = decision.GetProperty("facts");
        Assert.True(facts.GetProperty("isExistingCustomer").GetBoolean());
        Assert.Equal(80m, facts.GetProperty("paydex").GetDecimal());
        Assert.Equal((0m, 0m, 0m), (facts.GetProperty("averageDaysDelinquent").GetDecimal(), facts.GetProperty("returnedPayments").GetDecimal(), facts.GetProperty("openDisputes").GetDecimal()));
        Assert.True(facts.TryGetProperty("utilisation", out _), facts.ToString());
        Assert.Equal(45_000m, facts.GetProperty("requestedLimit").GetDecimal());

        // Good history, clean bureau: approved at once and the line moves.
        Assert.True(decision.GetProperty("outcome").GetString() == "approve", decision.ToString());
        Assert.Equal(ApplicationStatus.Approved, increase.Status);
        var (_, line) = await CustomerAndLine(customer.Id);
        Assert.Equal(45_000_00L, line.LimitMinor!.Value);
    }

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static int _slot;

    /// <summary>The first EIN (a prefix the IRS issues) whose local bureau report passes <paramref name="wanted"/>; each test gets its own range.</summary>
    internal static string TaxIdWhere(Func<BureauReport, bool> wanted, int skip = 0)
    {
        var start = 1_000_000 + (Interlocked.Increment(ref _slot) * 100_000) + (skip * 1_000);
        for (var n = start; ; n++)
        {
            var taxId = $"46-{n:D7}";
            if (taxId.EndsWith("000", StringComparison.Ordinal) || taxId.EndsWith("999", StringComparison.Ordinal))
            {
                continue;
            }

            if (Domain.Bureau.LocalBureau.Report(taxId, Currency.Usd) is BureauAnswer.Found found && wanted(found.Report))
            {
                return taxId;
            }
        }
    }

    internal static BureauReport LocalBureau(string taxId) => ((BureauAnswer.Found)Domain.Bureau.LocalBureau.Report(taxId, Currency.Usd)).Report;

    /// <summary>Fills the default template as an applicant does (start, verify, save, upload, sign, submit), with identifiers of its own.</summary>
    private Task<(Applicant Applicant, CreditApplication Application)> Submit(string name, string taxId, decimal requestedLimit, decimal revenue) =>
        Submit(app, name, taxId, requestedLimit, revenue);

    /// <summary>Fills the default template on <paramref name="app"/> (see the other overload).</summary>
    internal static async Task<(Applicant Applicant, CreditApplication Application)> Submit(CredoApp app, string name, string taxId, decimal requestedLimit, decimal revenue)
    {
        var slug = name.ToLowerInvariant().Replace(' ', '-') + "-" + Guid.NewGuid().ToString("N")[..6];
        var digits = string.Concat(Guid.NewGuid().ToString("N").Where(char.IsDigit).Take(7)).PadRight(7, '3');
        var applicant = Applicant.Open(app);
        Assert.Equal(HttpStatusCode.Redirect, (await applicant.Start($"accounts@{slug}.example")).StatusCode);
        var (code, _) = await applicant.StartedEmail();
        Assert.Equal(HttpStatusCode.OK, (await applicant.Verify(code)).StatusCode);

        var answers = ApplicantAnswers.Complete(name + " Inc.");
        answers["tradingName"] = name;
        answers["taxId"] = taxId;
        answers["yearsInBusiness"] = "12";
        answers["incorporationDate"] = "2014-05-02";
        answers["incorporationPlace"] = "Delaware";
        answers["annualRevenue"] = revenue.ToString(CultureInfo.InvariantCulture);
        answers["website"] = $"https://{slug}.example";
        answers["phone"] = $"+1 206 5{digits[..2]} {digits[2..6]}";
        answers["billingAddress"] = new JsonObject { ["line1"] = $"{digits[..3]} {name} Way", ["city"] = "Seattle", ["postalCode"] = "98101", ["country"] = "US" };
        answers["bankName"] = "First Harbor Bank";
        answers["bankAccount"] = "0" + digits + "12";
        answers["requestedLimit"] = requestedLimit.ToString(CultureInfo.InvariantCulture);
        answers["requestedTerms"] = "NET30";
        answers["tradeReferences"] = new JsonArray(
            new JsonObject { ["company"] = "Pacific Produce", ["email"] = $"ar@pacific-{slug}.example" },
            new JsonObject { ["company"] = "Cascade Dairy", ["email"] = $"ar@cascade-{slug}.example" },
            new JsonObject { ["company"] = "Sound Beverages", ["email"] = $"ar@sound-{slug}.example" });

        Assert.Equal(HttpStatusCode.OK, (await applicant.Save(answers)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await applicant.Upload("accounts 2025.pdf", ApplicantAnswers.Pdf())).StatusCode);
        var submitted = await applicant.Submit(answers, ApplicantAnswers.GuarantorName, consent: true);
        Assert.True(submitted.StatusCode == HttpStatusCode.Redirect, await submitted.Content.ReadAsStringAsync());
        return (applicant, await applicant.Application());
    }

    private async Task<JsonElement> Decision(long id)
    {
        var viewer = await app.ClientAs(Roles.Viewer);
        var response = await viewer.GetAsync($"/api/decisions/{id}");
        Assert.True(response.IsSuccessStatusCode, $"decision {id}: {(int)response.StatusCode}");
        return await response.Json();
    }

    private static List<string> Fired(JsonElement decision) =>
        [.. decision.GetProperty("rules").EnumerateArray().Where(r => r.GetProperty("effect").GetString() == "Fired").Select(r => r.GetProperty("rule").GetString()!)];

    private async Task<int> PublishedPolicyVersion()
    {
        var policies = await (await (await app.ClientAs(Roles.Viewer)).GetAsync("/api/policies/")).Json();
        var list = policies.ValueKind == JsonValueKind.Array ? policies : policies.GetProperty("items");
        return list.EnumerateArray().Single(p => string.Equals(p.GetProperty("status").GetString(), "published", StringComparison.OrdinalIgnoreCase)).GetProperty("number").GetInt32();
    }

    private Task<DateOnly> Today() => app.InScope(sp => Task.FromResult(sp.GetRequiredService<CreditDb>().Today()));

    private Task<(Customer Customer, CreditLine Line)> CustomerAndLine(long customerId) => app.InScope(async sp =>
    {
        var db = sp.GetRequiredService<CreditDb>();
        var customer = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == customerId);
        var line = await db.CreditLines.AsNoTracking().SingleAsync(l => l.Level == LimitLevel.Customer && l.SubjectId == customerId);
        return (customer, line);
    });

    private Task<List<ApplicationEvent>> Events(long applicationId) => app.InScope(sp =>
        sp.GetRequiredService<CreditDb>().ApplicationEvents.AsNoTracking().Where(e => e.ApplicationId == applicationId).OrderBy(e => e.Id).ToListAsync());

    private Task<List<OutboxEmail>> EmailsTo(string email) => app.InScope(async sp =>
        (await sp.GetRequiredService<CreditDb>().Outbox.AsNoTracking().Where(m => m.Topic == OutboxEmail.Topic.Name).OrderBy(m => m.Id).ToListAsync())
            .Select(OutboxEmail.Read).OfType<OutboxEmail>().Where(e => e.To == email).ToList());
}
