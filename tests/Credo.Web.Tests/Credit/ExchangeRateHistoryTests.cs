using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Credo.Web.Data;
using Credo.Web.Features.Imports;
using Credo.Web.Tests.Imports;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Credit;

/// <summary>
/// Exchange rates are history: a correction is a new row that supersedes the earlier for the same pair and date,
/// the database refuses updates and deletes, every reader uses the rate in effect, and rates import from CSV
/// all-or-nothing and idempotently. Each test uses its own currency pair.
/// </summary>
public sealed class ExchangeRateHistoryTests(CredoApp app) : IClassFixture<CredoApp>
{
    private DateOnly Today => app.Today; // the app's clock (issue 12 §6)

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Task<HttpResponseMessage> PutRate(HttpClient client, string from, string to, DateOnly on, decimal rate, string? reason = null) =>
        client.PutAsJsonAsync("/api/exchange-rates", new { from, to, effectiveOn = on, rate, reason }, CredoApp.Json);

    private static async Task<List<JsonElement>> Rates(HttpClient client, string from, string to, bool history = false)
    {
        var all = await (await client.GetAsync("/api/exchange-rates" + (history ? "?history=true" : string.Empty))).Json();
        return [.. all.EnumerateArray().Where(r => r.GetProperty("from").GetString() == from && r.GetProperty("to").GetString() == to)];
    }

    private Task<int> RowCount(string from) =>
        app.InScope(sp => sp.GetRequiredService<CreditDb>().ExchangeRates.CountAsync(r => r.FromCurrency == from));

    [Fact]
    public async Task A_corrected_rate_changes_the_next_checks_conversion_and_the_old_row_is_still_there()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        await client.SetLimit("customer", customer, 10_000m);
        var on = Today.AddDays(-10);
        Assert.True((await PutRate(client, "GBP", "USD", on, 1.25m)).IsSuccessStatusCode);

        var first = await client.CheckOk(customer, Http.Unique("SO"), 100m, "GBP");
        Assert.Equal(125m, first.GetProperty("levels")[0].GetProperty("requested").GetDecimal());

        var corrected = await (await PutRate(client, "GBP", "USD", on, 1.5m, "typo in the first entry")).Json();
        Assert.Equal("typo in the first entry", corrected.GetProperty("reason").GetString());
        var second = await client.CheckOk(customer, Http.Unique("SO"), 100m, "GBP");
        Assert.Equal(150m, second.GetProperty("levels")[0].GetProperty("requested").GetDecimal());

