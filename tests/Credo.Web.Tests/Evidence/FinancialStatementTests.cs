using System.Net;
using System.Text;
using System.Text.Json;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.Evidence;

/// <summary>Altman Z'' worked examples end to end: figures in through the API (or a file), ratios and zone out, facts in the gathering.</summary>
public sealed class FinancialStatementTests(CredoApp app) : IClassFixture<CredoApp>
{
    public static TheoryData<decimal[], decimal, string, decimal> WorkedExamples() => new()
    {
        // total assets, total liabilities, current assets, current liabilities, retained earnings, EBIT, book equity
        // X1 = 0.2, X2 = 0.2, X3 = 0.1, X4 = 0.6667: 1.312 + 0.652 + 0.672 + 0.7 = 3.336
        { [1_000_000m, 600_000m, 500_000m, 300_000m, 200_000m, 100_000m, 400_000m], 3.336m, "safe", 1.6667m },
        // X1 = -0.1, X2 = -0.05, X3 = 0.02, X4 = 0.1111: -0.656 - 0.163 + 0.1344 + 0.1167 = -0.5679
        { [1_000_000m, 900_000m, 300_000m, 400_000m, -50_000m, 20_000m, 100_000m], -0.5679m, "distress", 0.75m },
        // X1 = 0.1, X2 = 0.1, X3 = 0.05, X4 = 0.5: 0.656 + 0.326 + 0.336 + 0.525 = 1.843
        { [2_000_000m, 1_000_000m, 800_000m, 600_000m, 200_000m, 100_000m, 500_000m], 1.843m, "grey", 1.3333m },
    };

    [Theory]
    [MemberData(nameof(WorkedExamples))]
    public async Task Entered_figures_give_z_zone_and_the_facts(decimal[] f, decimal z, string zone, decimal currentRatio)
    {
        var application = await app.Services.Application(currency: "USD");
        var analyst = await app.ClientAs("CreditAnalyst");

        var response = await analyst.PostJson($"/api/evidence/applications/{application.Reference}/financial-statements", new
        {
            periodEnd = "2025-12-31", currency = "USD", totalAssets = f[0], totalLiabilities = f[1], currentAssets = f[2], currentLiabilities = f[3],
            retainedEarnings = f[4], ebit = f[5], bookEquity = f[6],
        });
        var statement = await response.Read<JsonElement>();
        var evidence = await app.Services.Gather(application);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(z, decimal.Round(statement.GetProperty("altmanZ").GetDecimal(), 4));
        Assert.Equal(zone, statement.GetProperty("zone").GetString());
        Assert.Equal(z, decimal.Round(evidence.Facts.Number("altmanZ")!.Value, 4));
        Assert.Equal(zone, evidence.Facts.Text("altmanZone"));
        Assert.Equal(currentRatio, evidence.Facts.Number("currentRatio"));
        Assert.Equal(f[6], evidence.Facts.Number("netWorth"));
    }

    [Fact]
    public async Task The_newest_period_feeds_the_facts_and_a_csv_upload_is_read()
    {
        var application = await app.Services.Application(currency: "USD");
        var analyst = await app.ClientAs("CreditAnalyst");
        const string older = "field,value\nperiodEnd,2023-12-31\ntotalAssets,1000000\ntotalLiabilities,900000\ncurrentAssets,300000\ncurrentLiabilities,400000\nretainedEarnings,-50000\nebit,20000\nbookEquity,100000\n";
        const string newer = "periodEnd,totalAssets,totalLiabilities,currentAssets,currentLiabilities,retainedEarnings,ebit,bookEquity,revenue,netIncome\n2024-12-31,1000000,600000,500000,300000,200000,100000,400000,\"2,000,000\",80000\n";

        var first = await analyst.PostAsync($"/api/evidence/applications/{application.Reference}/financial-statements/file", new StringContent(older, Encoding.UTF8, "text/csv"));
        var second = await analyst.PostAsync($"/api/evidence/applications/{application.Reference}/financial-statements/file", new StringContent(newer, Encoding.UTF8, "text/csv"));
        var evidence = await app.Services.Gather(application);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var statement = await second.Read<JsonElement>();
        Assert.Equal("Uploaded", statement.GetProperty("source").GetString());
        Assert.Equal(0.04m, statement.GetProperty("netMargin").GetDecimal());
        Assert.Equal("safe", evidence.Facts.Text("altmanZone"));
        Assert.Contains(evidence.Sources, s => s.Contains("period ending 2024-12-31", StringComparison.Ordinal));
        var listed = await (await analyst.GetAsync($"/api/evidence/applications/{application.Reference}/financial-statements")).Read<JsonElement>();
        Assert.Equal(["2024-12-31", "2023-12-31"], listed.EnumerateArray().Select(s => s.GetProperty("periodEnd").GetString()));
    }

