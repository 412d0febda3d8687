using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Credo.Web.Data;
using Credo.Web.Features.CashApplication;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.CashApplication;

/// <summary>Statements in through the API, matched, confirmed, rejected and undone; on SQLite and PostgreSQL.</summary>
public sealed class CashApplicationApiTests(CredoApp app) : IClassFixture<CredoApp>
{
    private static readonly DateOnly On = new(2026, 2, 10);

    /// <summary>A customer with two invoices (100.00 and 250.00) and a fresh account; the statement's lines are up to the test.</summary>
    private async Task<(HttpClient Client, string Customer, string First, string Second, string Iban)> Ledger()
    {
        var client = await app.ClientAs("Collector");
        var manager = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        var first = Http.Unique("INV");
        var second = Http.Unique("INV");
        await manager.Invoice(customer, first, 100m);
        await manager.Invoice(customer, second, 250m);
        return (client, customer, first, second, "DE" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture) + "0000000");
    }

    private static HttpContent File(string content, string name = "statement.xml")
    {
        var form = new MultipartFormDataContent();
        var file = new StringContent(content, Encoding.UTF8);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        form.Add(file, "file", name);
        return form;
    }

    private static async Task<JsonElement> Upload(HttpClient client, string content, string iban, bool match = true)
    {
        var response = await client.PostAsync($"/api/cash-application/statements?account={iban}&match={match}", File(content));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    [Fact]
    public async Task A_statement_is_imported_and_each_line_applied_suggested_or_left_unmatched()
    {
        var (client, customer, first, second, iban) = await Ledger();
        var xml = Camt053Writer.Write(iban, "USD", Http.Unique("STMT"), 1, On, 1_000_00,
        [
            new(On, 100_00, "Someone", null, $"Invoice {first} thank you", Http.Unique("REF")),
            new(On, 250_00, "Customer " + customer, "NL91ABNA0417164300", "February", Http.Unique("REF")),
            new(On, 77_77, "Nobody", null, "misc", Http.Unique("REF")),
            new(On, -12_00, "Bank", null, "fees", Http.Unique("REF")),
        ]);

        var report = await Upload(client, xml, iban);

        Assert.Equal((4, 4, 1, 1, 1), (report.GetProperty("linesRead").GetInt32(), report.GetProperty("linesAdded").GetInt32(),
            report.GetProperty("applied").GetInt32(), report.GetProperty("suggested").GetInt32(), report.GetProperty("unmatched").GetInt32()));
        Assert.Equal(0m, (await client.Get($"/api/invoices/{first}")).Dec("open"));
        Assert.Equal(250m, (await client.Get($"/api/invoices/{second}")).Dec("open"));
        var id = report.GetProperty("statements")[0].GetProperty("id").GetInt64();
        var lines = (await client.Get($"/api/cash-application/statements/{id}/lines")).EnumerateArray().ToList();
        Assert.Equal(["applied", "suggested", "unmatched", "not a payment"], lines.Select(l => l.Str("status")));
        Assert.Contains(lines[0].GetProperty("evidence").EnumerateArray(), e => e.GetString()!.Contains($"invoice number {first}", StringComparison.Ordinal));
        Assert.Equal(second, lines[1].GetProperty("allocations")[0].Str("invoiceNumber"));
        await app.AssertReconciled();
    }

    [Fact]
    public async Task The_same_statement_twice_adds_nothing()
    {
        var (client, _, first, _, iban) = await Ledger();
        var xml = Camt053Writer.Write(iban, "USD", Http.Unique("STMT"), 7, On, 0, [new(On, 100_00, "X", null, first, Http.Unique("REF"))]);
        await Upload(client, xml, iban);

        var again = await Upload(client, xml, iban);

        Assert.Equal((0, true, 0), (again.GetProperty("linesAdded").GetInt32(), again.GetProperty("statements")[0].GetProperty("alreadyImported").GetBoolean(), again.GetProperty("applied").GetInt32()));
        Assert.Equal(0m, (await client.Get($"/api/invoices/{first}")).Dec("open"));
    }

    [Fact]
    public async Task A_bad_file_is_refused_whole_with_where_and_why_and_nothing_is_written()
    {
        var (client, _, _, _, iban) = await Ledger();
        var before = (await client.Get("/api/cash-application/statements")).GetArrayLength();
        var broken = ":20:X\n:25:" + iban + "\n:28C:1\n:60F:C260101USD1,00\n:61:2601010101C5,00NTRFNONREF\n:86:ok\n:61:26010XC1,00NTRF\n:62F:C260101USD7,00\n-";

        var response = await client.PostAsync($"/api/cash-application/statements?account={iban}", new StringContent(broken));

        var problem = await response.AssertProblem(400, "validation", "file");
        Assert.Contains("line 7", problem.Str("detail"), StringComparison.Ordinal);
        Assert.Equal(before, (await client.Get("/api/cash-application/statements")).GetArrayLength());
        Assert.DoesNotContain((await client.Get("/api/cash-application/accounts")).EnumerateArray(), a => a.Str("account") == iban);
    }

    [Fact]
    public async Task A_statement_for_an_account_that_is_not_the_sellers_is_refused()
    {
        var (client, _, first, _, iban) = await Ledger();
        var xml = Camt053Writer.Write(iban, "USD", Http.Unique("STMT"), 1, On, 0, [new(On, 100_00, "X", null, first, Http.Unique("REF"))]);
        var response = await client.PostAsync("/api/cash-application/statements", File(xml));
        await response.AssertProblem(400, "validation", "account");
    }

    [Fact]
    public async Task Roles_collectors_work_it_viewers_read_strangers_get_nothing()
    {
        var (_, _, first, _, iban) = await Ledger();
        var xml = Camt053Writer.Write(iban, "USD", Http.Unique("STMT"), 1, On, 0, [new(On, 100_00, "X", null, first, Http.Unique("REF"))]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/api/cash-application/statements")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostAsync($"/api/cash-application/statements?account={iban}", File(xml))).StatusCode);
        var viewer = await app.ClientAs("Viewer");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/cash-application/statements?account={iban}", File(xml))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync("/api/cash-application/lines/1/confirm", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJson("/api/cash-application/accounts", new { account = "DE1234", currency = "EUR" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/cash-application/statements")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/api/cash-application/lines/999999999")).StatusCode);
    }

    [Fact]
    public async Task A_suggestion_confirmed_is_applied_and_an_undo_reverses_it_and_the_engine_does_not_reapply_it()
    {
        var (client, customer, _, second, iban) = await Ledger();
        var xml = Camt053Writer.Write(iban, "USD", Http.Unique("STMT"), 1, On, 0, [new(On, 250_00, "Customer " + customer, "NL91ABNA0417164300", "February", Http.Unique("REF"))]);
        var report = await Upload(client, xml, iban);
        var statement = report.GetProperty("statements")[0].GetProperty("id").GetInt64();
        var line = (await client.Get($"/api/cash-application/statements/{statement}/lines"))[0].GetProperty("id").GetInt64();

        var confirmed = await client.PostJson($"/api/cash-application/lines/{line}/confirm", new { }, Http.Unique("key"));
        Assert.Equal("applied", (await confirmed.Read<JsonElement>()).Str("status"));
        var figures = await client.Get($"/api/cash-application/statements/{statement}");
        Assert.Equal((0, 1, 0, 0), (figures.GetProperty("appliedByEngine").GetInt32(), figures.GetProperty("suggestionsAccepted").GetInt32(), figures.GetProperty("linesLeft").GetInt32(), figures.GetProperty("straightThroughPercent").GetInt32()));
        Assert.Equal(0m, (await client.Get($"/api/invoices/{second}")).Dec("open"));

        var manager = await app.ClientAs("CreditManager");
        var undone = await manager.PostJson($"/api/cash-application/lines/{line}/undo", new { reason = "wrong customer" }, Http.Unique("key"));
        Assert.Equal(("unmatched", "undone"), ((await undone.Read<JsonElement>()).Str("status"), (await client.Get($"/api/cash-application/lines/{line}")).Str("action")));
        Assert.Equal(250m, (await client.Get($"/api/invoices/{second}")).Dec("open"));

        var rerun = await (await client.PostJson($"/api/cash-application/statements/{statement}/matching", new { })).Read<JsonElement>();
        Assert.Equal(0, rerun.GetProperty("applied").GetInt32());
        Assert.Equal("unmatched", (await client.Get($"/api/cash-application/lines/{line}")).Str("status"));
        await (await manager.PostJson($"/api/cash-application/lines/{line}/undo", new { }, Http.Unique("key"))).AssertProblem(409, "not-applied");
        await app.AssertReconciled();
    }

    [Fact]
    public async Task Undoing_a_line_is_a_correction_collectors_may_not()
    {
        var (client, customer, _, second, iban) = await Ledger();
        var xml = Camt053Writer.Write(iban, "USD", Http.Unique("STMT"), 1, On, 0, [new(On, 250_00, "Customer " + customer, "NL91ABNA0417164300", "Invoice " + second, Http.Unique("REF"))]);
        var statement = (await Upload(client, xml, iban)).GetProperty("statements")[0].GetProperty("id").GetInt64();
        var line = (await client.Get($"/api/cash-application/statements/{statement}/lines"))[0].GetProperty("id").GetInt64();
        Assert.Equal("applied", (await client.Get($"/api/cash-application/lines/{line}")).Str("status"));
        var figures = await client.Get($"/api/cash-application/statements/{statement}");
        Assert.Equal((1, 0, 0, 100), (figures.GetProperty("appliedByEngine").GetInt32(), figures.GetProperty("suggestionsAccepted").GetInt32(), figures.GetProperty("linesLeft").GetInt32(), figures.GetProperty("straightThroughPercent").GetInt32()));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostJson($"/api/cash-application/lines/{line}/undo", new { }, Http.Unique("key"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().PostJson($"/api/cash-application/lines/{line}/undo", new { }, Http.Unique("key"))).StatusCode);
        Assert.Equal("applied", (await client.Get($"/api/cash-application/lines/{line}")).Str("status"));
        Assert.Equal(0m, (await client.Get($"/api/invoices/{second}")).Dec("open"));

        var admin = await app.ClientAs("Admin");
        Assert.Equal("unmatched", (await (await admin.PostJson($"/api/cash-application/lines/{line}/undo", new { reason = "paid twice" }, Http.Unique("key"))).Read<JsonElement>()).Str("status"));
        Assert.Equal(250m, (await client.Get($"/api/invoices/{second}")).Dec("open"));

        // Both moves are typed outbox events, written with them.
        var events = await app.InScope(async sp => await sp.GetRequiredService<CreditDb>().Outbox.AsNoTracking()
            .Where(m => m.Topic.StartsWith("cash-application.") && m.PayloadJson.Contains($"\"BANK-{line}-")).OrderBy(m => m.Id).ToListAsync());
        Assert.Equal(["cash-application.line-applied", "cash-application.line-undone"], events.Select(e => e.Topic));
        var applied = JsonDocument.Parse(events[0].PayloadJson).RootElement;
        Assert.Equal((customer, 250_00L, "matched", second, 250_00L), (applied.Str("customerNumber"), applied.GetProperty("amountMinor").GetInt64(), applied.Str("action"),
            applied.GetProperty("invoices")[0].Str("invoice"), applied.GetProperty("invoices")[0].GetProperty("amountMinor").GetInt64()));
        Assert.Equal("paid twice", JsonDocument.Parse(events[1].PayloadJson).RootElement.Str("reason"));
    }

    [Fact]
    public async Task A_rejected_suggestion_leaves_the_line_unmatched_and_a_manual_match_teaches_the_payer_account()
    {
        var (client, customer, first, _, iban) = await Ledger();
        var payer = "GB29NWBK60161331926819";
        var xml = Camt053Writer.Write(iban, "USD", Http.Unique("STMT"), 1, On, 0,
            [new(On, 250_00, "Customer " + customer, payer, "February", Http.Unique("REF")), new(On, 40_00, "Unknown Trading", payer, "part payment", Http.Unique("REF"))]);
        var report = await Upload(client, xml, iban);
        var statement = report.GetProperty("statements")[0].GetProperty("id").GetInt64();
        var lines = (await client.Get($"/api/cash-application/statements/{statement}/lines")).EnumerateArray().Select(l => l.GetProperty("id").GetInt64()).ToList();

        var rejected = await client.PostJson($"/api/cash-application/lines/{lines[0]}/reject", new { reason = "not theirs" }, Http.Unique("key"));
        Assert.Equal("unmatched", (await rejected.Read<JsonElement>()).Str("status"));
        await (await client.PostJson($"/api/cash-application/lines/{lines[0]}/confirm", new { }, Http.Unique("key"))).AssertProblem(409, "no-suggestion");

        var manual = await client.PostJson($"/api/cash-application/lines/{lines[1]}/match", new { customerNumber = customer, allocations = new[] { new { invoiceNumber = first, amount = 40m } } }, Http.Unique("key"));
        Assert.Equal("applied", (await manual.Read<JsonElement>()).Str("status"));
        Assert.Equal(60m, (await client.Get($"/api/invoices/{first}")).Dec("open"));
        var hints = await app.InScope(async sp => await sp.GetRequiredService<CreditDb>().PayerHints.Where(h => h.Value == payer || h.Value == "Unknown Trading").Select(h => h.Kind).ToListAsync());
        Assert.Equal(["account", "name"], hints.Order());
    }

    [Fact]
    public async Task Two_matchers_on_the_same_statement_at_once_never_apply_a_line_twice()
    {
        var manager = await app.ClientAs("CreditManager");
        var client = await app.ClientAs("Collector");
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        var iban = "NL" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture) + "00000";
        var entries = new List<BankStatementEntry>();
        for (var i = 0; i < 12; i++)
        {
            var number = Http.Unique("INV");
            await manager.Invoice(customer, number, 10m + i);
            entries.Add(new(On, (10 + i) * 100, "X", null, number, Http.Unique("REF")));
        }

        var report = await Upload(client, Camt053Writer.Write(iban, "USD", Http.Unique("STMT"), 1, On, 0, entries), iban, match: false);
        var statement = report.GetProperty("statements")[0].GetProperty("id").GetInt64();

        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
            await (await (await app.ClientAs("Collector")).PostJson($"/api/cash-application/statements/{statement}/matching", new { })).Read<JsonElement>()));

        Assert.Equal(12, runs.Sum(r => r.GetProperty("applied").GetInt32()));
        var applied = await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            var lineIds = await db.BankLines.Where(l => l.StatementId == statement).Select(l => l.Id).ToListAsync();
            return await db.BankLineDecisions.Where(d => lineIds.Contains(d.LineId) && d.Status == BankLineStatus.Applied).GroupBy(d => d.LineId).Select(g => g.Count()).ToListAsync();
        });
        Assert.Equal(12, applied.Count);
        Assert.All(applied, n => Assert.Equal(1, n));
        await app.AssertReconciled();
    }

    [Fact]
    public async Task A_small_difference_is_written_off_by_policy_when_a_credit_manager_runs_the_matching_and_left_open_for_a_collector()
    {
        // The policy as data: up to 5.00 USD written off; the threshold lowered so that a number and a short amount apply.
        using var host = app.WithWebHostBuilder(b => b.UseSetting("CashApplication:WriteOffMaxMinor:USD", "500").UseSetting("CashApplication:AutoApplyScore", "40"));
        async Task<HttpClient> As(string role)
        {
            var client = host.CreateClient();
            client.DefaultRequestHeaders.Add("X-Api-Key", await app.KeyFor(role));
            return client;
        }

        var manager = await As("CreditManager");
        var collector = await As("Collector");
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        var (byManager, byCollector) = (Http.Unique("INV"), Http.Unique("INV"));
        await manager.Invoice(customer, byManager, 100m);
        await manager.Invoice(customer, byCollector, 100m);
        var iban = "DE" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture) + "0000000";

        async Task<JsonElement> Run(HttpClient client, string invoice, int sequence)
        {
            var xml = Camt053Writer.Write(iban, "USD", Http.Unique("STMT"), sequence, On, 0, [new(On, 97_50, "Someone", null, $"Invoice {invoice}", Http.Unique("REF"))]);
            var id = (await Upload(client, xml, iban, match: false)).GetProperty("statements")[0].GetProperty("id").GetInt64();
            Assert.Equal(1, (await (await client.PostJson($"/api/cash-application/statements/{id}/matching", new { })).Read<JsonElement>()).GetProperty("applied").GetInt32());
            return (await client.Get($"/api/cash-application/statements/{id}/lines"))[0];
        }

        var written = await Run(manager, byManager, 1);
        Assert.Equal(0m, (await manager.Get($"/api/invoices/{byManager}")).Dec("open"));
        Assert.Contains(written.GetProperty("evidence").EnumerateArray(), e => e.GetString() == $"Written off by policy: 2.50 USD left open on {byManager} (small differences up to 5.00 USD are written off)");

        var leftOpen = await Run(collector, byCollector, 2);
        Assert.Equal(2.5m, (await manager.Get($"/api/invoices/{byCollector}")).Dec("open"));
        Assert.Contains(leftOpen.GetProperty("evidence").EnumerateArray(), e => e.GetString()!.Contains("only an administrator or a credit manager may write off", StringComparison.Ordinal));
        await app.AssertReconciled();
    }

    [Fact]
    public async Task Bank_lines_export_as_csv_with_status_invoices_and_score_and_escapes_formulas()
    {
        var (client, _, first, _, iban) = await Ledger();
        var report = await Upload(client, Camt053Writer.Write(iban, "USD", Http.Unique("STMT"), 1, On, 0,
            [new(On, 100_00, "X", null, first, "REFA" + Http.Unique("R")), new(On, 5_00, "=HYPERLINK(1)", null, "@SUM(A1)", "REFB" + Http.Unique("R"))]), iban);
        var statement = report.GetProperty("statements")[0].GetProperty("id").GetInt64();

        var csv = await app.InScope(async sp =>
        {
            using var stream = new MemoryStream();
            await sp.GetRequiredService<ExportBankLines>().Write(stream, statement, CancellationToken.None);
            return Encoding.UTF8.GetString(stream.ToArray());
        });

        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("statement,lineReference,bookedOn,amount,currency,counterparty,remittance,status,invoices,score", rows[0]);
        Assert.Contains($",2026-02-10,100.00,USD,X,{first},applied,{first}=100.00,", rows[1], StringComparison.Ordinal);
        Assert.DoesNotContain(",=HYPERLINK", rows[2], StringComparison.Ordinal);
        Assert.DoesNotContain(",@SUM", rows[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Statement_lines_cannot_be_edited_or_deleted()
    {
        var (client, _, first, _, iban) = await Ledger();
        await Upload(client, Camt053Writer.Write(iban, "USD", Http.Unique("STMT"), 1, On, 0, [new(On, 100_00, "X", null, first, Http.Unique("REF"))]), iban);
        await app.InScope<bool>(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("UPDATE bank_lines SET \"AmountMinor\" = 1"));
            await Assert.ThrowsAnyAsync<Exception>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM bank_line_decisions"));
            return true;
        });
    }
}
