using System.Net;
using System.Text.Json;
using Credo.Web.Data;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Credo.Web.Tests.Evidence;

/// <summary>The bureau waterfall: order, fall-through, the re-pull window, manual reports and the HTTP provider against a loopback server.</summary>
public sealed class BureauTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task The_local_bureau_report_becomes_facts_and_a_second_gathering_within_the_window_pulls_nothing()
    {
        var taxId = EvidenceDriver.FoundTaxId();
        var application = await app.Services.Application(taxId: taxId);

        var first = await app.Services.Gather(application);
        var second = await app.Services.Gather(application);

        var pulls = await app.Services.Pulls("tax:" + taxId);
        var pull = Assert.Single(pulls, p => p.Provider == "local");
        Assert.Equal(BureauPullOutcome.Report, pull.Outcome);
        Assert.Equal(pull.Score, (int?)first.Facts.Number("bureauScore"));
        Assert.Equal(false, first.Facts.Flag("bureauBankruptcy"));
        Assert.Equal(pull.SuggestedLimitMinor / 100m, first.Facts.Number("bureauSuggestedLimit"));
        Assert.Equal(0m, first.Facts.Number("bureauReportAgeDays"));
        Assert.Equal(first.Facts.Number("bureauScore"), second.Facts.Number("bureauScore"));
        Assert.Contains(second.Sources, s => s.Contains($"local report {pull.Id} reused from the cache, 0 days old", StringComparison.Ordinal));
        // manual is first in the default waterfall: asked once, said no match, and is not asked again within the window.
        Assert.Equal(["manual", "local"], pulls.Select(p => p.Provider));
    }

    [Fact]
    public async Task A_no_match_falls_through_leaves_the_bureau_facts_missing_and_is_not_asked_again_within_the_window()
    {
        var taxId = EvidenceDriver.TaxId("000");
        var application = await app.Services.Application(taxId: taxId);

        var evidence = await app.Services.Gather(application);
        await app.Services.Gather(application);

        foreach (var fact in new[] { "bureauScore", "bureauSuggestedLimit", "bureauBankruptcy", "bureauJudgments", "bureauReportAgeDays" })
        {
            Assert.False(evidence.Facts.Has(fact), fact);
        }

        var pulls = await app.Services.Pulls("tax:" + taxId);
        Assert.Equal([("manual", BureauPullOutcome.NoMatch), ("local", BureauPullOutcome.NoMatch)], pulls.Select(p => (p.Provider, p.Outcome)));
        Assert.Contains(evidence.Sources, s => s == "bureau: no provider returned a report");
    }

    [Fact]
    public async Task With_a_zero_day_window_every_gathering_pulls_again()
    {
        await using var factory = app.With(("Evidence:Bureau:MaxAgeDays", "0"), ("Evidence:Bureau:Waterfall:0", "local"));
        var taxId = EvidenceDriver.FoundTaxId();
        var application = await factory.Services.Application(taxId: taxId);

        await factory.Services.Gather(application);
        await factory.Services.Gather(application);

        Assert.Equal(2, (await factory.Services.Pulls("tax:" + taxId)).Count(p => p.Provider == "local"));
    }

    [Fact]
    public async Task A_bankrupt_subject_is_reported_as_such()
    {
        var application = await app.Services.Application(taxId: EvidenceDriver.TaxId("999"));
        var evidence = await app.Services.Gather(application);
        Assert.Equal(true, evidence.Facts.Flag("bureauBankruptcy"));
        Assert.Equal(0m, evidence.Facts.Number("bureauSuggestedLimit"));
    }

    [Fact]
    public async Task A_manual_report_entered_by_an_analyst_outranks_the_local_bureau_and_shows_its_age()
    {
        var taxId = EvidenceDriver.FoundTaxId();
        var application = await app.Services.Application(taxId: taxId);
        var analyst = await app.ClientAs("CreditAnalyst");

        var entered = await analyst.PostJson($"/api/evidence/applications/{application.Reference}/bureau-reports", new { score = 42, suggestedLimit = 12_500.00m, bankruptcy = false, judgments = 1, note = "PDF from the bureau" });
        var report = await entered.Read<JsonElement>();
        var evidence = await app.Services.Gather(application);

        Assert.Equal(HttpStatusCode.Created, entered.StatusCode);
        Assert.Equal("manual", report.GetProperty("provider").GetString());
        Assert.Equal(42m, evidence.Facts.Number("bureauScore"));
        Assert.Equal(12_500m, evidence.Facts.Number("bureauSuggestedLimit"));
        Assert.Equal(1m, evidence.Facts.Number("bureauJudgments"));
        Assert.DoesNotContain(await app.Services.Pulls("tax:" + taxId), p => p.Provider == "local");
        var listed = await (await analyst.GetAsync($"/api/evidence/applications/{application.Reference}/bureau-reports")).Read<JsonElement>();
        Assert.Equal(0, listed[0].GetProperty("ageDays").GetInt32());
        Assert.Equal("manual", listed[0].GetProperty("provider").GetString());
    }

    [Fact]
    public async Task A_manual_report_is_validated()
    {
        var application = await app.Services.Application(taxId: EvidenceDriver.TaxId());
        var analyst = await app.ClientAs("CreditAnalyst");
        await (await analyst.PostJson($"/api/evidence/applications/{application.Reference}/bureau-reports", new { score = 140 })).AssertProblem(400, "validation", "score");
        await (await analyst.PostJson($"/api/evidence/applications/{application.Reference}/bureau-reports", new { note = "nothing" })).AssertProblem(400, "validation", "score");
        await (await analyst.PostJson("/api/evidence/applications/APP-NOPE/bureau-reports", new { score = 40 })).AssertProblem(404, "not-found");
        await (await analyst.PostJson($"/api/evidence/things/{application.Reference}/bureau-reports", new { score = 40 })).AssertProblem(400, "validation", "kind");
    }

    [Fact]
    public async Task The_http_provider_maps_the_answer_sends_its_key_and_is_called_once_within_the_window()
    {
        await using var bureau = await LoopbackBureau.Start(async (ctx, taxId) =>
        {
            await ctx.Response.WriteAsJsonAsync(new { status = "ok", company = new { rating = new { value = 720 }, creditLimit = new { amount = "30000.00", currency = "EUR" }, insolvency = false, judgments = new[] { new { }, new { }, new { } } } });
        });
        await using var factory = app.With(HttpProvider(bureau, ["acme", "local"]));
        var taxId = EvidenceDriver.TaxId();
        var application = await factory.Services.Application(taxId: taxId, currency: "EUR");

        var evidence = await factory.Services.Gather(application);
        await factory.Services.Gather(application);

        Assert.Equal(1, bureau.Calls);
        Assert.Equal("secret-key", bureau.LastKey);
        Assert.Equal($"/v1/companies/{taxId}/report", bureau.LastPath);
        Assert.Equal(70m, evidence.Facts.Number("bureauScore")); // (720 - 300) / (900 - 300)
        Assert.Equal(30_000m, evidence.Facts.Number("bureauSuggestedLimit"));
        Assert.Equal(false, evidence.Facts.Flag("bureauBankruptcy"));
        Assert.Equal(3m, evidence.Facts.Number("bureauJudgments"));
        var pull = Assert.Single(await factory.Services.Pulls("tax:" + taxId));
        Assert.Equal(("acme", 250L, "EUR"), (pull.Provider, pull.CostMinor, pull.CostCurrency));
        Assert.Contains("\"rating\"", pull.RawJson, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(404, "NoMatch")]
    [InlineData(500, "Failed")]
    [InlineData(0, "Failed")] // no answer within the timeout
    public async Task An_http_failure_or_no_match_falls_through_to_the_next_provider_in_order(int status, string outcome)
    {
        await using var bureau = await LoopbackBureau.Start(async (ctx, _) =>
        {
            if (status == 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), ctx.RequestAborted);
            }

            ctx.Response.StatusCode = status == 0 ? 200 : status;
        });
        await using var factory = app.With(HttpProvider(bureau, ["manual", "acme", "local"]));
        var taxId = EvidenceDriver.FoundTaxId();
        var application = await factory.Services.Application(taxId: taxId);

        var evidence = await factory.Services.Gather(application);

        var pulls = await factory.Services.Pulls("tax:" + taxId);
        Assert.Equal([("manual", "NoMatch"), ("acme", outcome), ("local", "Report")], pulls.Select(p => (p.Provider, p.Outcome.ToString())));
        Assert.True(evidence.Facts.Has("bureauScore"));
        Assert.Equal(3, evidence.Sources.Count(s => s.StartsWith("bureau: ", StringComparison.Ordinal)));
    }

    private static (string, string)[] HttpProvider(LoopbackBureau bureau, string[] waterfall) =>
    [
        .. waterfall.Select((name, i) => ($"Evidence:Bureau:Waterfall:{i}", name)),
        ("Evidence:Bureau:Http:0:Name", "acme"),
        ("Evidence:Bureau:Http:0:BaseUrl", bureau.BaseUrl + "v1/"),
        ("Evidence:Bureau:Http:0:ApiKeyHeader", "X-Bureau-Key"),
        ("Evidence:Bureau:Http:0:ApiKey", "secret-key"),
        ("Evidence:Bureau:Http:0:PathTemplate", "companies/{taxId}/report"),
        ("Evidence:Bureau:Http:0:TimeoutSeconds", "1"),
        ("Evidence:Bureau:Http:0:CostMinor", "250"),
        ("Evidence:Bureau:Http:0:CostCurrency", "EUR"),
        ("Evidence:Bureau:Http:0:Fields:Score", "company.rating.value"),
        ("Evidence:Bureau:Http:0:Fields:ScoreMin", "300"),
        ("Evidence:Bureau:Http:0:Fields:ScoreMax", "900"),
        ("Evidence:Bureau:Http:0:Fields:SuggestedLimit", "company.creditLimit.amount"),
        ("Evidence:Bureau:Http:0:Fields:Currency", "company.creditLimit.currency"),
        ("Evidence:Bureau:Http:0:Fields:Bankruptcy", "company.insolvency"),
        ("Evidence:Bureau:Http:0:Fields:Judgments", "company.judgments"),
    ];
}

