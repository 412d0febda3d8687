using System.Net.Http.Json;
using System.Text.Json;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Features.Credit;
using Credo.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Credit;

/// <summary>Small steps that keep the credit tests reading like the domain. Each test makes its own data.</summary>
internal static class CreditDriver
{
    public static async Task SetLimit(this HttpClient client, string level, string key, decimal? limit, string currency = "USD", decimal? temporaryIncrease = null, DateOnly? temporaryIncreaseExpiresOn = null, DateOnly? reviewOn = null, DateOnly? expiresOn = null)
    {
        var response = await client.PutAsJsonAsync(
            $"/api/credit-lines/{level}/{Uri.EscapeDataString(key)}",
            new { limit, currency, temporaryIncrease, temporaryIncreaseExpiresOn, reviewOn, expiresOn, reason = "test" },
            CredoApp.Json);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    public static Task<HttpResponseMessage> Check(this HttpClient client, string customer, string orderReference, decimal amount, string currency = "USD") =>
        client.PostJson("/api/credit-checks", new { customer, orderReference, amount, currency });

    public static async Task<JsonElement> CheckOk(this HttpClient client, string customer, string orderReference, decimal amount, string currency = "USD")
    {
        var response = await client.Check(customer, orderReference, amount, currency);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static async Task CreateGroup(this HttpClient client, string code, string? parentCode = null)
    {
        var response = await client.PostJson("/api/groups", new { code, name = "Group " + code, parentCode });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts an open invoice straight into the ledger (the ledger slice is another feature's).</summary>
    public static Task<long> PostInvoice(this CredoApp app, string customer, long amountMinor, DateOnly dueOn, string currency = "USD") =>
        app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            var entry = Invoice((await db.CustomerId(customer, CancellationToken.None))!.Value, amountMinor, dueOn, currency, app.Now.UtcDateTime);
            db.Entries.Add(entry);
            await db.SaveChangesAsync();
            return entry.Id;
        });

    public static LedgerEntry Invoice(long customerId, long amountMinor, DateOnly dueOn, string currency = "USD", DateTime? recordedAtUtc = null) =>
            new()
            {
                CustomerId = customerId,
                Kind = EntryKind.Invoice,
                Document = "INV-" + Guid.NewGuid().ToString("N")[..12],
                PostedOn = dueOn.AddDays(-30),
                DueOn = dueOn,
                Currency = currency,
                AmountMinor = amountMinor,
                OpenMinor = amountMinor,
                State = ItemState.Open,
                RecordedAtUtc = recordedAtUtc ?? dueOn.AddDays(-30).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), // no wall clock (issue 12 §6)
                RecordedBy = "test",
            };

    /// <summary>Settles part of an item by changing its cached open amount, as allocation does.</summary>
    public static Task Settle(this CredoApp app, long entryId, long minor) =>
        app.InScope(async sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            var entry = await db.Entries.FindAsync(entryId);
            entry!.OpenMinor -= minor;
            entry.State = entry.OpenMinor == 0 ? ItemState.Paid : ItemState.PartiallyPaid;
            await db.SaveChangesAsync();
            return true;
        });

    public static async Task<JsonElement> Line(this HttpClient client, string level, string key) =>
        await (await client.GetAsync($"/api/credit-lines/{level}/{Uri.EscapeDataString(key)}")).Json();

    /// <summary>A check through the front door's writer in-process (no HTTP), its outcome.</summary>
    public static async Task<string> CheckThroughWriter(this CredoApp app, string customer, decimal amount, string? order = null) =>
        (await app.InScope(sp => sp.GetRequiredService<CheckQueue>().Submit(
            new CreditCheckRequest(customer, order ?? Http.Unique("SO"), amount, "USD", null),
            sp.GetRequiredService<CreditDb>(), sp.GetRequiredService<CheckCredit>(), CancellationToken.None))).Value!.Outcome;

    /// <summary>SQLite: a customer with a 1,000 limit, one approval through the writer, and the writer's log syncer.</summary>
    public static async Task<(HttpClient Client, string Customer, WalSyncer Syncer)> SyncingWriter(this CredoApp app)
    {
        var client = await app.ClientAs("Admin");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        await client.SetLimit("customer", customer, 1_000m);
        Assert.Equal("approved", await app.CheckThroughWriter(customer, 1m)); // the writer and its syncer are running
        return (client, customer, Assert.IsType<WalSyncer>(app.Services.GetRequiredService<CheckQueue>().Syncer));
    }
}
