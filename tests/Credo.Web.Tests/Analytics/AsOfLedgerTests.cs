using System.Globalization;
using System.Text.Json;
using Credo.Domain.Analytics;
using Credo.Web.Data;
using Credo.Web.Features.Analytics;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Analytics;

/// <summary>
/// As-of truth on random ledgers (seeded, so a failure replays), built through the ledger's own endpoints in date
/// order: invoices, payments settling oldest first, credit notes, partial write-offs, bounced payments. After each
/// day's postings the cached open items are what the ledger says on that day; at the end, asked as of each of those
/// days, the per-customer open items, the open-items export and the aging must say exactly the same, and every
/// customer's aging total must equal its statement balance on that day. Runs on SQLite and on PostgreSQL.
/// </summary>
public sealed class AsOfLedgerTests(CredoApp app) : IClassFixture<CredoApp>
{
    private static readonly DateOnly Start = new(2026, 3, 2);

    [Theory]
    [InlineData(11)]
    [InlineData(23)]
    [InlineData(47)]
    public async Task Asked_as_of_any_past_day_the_ledger_says_what_it_said_that_day(int seed)
    {
        var client = await app.ClientAs("CreditManager");
        var random = new Random(seed);
        string[] customers = [Http.Unique("AS"), Http.Unique("AS")];
        await client.CreateCustomer(customers[0]);
        await client.CreateCustomer(customers[1], currency: "EUR");
        var ledger = new RandomLedger(client, random, customers);
        var snapshots = new Dictionary<DateOnly, HashSet<string>>();
        var day = Start;
        for (var step = 0; step < 24; step++)
        {
            day = day.AddDays(random.Next(0, 4));
            await ledger.Step(day);
            snapshots[day] = await CachedOpenItems(client, customers);
        }

        foreach (var (on, expected) in snapshots)
        {
            Assert.Equal(Sorted(expected), Sorted(await OpenItemsAsOf(client, customers, on)));
            Assert.Equal(Sorted(expected), Sorted(await ExportedOpenItems(client, customers, on)));
            await AssertAgingEqualsStatement(client, customers, on);
            await AssertSqlAgingEqualsDerivation(on);
        }

        // Before the first posting nothing was open.
        Assert.Empty(await OpenItemsAsOf(client, customers, Start.AddDays(-1)));
    }

    private static IEnumerable<string> Sorted(IEnumerable<string> items) => items.Order(StringComparer.Ordinal);

    private static string Item(string customer, JsonElement e, string openProperty) =>
        $"{customer}|{e.Str("kind")}|{e.Str("number")}|{e.Str("currency")}|{e.Dec(openProperty).ToString("F2", CultureInfo.InvariantCulture)}";

    private static async Task<HashSet<string>> CachedOpenItems(HttpClient client, string[] customers)
    {
        var items = new HashSet<string>();
        foreach (var c in customers)
        {
            var open = await client.Get($"/api/customers/{c}/open-items");
            items.UnionWith(open.GetProperty("items").EnumerateArray().Select(e => Item(c, e, "balanceEffect")));
        }

        return items;
    }

    private static async Task<HashSet<string>> OpenItemsAsOf(HttpClient client, string[] customers, DateOnly on)
    {
        var items = new HashSet<string>();
        foreach (var c in customers)
        {
            var open = await client.Get($"/api/customers/{c}/open-items?asOf={on:yyyy-MM-dd}");
            Assert.Equal(on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), open.Str("asOf"));
            items.UnionWith(open.GetProperty("items").EnumerateArray().Select(e => Item(c, e, "balanceEffect")));
        }

