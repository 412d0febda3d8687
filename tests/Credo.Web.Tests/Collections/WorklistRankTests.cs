using System.Globalization;
using System.Text;
using System.Text.Json;
using Credo.Domain.Collections;
using Credo.Web.Data;
using Credo.Web.Features.Collections;
using Credo.Web.Features.Ledger;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Credo.Web.Tests.Collections.CollectionsHttp;

namespace Credo.Web.Tests.Collections;

/// <summary>
/// Issue 14 §5 and §3 through HTTP on SQLite and PostgreSQL: the worklist rank with the payment prediction (the ledger's
/// <see cref="IPaymentOutlooks"/> port) and without it, the risk class in words, promise history in the rank and in the
/// customer's payment behaviour; and the backtest and <see cref="PromiseBook"/> beyond SQLite's 32,766 variables.
/// </summary>
public sealed class WorklistRankTests(CredoApp app) : IClassFixture<CredoApp>
{
    private DateOnly Today => app.Today;

    private async Task<string> Overdue(HttpClient client, decimal amount, int days)
    {
        var customer = await client.Debtor();
        var due = Today.AddDays(-days);
        await client.Invoice(customer, Http.Unique("INV"), amount, issueDate: Iso(due.AddDays(-30)), dueDate: Iso(due));
        return customer;
    }

    private static JsonElement Row(JsonElement list, string customer) => list.GetProperty("rows").EnumerateArray().Single(r => r.Str("customer") == customer);

    private static IEnumerable<string> Reasons(JsonElement row) => row.GetProperty("reasons").EnumerateArray().Select(r => r.Str("text")!);

    private Task<long> IdOf(string customer) => app.InScope(sp => sp.GetRequiredService<CreditDb>().Customers.Where(c => c.Number == customer).Select(c => c.Id).SingleAsync());

    /// <summary>A trained model's stand-in: every open item of the named customers is predicted paid that many days from today.</summary>
    private sealed class FixedOutlooks(CreditDb db, Dictionary<long, int> daysByCustomer) : IPaymentOutlooks
    {
        public async Task<IReadOnlyDictionary<long, PaymentOutlookDto>> ForCustomer(long customerId, DateOnly asOf, CancellationToken ct)
        {
            if (!daysByCustomer.TryGetValue(customerId, out var days))
            {
                return new Dictionary<long, PaymentOutlookDto>();
            }

            var ids = await db.Entries.Where(e => e.CustomerId == customerId && e.OpenMinor > 0).Select(e => e.Id).ToListAsync(ct);
            var on = asOf.AddDays(days);
            return ids.ToDictionary(id => id, _ => new PaymentOutlookDto(0.9m, days, on, on, on.AddDays(10), "model"));
        }

        public Task<IReadOnlyDictionary<long, PaymentOutlookDto>> ForAll(DateOnly asOf, CancellationToken ct) =>
            throw new InvalidOperationException("The worklist asks customer by customer.");
    }