    [Fact]
    public async Task A_statement_in_another_currency_keeps_the_ratios_but_leaves_net_worth_missing()
    {
        var application = await app.Services.Application(currency: "USD");
        var analyst = await app.ClientAs("CreditAnalyst");
        var response = await analyst.PostAsync($"/api/evidence/applications/{application.Reference}/financial-statements/file", new StringContent(
            """{"periodEnd":"2025-06-30","currency":"EUR","totalAssets":100,"totalLiabilities":50,"currentAssets":60,"currentLiabilities":30,"retainedEarnings":10,"ebit":5,"bookEquity":50}""", Encoding.UTF8, "application/json"));
        var evidence = await app.Services.Gather(application);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.True(evidence.Facts.Has("altmanZ"));
        Assert.False(evidence.Facts.Has("netWorth"));
    }

    [Fact]
    public async Task Figures_are_validated()
    {
        var application = await app.Services.Application(currency: "USD");
        var analyst = await app.ClientAs("CreditAnalyst");
        var url = $"/api/evidence/applications/{application.Reference}/financial-statements";
        await (await analyst.PostJson(url, new { periodEnd = "2025-12-31", totalAssets = 100, totalLiabilities = 50, currentAssets = 10, currentLiabilities = 10, retainedEarnings = 1, ebit = 1 })).AssertProblem(400, "validation", "bookEquity");
        await (await analyst.PostJson(url, new { periodEnd = "2025-12-31", totalAssets = 100, totalLiabilities = 0, currentAssets = 10, currentLiabilities = 10, retainedEarnings = 1, ebit = 1, bookEquity = 100 })).AssertProblem(400, "validation", "totalLiabilities");
        await (await analyst.PostJson(url, new { periodEnd = "2999-12-31", totalAssets = 100, totalLiabilities = 50, currentAssets = 10, currentLiabilities = 10, retainedEarnings = 1, ebit = 1, bookEquity = 50 })).AssertProblem(400, "validation", "periodEnd");
        await (await analyst.PostJson(url, new { periodEnd = "2025-12-31", totalAssets = 100.001, totalLiabilities = 50, currentAssets = 10, currentLiabilities = 10, retainedEarnings = 1, ebit = 1, bookEquity = 50, currency = "USD" })).AssertProblem(400, "validation", "totalAssets");
        await (await analyst.PostAsync(url + "/file", new StringContent("field,value\nassets,100\n", Encoding.UTF8, "text/csv"))).AssertProblem(400, "validation", "file");
        await (await analyst.PostAsync(url + "/file", new StringContent(new string('1', 70_000), Encoding.UTF8, "text/csv"))).AssertProblem(400, "validation", "file");
    }

    [Fact]
    public async Task Statements_can_be_kept_for_a_customer_and_feed_its_applications()
    {
        var manager = await app.ClientAs("CreditManager");
        var number = Http.Unique("C");
        await manager.CreateCustomer(number, currency: "USD");
        var customerId = await app.Services.Db(db => Task.FromResult(db.Customers.Single(c => c.Number == number).Id));
        var response = await manager.PostJson($"/api/evidence/customers/{number}/financial-statements", new
        {
            periodEnd = "2025-12-31", totalAssets = 1_000_000m, totalLiabilities = 600_000m, currentAssets = 500_000m, currentLiabilities = 300_000m,
            retainedEarnings = 200_000m, ebit = 100_000m, bookEquity = 400_000m,
        });
        var application = await app.Services.Application(currency: "USD", customerId: customerId);
        var evidence = await app.Services.Gather(application);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("safe", evidence.Facts.Text("altmanZone"));
        Assert.Equal(true, evidence.Facts.Flag("isExistingCustomer"));
    }
}