        return items;
    }

    private static async Task<HashSet<string>> ExportedOpenItems(HttpClient client, string[] customers, DateOnly on)
    {
        var csv = await client.GetStringAsync($"/api/exports/open-items.csv?asOf={on:yyyy-MM-dd}");
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("customer,kind,document,postedOn,dueOn,currency,amount,open,state,disputed,daysOverdue", lines[0]);
        return
        [
            .. lines.Skip(1).Select(l => l.Split(','))
                .Where(f => customers.Contains(f[0]))
                .Select(f => $"{f[0]}|{f[1]}|{f[2]}|{f[5]}|{f[7]}"),
        ];
    }

    /// <summary>
    /// The aging summed by the database (<see cref="AgingSql"/>) equals the in-memory derivation aged by
    /// <see cref="Aging.Rows"/>, on both bases, the standard buckets and an odd set, for the portfolio and each customer.
    /// </summary>
    private async Task AssertSqlAgingEqualsDerivation(DateOnly on) => await app.InScope(async services =>
    {
        var db = services.GetRequiredService<CreditDb>();
        var items = await db.OpenItemsOn(on, customerId: null, CancellationToken.None);
        foreach (var basis in new[] { AgingBasis.Due, AgingBasis.Document })
        {
            foreach (var buckets in new[] { BucketSet.Standard, new BucketSet("odd", [3, 7, 45]) })
            {
                var expected = Aging.Rows(on, basis, buckets, items.Select(o => new AgedItem(o.Item.CustomerId.ToString(CultureInfo.InvariantCulture), o.Item.Currency, o.OpenMinor, o.Item.PostedOn, o.Item.DueOn, o.Disputed)));
                var sums = await AgingSql.Sums(db, on, basis, buckets, customerId: null, CancellationToken.None);
                var actual = Aging.RowsFromSums(buckets, sums, id => [id.ToString(CultureInfo.InvariantCulture)]);
                Assert.Equal(Flat(expected), Flat(actual));
                foreach (var customer in items.Select(o => o.Item.CustomerId).Distinct().Take(3))
                {
                    var one = await AgingSql.Sums(db, on, basis, buckets, customer, CancellationToken.None);
                    Assert.Equal(Flat(expected.Where(r => r.Subject == customer.ToString(CultureInfo.InvariantCulture))), Flat(Aging.RowsFromSums(buckets, one, id => [id.ToString(CultureInfo.InvariantCulture)])));
                }
            }
        }

        return true;
    });

    private static IEnumerable<string> Flat(IEnumerable<AgingRow> rows) =>
        rows.Select(r => $"{r.Subject}|{r.Currency}|{string.Join(';', r.BucketsMinor)}|{r.UnappliedMinor}|{r.DisputedMinor}");

    private static async Task AssertAgingEqualsStatement(HttpClient client, string[] customers, DateOnly on)
    {
        var aging = await client.Get($"/api/analytics/aging?asOf={on:yyyy-MM-dd}&by=customer");
        foreach (var c in customers)
        {
            foreach (var currency in new[] { "USD", "EUR" })
            {
                var statement = await client.Get($"/api/customers/{c}/statement?asOf={on:yyyy-MM-dd}&currency={currency}");
                var row = aging.GetProperty("rows").EnumerateArray().FirstOrDefault(r => r.Str("subject") == c && r.Str("currency") == currency);
                var total = row.ValueKind == JsonValueKind.Undefined ? 0m : row.Dec("total");
                Assert.True(statement.Dec("closingBalance") == total, $"{c} {currency} on {on}: statement {statement.Dec("closingBalance")}, aging {total}");
                if (row.ValueKind != JsonValueKind.Undefined)
                {
                    var buckets = row.GetProperty("buckets").EnumerateArray().Sum(b => b.GetDecimal());
                    Assert.Equal(total, buckets + row.Dec("unapplied") + row.Dec("disputed"));
                }
            }
        }
    }
}

/// <summary>Random postings on one day through the ledger endpoints, every date explicit.</summary>
internal sealed class RandomLedger(HttpClient client, Random random, string[] customers)
{
    private readonly List<(string Customer, string Number, string Currency)> _invoices = [];
    private readonly List<(string Customer, string Reference)> _payments = [];

    public async Task Step(DateOnly on)
    {
        var pick = random.Next(customers.Length);
        var customer = customers[pick];
        var currency = pick == 0 ? "USD" : "EUR";
        var date = on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var amount = random.Next(1, 500) * 10m + random.Next(0, 100) / 100m;
        switch (_invoices.Count < 2 ? 0 : random.Next(6))
        {
            case 0 or 1:
                var number = Http.Unique("INV");
                await client.Invoice(customer, number, amount, issueDate: date, dueDate: on.AddDays(random.Next(0, 40)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), currency: currency);
                _invoices.Add((customer, number, currency));
                break;
            case 2:
                var reference = Http.Unique("PAY");
                await client.Payment(customer, reference, amount, receivedOn: date, currency: currency);
                _payments.Add((customer, reference));
                break;
            case 3:
                var note = await client.PostJson("/api/credit-notes", new { customerNumber = customer, number = Http.Unique("CN"), issueDate = date, amount = decimal.Round(amount / 4, 2), currency, reason = "Returned goods", autoAllocate = random.Next(2) == 0 });
                Assert.True(note.IsSuccessStatusCode, await note.Content.ReadAsStringAsync());
                break;
            case 4:
                var open = _invoices[random.Next(_invoices.Count)];
                // A write-off of an invoice already settled is refused; either outcome is a fact of the ledger.
                await client.PostJson($"/api/invoices/{open.Number}/write-off", new { reason = "Small balance", amount = 1.25m, on = date });
                break;
            default:
                if (_payments.Count > 0)
                {
                    var bounced = _payments[random.Next(_payments.Count)];
                    _payments.Remove(bounced);
                    var reversal = await client.PostJson($"/api/payments/{bounced.Reference}/reversal", new { reason = "Returned by the bank", on = date });
                    Assert.True(reversal.IsSuccessStatusCode, await reversal.Content.ReadAsStringAsync());
                }

                break;
        }
    }
}