        var inEffect = Assert.Single(await Rates(client, "GBP", "USD"));
        Assert.Equal(1.5m, inEffect.GetProperty("rate").GetDecimal());
        var history = await Rates(client, "GBP", "USD", history: true);
        Assert.Equal(2, history.Count);
        Assert.Equal(1.25m, history[0].GetProperty("rate").GetDecimal());
        Assert.False(history[0].GetProperty("inEffect").GetBoolean());
        Assert.Equal(history[0].GetProperty("id").GetInt64(), history[1].GetProperty("supersedesId").GetInt64());
        Assert.True(history[1].GetProperty("inEffect").GetBoolean());
    }

    [Fact]
    public async Task Recording_the_rate_in_effect_again_adds_nothing()
    {
        var client = await app.ClientAs("CreditManager");
        var on = Today.AddDays(-3);
        var first = await (await PutRate(client, "CHF", "USD", on, 1.1m)).Json();
        var again = await (await PutRate(client, "CHF", "USD", on, 1.1m)).Json();
        Assert.Equal(first.GetProperty("id").GetInt64(), again.GetProperty("id").GetInt64());
        Assert.Equal(1, await RowCount("CHF"));
    }

    [Theory]
    [InlineData("from", "XX", "from")]
    [InlineData("to", "CHF", "to")]
    [InlineData("rate", -1, "rate")]
    [InlineData("rate", 1.1234567890123, "rate")]
    public async Task Invalid_rates_are_refused_naming_the_field(string property, object value, string field)
    {
        var client = await app.ClientAs("CreditManager");
        var body = new Dictionary<string, object?> { ["from"] = "CHF", ["to"] = "EUR", ["effectiveOn"] = Iso(Today), ["rate"] = 0.95m };
        body[property] = value;
        await (await client.PutAsJsonAsync("/api/exchange-rates", body, CredoApp.Json)).AssertProblem(400, "validation", field);
    }

    [Fact]
    public async Task The_database_refuses_to_update_or_delete_a_recorded_rate()
    {
        var client = await app.ClientAs("CreditManager");
        Assert.True((await PutRate(client, "SEK", "USD", Today, 0.095m)).IsSuccessStatusCode);
        foreach (var sql in new[] { "UPDATE exchange_rates SET \"Rate\" = 1 WHERE \"FromCurrency\" = 'SEK'", "DELETE FROM exchange_rates WHERE \"FromCurrency\" = 'SEK'" })
        {
            await Assert.ThrowsAnyAsync<Exception>(() => app.InScope(sp => sp.GetRequiredService<CreditDb>().Database.ExecuteSqlRawAsync(sql)));
        }

        Assert.Equal(1, await RowCount("SEK"));
    }

    [Fact]
    public async Task An_imported_file_is_all_or_nothing_and_a_replay_adds_nothing()
    {
        var client = await app.ClientAs("CreditManager");
        var good = $"from,to,effectiveOn,rate,reason\nNOK,USD,{Iso(Today.AddDays(-30))},0.091,month end\nNOK,USD,{Iso(Today.AddDays(-1))},0.093,\nUSD,NOK,{Iso(Today.AddDays(-1))},10.75,\n";
        var first = await (await client.Upload("exchange-rates", good)).Json();
        Assert.Equal(3, first.GetProperty("rowsAdded").GetInt32());
        var replay = await (await client.Upload("exchange-rates", good)).Json();
        Assert.Equal(0, replay.GetProperty("rowsAdded").GetInt32());
        Assert.Equal(3, replay.GetProperty("rowsUnchanged").GetInt32());
        Assert.Equal(2, await RowCount("NOK"));

        // A correction and a bad row in one file: nothing is written, the bad row is reported by line, field and reason.
        var bad = $"from,to,effectiveOn,rate\nNOK,USD,{Iso(Today.AddDays(-1))},0.094\nNOK,USD,31.02.2026,0.1\nNOK,NOK,{Iso(Today)},1\n";
        var refused = await (await client.Upload("exchange-rates", bad)).AssertProblem(400, "import-refused");
        var errors = refused.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("line").GetInt64(), e.GetProperty("field").GetString())).ToList();
        Assert.Equal([(3L, "effectiveOn"), (4L, "to")], errors);
        Assert.Equal(2, await RowCount("NOK"));
        Assert.Equal(0.093m, (await Rates(client, "NOK", "USD")).Single(r => r.GetProperty("effectiveOn").GetString() == Iso(Today.AddDays(-1))).GetProperty("rate").GetDecimal());

        // The same pair and date twice with different rates in one file is refused.
        var twice = $"from,to,effectiveOn,rate\nNOK,USD,{Iso(Today)},0.09\nNOK,USD,{Iso(Today)},0.1\n";
        var conflict = await (await client.Upload("exchange-rates", twice)).AssertProblem(400, "import-refused", "rate");
        Assert.Equal(3, conflict.GetProperty("errors")[0].GetProperty("line").GetInt64());

        // The correction alone is recorded, superseding the earlier rate, which stays in the history.
        var correction = await (await client.Upload("exchange-rates", $"from,to,effectiveOn,rate,reason\nNOK,USD,{Iso(Today.AddDays(-1))},0.094,bank fixing\n")).Json();
        Assert.Equal(1, correction.GetProperty("rowsAdded").GetInt32());
        Assert.Equal(0.094m, (await Rates(client, "NOK", "USD")).Single(r => r.GetProperty("effectiveOn").GetString() == Iso(Today.AddDays(-1))).GetProperty("rate").GetDecimal());
        Assert.Equal(3, (await Rates(client, "NOK", "USD", history: true)).Count);
    }

    [Fact]
    public async Task The_import_the_command_line_runs_reports_progress_and_errors_by_line()
    {
        var csv = Encoding.UTF8.GetBytes($"from,to,effectiveOn,rate\nDKK,USD,{Iso(Today)},0.146\nDKK,USD,{Iso(Today.AddDays(-1))},abc\n");
        var progressed = new List<long>();
        var report = await app.InScope(async sp =>
        {
            var import = sp.GetRequiredService<ImportFile>();
            await using var stream = new MemoryStream(csv);
            return await import.Run(new ImportRequest(ImportKind.ExchangeRates, stream, "rates.csv", csv.Length, ColumnMapping.Native(ImportKind.ExchangeRates), ColumnMapping.NativeName, Partial: false), progressed.Add);
        });
        Assert.Equal(ImportStatus.Failed, report.Status);
        var error = Assert.Single(report.Errors);
        Assert.Equal((3L, "rate"), (error.Line, error.Field));
        Assert.NotEmpty(progressed);
        Assert.Equal(0, await RowCount("DKK"));
    }
}
