using System.Text.Json;
using Credo.Domain.Policy;
using Credo.Web.Data;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.CreditPolicy;

/// <summary>
/// The backtest over the customer book reads each customer's latest stored bureau report (by its tax id, as the
/// evidence feature keys pulls) and never pulls one. The only test of its class: the book's counts are exact.
/// </summary>
public sealed class BookBureauBacktestTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task A_book_customer_with_a_stored_bureau_report_is_decided_with_it_and_one_without_is_still_referred()
    {
        var manager = await app.ClientAs("CreditManager");
        var reported = await NewCustomer(manager, "us 41-" + Random.Shared.Next(1_000_000, 9_999_999));
        await NewCustomer(manager, "US41" + Random.Shared.Next(1_000_000, 9_999_999)); // no report: still referred for missing facts
        // The published default policy, less its insolvency rule: a bankrupt customer then moves from decline to refer.
        var draft = PolicyJson.Write(DefaultPolicy.Definition with { Rules = [.. DefaultPolicy.Definition.Rules.Where(r => r.Name != "Insolvency on record")] });
        var number = (await manager.CreateDraft(draft)).GetProperty("number").GetInt32();

        var without = await Backtest(number);
        Assert.Equal(0, without.GetProperty("bookWithBureauFacts").GetInt32());
        // Issue 12 §4: customers neither version can judge for want of facts are left out and said so, not counted as
        // "100 % referred" under both versions.
        Assert.Equal((0, 0, 0), Counts(without.GetProperty("book").GetProperty("baseline")));
        Assert.Equal(2, without.GetProperty("bookLeftOut").GetInt32());
        Assert.All(without.GetProperty("bookMissingFacts").EnumerateArray(), f => Assert.InRange(f.GetProperty("cases").GetInt32(), 1, 2));
        Assert.NotEmpty(without.GetProperty("bookMissingFacts").EnumerateArray());
        Assert.Equal(0, without.GetProperty("book").GetProperty("moverCount").GetInt32());

        var entered = await manager.PostJson($"/api/evidence/customers/{reported}/bureau-reports", new { score = 20, bankruptcy = true, judgments = 0, suggestedLimit = 5000m, currency = "USD" });
        Assert.True(entered.IsSuccessStatusCode, await entered.Content.ReadAsStringAsync());
        var pullsBefore = await PullCount();

        var with = await Backtest(number);

        Assert.Equal(1, with.GetProperty("bookWithBureauFacts").GetInt32());
        var book = with.GetProperty("book");
        Assert.Equal((1, 0, 1), Counts(book.GetProperty("baseline"))); // the report's bankruptcy declines
        Assert.Equal((1, 1, 0), Counts(book.GetProperty("draft")));
        Assert.Equal(1, with.GetProperty("bookLeftOut").GetInt32()); // the other still lacks facts: left out, and said so
        var mover = Assert.Single(book.GetProperty("movers").EnumerateArray());
        Assert.Equal((reported, "decline", "refer"), (mover.Str("reference"), mover.Str("baselineOutcome"), mover.Str("draftOutcome")));
        Assert.Equal(pullsBefore, await PullCount()); // read-only: the customer without a report was not pulled for
    }

    private static (int Cases, int Referred, int Declined) Counts(JsonElement side) =>
        (side.GetProperty("cases").GetInt32(), side.GetProperty("referred").GetInt32(), side.GetProperty("declined").GetInt32());

    private static async Task<string> NewCustomer(HttpClient client, string taxId)
    {
        var number = Http.Unique("BOOK");
        var response = await client.PostJson("/api/customers", new { number, legalName = "Customer " + number, taxId, currency = "USD", terms = "NET30" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return number;
    }

    private async Task<JsonElement> Backtest(int number)
    {
        var response = await (await app.ClientAs("CreditAnalyst")).PostJson($"/api/policies/{number}/backtest", new { maxMovers = 50 });
        var report = await response.Json();
        Assert.True(response.IsSuccessStatusCode, report.ToString());
        return report;
    }

    private Task<int> PullCount() => app.InScope(sp => sp.GetRequiredService<CreditDb>().BureauPulls.CountAsync());
}