/// <summary>A tiny bureau on 127.0.0.1 (a second in-process web app on a free port): counts calls, remembers the key and path.</summary>
internal sealed class LoopbackBureau : IAsyncDisposable
{
    private readonly WebApplication server;
    private int calls;

    private LoopbackBureau(WebApplication server, string baseUrl)
    {
        this.server = server;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    public int Calls => calls;

    public string? LastKey { get; private set; }

    public string? LastPath { get; private set; }

    public static async Task<LoopbackBureau> Start(Func<HttpContext, string, Task> answer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = builder.Build();
        LoopbackBureau? self = null;
        server.MapGet("/v1/companies/{taxId}/report", async (HttpContext ctx, string taxId) =>
        {
            Interlocked.Increment(ref self!.calls);
            self.LastKey = ctx.Request.Headers["X-Bureau-Key"].ToString();
            self.LastPath = ctx.Request.Path;
            await answer(ctx, taxId);
        });
        await server.StartAsync();
        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        self = new LoopbackBureau(server, address.TrimEnd('/') + "/");
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await server.StopAsync();
        await server.DisposeAsync();
    }
}

/// <summary>Bureau pulls are the audit of what was bought: the database refuses to change or delete them; a bad waterfall stops start-up.</summary>
public sealed class BureauAuditTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Theory]
    [InlineData("UPDATE bureau_pulls SET \"CostMinor\" = 0")]
    [InlineData("DELETE FROM bureau_pulls")]
    public async Task Bureau_pulls_are_append_only(string sql)
    {
        await app.Services.Gather(await app.Services.Application(taxId: EvidenceDriver.FoundTaxId()));
        await Assert.ThrowsAnyAsync<Exception>(() => app.Services.Db(db => Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions.ExecuteSqlRawAsync(db.Database, sql)));
        Assert.NotEmpty(await app.Services.Db(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.BureauPulls)));
    }

    [Fact]
    public void A_waterfall_naming_an_unknown_provider_is_refused_saying_which()
    {
        var options = new Credo.Web.Features.Evidence.EvidenceOptions();
        options.Bureau.Waterfall.AddRange(["local", "experian"]);
        options.Bureau.Http.Add(new Credo.Web.Features.Evidence.HttpBureauOptions { Name = "acme", BaseUrl = "not a url" });

        var result = new Credo.Web.Features.Evidence.EvidenceOptionsValidation().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(
            ["Evidence:Bureau:Waterfall names 'experian', which is neither manual, local nor a configured HTTP provider.", "Evidence:Bureau:Http 'acme' needs an absolute BaseUrl."],
            result.Failures);
        Assert.True(new Credo.Web.Features.Evidence.EvidenceOptionsValidation().Validate(null, new Credo.Web.Features.Evidence.EvidenceOptions()).Succeeded);
    }
}
