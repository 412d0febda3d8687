using System.Net;
using System.Text.Json;
using Credo.Domain.Policy;
using Credo.Web.Features.Applications;
using Credo.Web.Tests.Pages;
using Credo.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Evidence;

/// <summary>The gatherer the workflow calls: application facts from columns and answers, missing facts absent, every fact in the catalogue.</summary>
public sealed class GathererTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public void The_gatherer_is_registered()
    {
        using var scope = app.Services.CreateScope();
        Assert.NotNull(scope.ServiceProvider.GetRequiredService<IEvidenceGatherer>());
    }

    [Fact]
    public async Task Application_facts_come_from_the_typed_columns_and_the_answers()
    {
        var today = app.Today;
        var answers = JsonSerializer.Serialize(new
        {
            incorporationDate = today.AddYears(-7).AddDays(-1).ToString("yyyy-MM-dd"),
            annualRevenue = new { amount = 2_500_000.50m, currency = "EUR" },
            employees = "42",
        });
        var application = await app.Services.Application(currency: "EUR", country: "de", requestedLimitMinor: 5_000_000, terms: "NET45", answersJson: answers);

        var facts = (await app.Services.Gather(application)).Facts;

        Assert.Equal(false, facts.Flag("isExistingCustomer"));
        Assert.Equal(50_000m, facts.Number("requestedLimit"));
        Assert.Equal(45m, facts.Number("requestedTermsDays"));
        Assert.Equal(7m, facts.Number("yearsInBusiness"));
        Assert.Equal(2_500_000.50m, facts.Number("annualRevenue"));
        Assert.Equal(42m, facts.Number("employees"));
        Assert.Equal("DE", facts.Text("country"));
    }

    [Fact]
    public async Task A_bare_application_leaves_what_it_does_not_say_missing_never_zero()
    {
        var application = await app.Services.Application(legalName: null, country: null, answersJson: """{"annualRevenue": {"amount": 10, "currency": "JPY"}, "employees": "many"}""");

        var evidence = await app.Services.Gather(application);

        var present = evidence.Facts.Values.Keys.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(["fraudSignalsRaised", "fraudVelocity", "isExistingCustomer"], present); // velocity runs on the email alone
        foreach (var missing in new[] { "requestedLimit", "requestedTermsDays", "yearsInBusiness", "annualRevenue", "employees", "country", "bureauScore", "altmanZ", "netWorth", "tradeReferencesAnswered", "bankReferencePositive", "fraudSimilarName", "fraudTaxIdInvalid", "fraudShippingFar" })
        {
            Assert.False(evidence.Facts.Has(missing), $"{missing} should be missing, is {evidence.Facts[missing]}");
        }

        Assert.Contains(evidence.Sources, s => s.Contains("annual revenue is in JPY", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_gathered_fact_is_in_the_catalogue_with_its_type()
    {
        var answers = JsonSerializer.Serialize(new
        {
            yearsInBusiness = 12, annualRevenue = 900_000, employees = 8,
            billingAddress = new { line1 = "1 Rue A", city = "Paris", postalCode = "75001", country = "FR" },
            shippingAddress = new { line1 = "9 Quai B", city = "Lyon", postalCode = "69001", country = "FR" },
            tradeReferences = new[] { new { company = "Supplier SA", email = "s@supplier.example" } },
        });
        var application = await app.Services.Application(taxId: EvidenceDriver.FoundTaxId(), website: "https://fr-buyer.example", requestedLimitMinor: 100_000, terms: "NET30", answersJson: answers, ip: "198.51.100.7", device: Guid.NewGuid().ToString());

        var evidence = await app.Services.Gather(application);

        Assert.All(evidence.Facts.Values, kv =>
        {
            var definition = FactCatalog.Find(kv.Key);
            Assert.NotNull(definition);
            Assert.Equal(definition.Type, kv.Value.Type);
        });
        Assert.True(evidence.Facts.Values.Count >= 20, string.Join(", ", evidence.Facts.Values.Keys));
        Assert.Contains(evidence.Sources, s => s.StartsWith("bureau: local report", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_gathering_endpoint_is_for_analysts_and_returns_facts_signals_and_sources()
    {
        var application = await app.Services.Application(taxId: EvidenceDriver.FoundTaxId());
        var analyst = await app.ClientAs("CreditAnalyst");
        var viewer = await app.ClientAs("Viewer");

        var response = await analyst.PostAsync($"/api/evidence/applications/{application.Reference}/gathering", null);
        var body = await response.Read<JsonElement>();

        Assert.True(body.GetProperty("facts").GetProperty("bureauScore").GetDecimal() >= 0);
        Assert.True(body.GetProperty("fraudSignals").GetArrayLength() >= 7);
        Assert.True(body.GetProperty("sources").GetArrayLength() >= 3);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/evidence/applications/{application.Reference}/gathering", null)).StatusCode);
        await (await analyst.PostAsync("/api/evidence/applications/APP-NONE/gathering", null)).AssertProblem(404, "not-found");
    }
}

/// <summary>The team evidence pages: every role reads them, only analysts and managers record, anonymous users sign in first.</summary>
public sealed class EvidencePagesTests(CredoApp app) : IClassFixture<CredoApp>
{
    public static TheoryData<string> Pages() => new() { string.Empty, "/bureau", "/financials", "/references", "/fraud" };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task A_viewer_reads_every_page_and_sees_no_recording_form(string page)
    {
        var application = await app.Services.Application(taxId: EvidenceDriver.FoundTaxId());
        var viewer = await PageSession.SignedIn(app, "Viewer");

        var response = await viewer.Client.GetAsync($"/team/evidence/{application.Reference}{page}");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(application.Reference, html, StringComparison.Ordinal);
        Assert.DoesNotContain("method=\"post\" data-testid", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_users_are_sent_to_sign_in_and_unknown_applications_are_404()
    {
        var application = await app.Services.Application();
        var anonymous = await app.Anonymous().GetAsync($"/team/evidence/{application.Reference}/bureau");
        var viewer = await PageSession.SignedIn(app, "Viewer");

        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/account/sign-in", anonymous.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.Client.GetAsync("/team/evidence/APP-NONE/bureau")).StatusCode);
    }

    [Fact]
    public async Task A_viewer_cannot_post_a_manual_report_but_an_analyst_can_and_sees_its_age_and_provider()
    {
        var application = await app.Services.Application(taxId: EvidenceDriver.FoundTaxId());
        var url = $"/team/evidence/{application.Reference}/bureau";
        var viewer = await PageSession.SignedIn(app, "Viewer");
        var analyst = await PageSession.SignedIn(app, "CreditAnalyst");

        var refused = await viewer.PostForm(url, new() { ["score"] = "50" });
        var posted = await analyst.PostForm(url, new() { ["score"] = "61", ["suggestedLimit"] = "7000", ["judgments"] = "0", ["note"] = "phoned the bureau" });
        var html = await analyst.Client.GetStringAsync(url);

        Assert.StartsWith("/account/denied", refused.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.DoesNotContain(await app.Services.Pulls("tax:" + application.TaxId), p => p.Score == 50);
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains("Manual bureau report recorded.", html, StringComparison.Ordinal);
        Assert.Contains("manual (report", html, StringComparison.Ordinal);
        Assert.Contains("0 days (pulled", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_analyst_enters_a_statement_on_the_page_and_gathers_the_evidence()
    {
        var application = await app.Services.Application(currency: "USD", taxId: EvidenceDriver.FoundTaxId());
        var analyst = await PageSession.SignedIn(app, "CreditAnalyst");
        var fields = new Dictionary<string, string>
        {
            ["statement.PeriodEnd"] = "2025-12-31", ["statement.Currency"] = "USD", ["statement.totalAssets"] = "1000000", ["statement.totalLiabilities"] = "600000",
            ["statement.currentAssets"] = "500000", ["statement.currentLiabilities"] = "300000", ["statement.retainedEarnings"] = "200000",
            ["statement.ebit"] = "100000", ["statement.bookEquity"] = "400000",
        };

        var posted = await analyst.PostForm($"/team/evidence/{application.Reference}/financials", fields);
        var list = await analyst.Client.GetStringAsync($"/team/evidence/{application.Reference}/financials");
        var gathered = await analyst.PostForm($"/team/evidence/{application.Reference}", []);
        var html = await gathered.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Contains("3.3360 (safe)", list, StringComparison.Ordinal);
        Assert.Contains("data-fact=\"altmanZone\"><td><code>altmanZone</code></td><td>safe</td>", html, StringComparison.Ordinal);
        Assert.Contains("data-fact=\"bankReferencePositive\"><td><code>bankReferencePositive</code></td><td>missing</td>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bust_out_watch_page_reads_for_every_role()
    {
        var viewer = await PageSession.SignedIn(app, "Viewer");
        var response = await viewer.Client.GetAsync("/team/evidence/bust-out-watch?all=true");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Bust-out watch", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