    [Fact]
    public async Task The_rank_falls_back_to_days_late_without_a_prediction_and_follows_it_when_there_is_one()
    {
        var manager = await app.ClientAs("CreditManager");
        var early = await Overdue(manager, 10_000m, 40); // 400 + 10 owed
        var later = await Overdue(manager, 12_000m, 40); // 480 + 12 owed
        var without = await manager.Get("/api/collections/worklist?queue=all");
        Assert.True(Row(without, later).GetProperty("rank").GetInt32() < Row(without, early).GetProperty("rank").GetInt32());
        Assert.Equal(410, Row(without, early).GetProperty("points").GetInt64()); // no trained model: no prediction asked
        Assert.False(Row(without, early).GetProperty("predicted").GetBoolean());
        Assert.DoesNotContain(Reasons(Row(without, early)), r => r.StartsWith("Predicted", StringComparison.Ordinal));

        var predicted = new Dictionary<long, int> { [await IdOf(early)] = 60 };
        await using var withModel = app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddScoped<IPaymentOutlooks>(sp => new FixedOutlooks(sp.GetRequiredService<CreditDb>(), predicted))));
        var client = withModel.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("X-Api-Key", await app.KeyFor("CreditManager"));
        var with = await client.Get("/api/collections/worklist?queue=all");
        var row = Row(with, early);
        Assert.Equal(410 + 600, row.GetProperty("points").GetInt64()); // + 10,000 × 60 days until the predicted pay day / 1000
        Assert.True(row.GetProperty("predicted").GetBoolean());
        Assert.Contains("Predicted to stay unpaid 60 days more on average (10,000.00 USD by the payment prediction)", Reasons(row));
        Assert.True(row.GetProperty("rank").GetInt32() < Row(with, later).GetProperty("rank").GetInt32());
        Assert.Equal(492, Row(with, later).GetProperty("points").GetInt64()); // no prediction for it: amount × days late as before
    }

    [Fact]
    public async Task The_latest_credit_decisions_risk_class_is_shown_in_words_and_counts_in_the_rank()
    {
        var manager = await app.ClientAs("CreditManager");
        var customer = await Overdue(manager, 2_000m, 10); // 20 + 2 owed
        var id = await IdOf(customer);
        await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            db.PolicyDecisions.Add(new PolicyDecisionRecord
            {
                CustomerId = id, AsOf = Today, Currency = "USD", FactsJson = "{}", ScorecardJson = "{}", RulesJson = "[]", Outcome = "Approve",
                RiskClass = "High", ReasonsJson = "[]", AtUtc = app.Now.UtcDateTime, By = "test",
            });
            return await db.SaveChangesAsync();
        });
        var row = Row(await manager.Get("/api/collections/worklist?queue=all"), customer);
        Assert.Equal("high", row.Str("riskClass"));
        Assert.Equal(22 + CollectionScore.RiskPoints["high"], row.GetProperty("points").GetInt64());
        Assert.Contains("Risk class high at the latest credit decision", Reasons(row));

        var signedIn = await Credo.Web.Tests.Pages.PageSession.SignedIn(app, "CreditManager");
        var page = await signedIn.Client.GetStringAsync("/team/collections?queue=all");
        Assert.Contains("high risk", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Promises_kept_and_broken_count_in_the_rank_and_show_in_the_customers_payment_behaviour()
    {
        var manager = await app.ClientAs("CreditManager");
        var customer = await Overdue(manager, 5_000m, 20); // 100 + 5 owed
        var id = await IdOf(customer);
        var none = await manager.Get($"/api/analytics/customers/{customer}/payment-behaviour");
        Assert.Equal(JsonValueKind.Null, none.GetProperty("promises").ValueKind);
        await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            PaymentPromise Promise(PromiseStatus status, int settledDaysAgo) => new()
            {
                CustomerId = id, MadeOn = Today.AddDays(-settledDaysAgo - 7), PromisedOn = Today.AddDays(-settledDaysAgo), AmountMinor = 1_000_00, Currency = "USD",
                Channel = "phone", TakenBy = "test", TakenAtUtc = app.Now.UtcDateTime, Status = status, SettledOn = Today.AddDays(-settledDaysAgo),
            };
            db.PaymentPromises.AddRange(Promise(PromiseStatus.Kept, 100), Promise(PromiseStatus.Kept, 30), Promise(PromiseStatus.Broken, 10), Promise(PromiseStatus.Kept, 400));
            return await db.SaveChangesAsync();
        });

        var row = Row(await manager.Get("/api/collections/worklist?queue=all"), customer);
        Assert.Equal(105 + 300 - 100, row.GetProperty("points").GetInt64()); // + a broken promise, − two kept in 12 months (the one 400 days ago is past)
        Assert.Contains("2 promises to pay kept in the last 12 months", Reasons(row));
        Assert.Contains("1 promise to pay broken in the last 90 days", Reasons(row));

        var behaviour = await manager.Get($"/api/analytics/customers/{customer}/payment-behaviour");
        var promises = behaviour.GetProperty("promises");
        Assert.Equal((2, 1, 0), (promises.GetProperty("kept").GetInt32(), promises.GetProperty("broken").GetInt32(), promises.GetProperty("open").GetInt32()));
        Assert.Equal(66.7m, promises.GetProperty("percentKept").GetDecimal());
        var signedIn = await Credo.Web.Tests.Pages.PageSession.SignedIn(app, "CreditManager");
        var slot = await signedIn.Client.GetStringAsync($"/team/analytics/customers/{customer}/behaviour");
        Assert.Contains("Promises to pay in the last 12 months: 2 kept, 1 broken (67 % kept).", slot, StringComparison.Ordinal);
    }

    /// <summary>More ids than SQLite takes variables (32,766): both failed with "too many SQL variables" when each id was a variable.</summary>
    [Fact]
    public async Task The_backtest_and_the_promise_book_read_more_items_than_SQLite_has_variables()
    {
        const int Items = 33_000;
        var manager = await app.ClientAs("CreditManager");
        var customer = await manager.Debtor();
        var id = await IdOf(customer);
        var ids = await SettledInvoices(id, Items);
        await app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            db.PaymentPromises.Add(new PaymentPromise
            {
                CustomerId = id, MadeOn = Today.AddDays(-20), PromisedOn = Today.AddDays(5), AmountMinor = Items * 10_00L, Currency = "USD",
                Channel = "phone", TakenBy = "test", TakenAtUtc = app.Now.UtcDateTime, Status = PromiseStatus.Open,
                Items = [.. ids.Select(e => new PromiseItem { EntryId = e, OpenAtPromiseMinor = 10_00 })],
            });
            return await db.SaveChangesAsync();
        });

        var state = await app.InScope(sp => PromiseBook.Evaluate(sp.GetRequiredService<CreditDb>(), Today, PromiseTolerance.Default, id, track: false, CancellationToken.None));
        var outcome = Assert.Single(state.Outcomes, o => o.Promise.CustomerId == id);
        Assert.Equal(Items * 10_00L, outcome.PaidMinor); // every item's open amount fell from 10.00 to nothing

        var backtest = await manager.Get($"/api/collections/policy/backtest?from={Iso(Today.AddDays(-60))}&through={Iso(Today)}");
        Assert.True(backtest.GetProperty("customersReplayed").GetInt32() >= 1);
    }

    /// <summary>Invoices already paid (open 0), due 30 days ago, written straight into the ledger as the bench does.</summary>
    private Task<List<long>> SettledInvoices(long customerId, int count) => app.InScope(async sp =>
    {
        var db = sp.GetRequiredService<CreditDb>();
        var first = (await db.Entries.MaxAsync(e => (long?)e.Id) ?? 0) + 1_000_000; // far above the ids the sequence hands out to this class's other tests
        var (posted, due) = (Today.AddDays(-60), Today.AddDays(-30));
        var rows = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            rows.Append(rows.Length == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
                $"({first + i},{customerId},'Invoice','S{first + i}','{posted:yyyy-MM-dd}','{due:yyyy-MM-dd}','USD',1000,'2026-11-30 12:00:00','test',0,'Paid',false,0)");
            if (i % 1_000 == 999 || i == count - 1)
            {
#pragma warning disable EF1002, EF1003 // numbers and dates this test made itself
                await db.Database.ExecuteSqlRawAsync(
                    "INSERT INTO ledger_entries (\"Id\",\"CustomerId\",\"Kind\",\"Document\",\"PostedOn\",\"DueOn\",\"Currency\",\"AmountMinor\",\"RecordedAtUtc\",\"RecordedBy\",\"OpenMinor\",\"State\",\"Disputed\",\"Version\") VALUES " + rows);
#pragma warning restore EF1002, EF1003
                rows.Clear();
            }
        }

        return Enumerable.Range(0, count).Select(i => first + i).ToList();
    });
}
