using System.Text.Json;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Collections;

/// <summary>Collections set-ups in test language: a customer with an accounts-payable contact and invoices due on given days.</summary>
internal static class CollectionsHttp
{
    public static readonly DateOnly AsOf = new(2026, 11, 30);

    public static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A customer whose payables contact is ap@{number}.example.</summary>
    public static async Task<string> Debtor(this HttpClient client, string? country = null)
    {
        var number = Http.Unique("D");
        var response = await client.PostJson("/api/customers", new
        {
            number,
            legalName = "Debtor " + number,
            currency = "USD",
            terms = "NET30",
            billingAddress = new { line1 = "1 Main St", city = "Town", country = country ?? "US" },
            contacts = new[] { new { name = "Sam Sales", role = "Buyer", email = $"buyer@{number}.example" }, new { name = "Pat Payables", role = "Accounts payable", email = Recipient(number) } },
        });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return number;
    }

    public static string Recipient(string customer) => $"ap@{customer.ToLowerInvariant()}.example";

    /// <summary>An invoice due <paramref name="daysPastDue"/> days before <see cref="AsOf"/> (negative: after).</summary>
    public static async Task<string> Due(this HttpClient client, string customer, int daysPastDue, decimal amount = 400m)
    {
        var number = Http.Unique("INV");
        var due = AsOf.AddDays(-daysPastDue);
        await client.Invoice(customer, number, amount, issueDate: Iso(due.AddDays(-30)), dueDate: Iso(due));
        return number;
    }

    public static Task<JsonElement> Preview(this HttpClient client, DateOnly? asOf = null) => client.Get($"/api/collections/dunning/preview?asOf={Iso(asOf ?? AsOf)}");

    public static async Task<JsonElement> Run(this HttpClient client, DateOnly? asOf = null)
    {
        var response = await client.PostJson("/api/collections/dunning/runs", new { asOf = Iso(asOf ?? AsOf) });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    public static JsonElement? MessageFor(this JsonElement plan, string customer) =>
        plan.GetProperty("messages").EnumerateArray().Where(m => m.Str("customer") == customer).Select(m => (JsonElement?)m).FirstOrDefault();

    public static JsonElement? LeftOutFor(this JsonElement plan, string customer) =>
        plan.GetProperty("leftOut").EnumerateArray().Where(m => m.Str("customer") == customer).Select(m => (JsonElement?)m).FirstOrDefault();

    /// <summary>The emails queued in the outbox to <paramref name="to"/>.</summary>
    public static Task<List<OutboxEmail>> EmailsTo(this CredoApp app, string to) => app.InScope(async sp =>
    {
        var db = sp.GetRequiredService<CreditDb>();
        var rows = await db.Outbox.AsNoTracking().Where(m => m.Topic == OutboxEmail.Topic.Name).ToListAsync();
        return rows.Select(OutboxEmail.Read).Where(e => e!.To == to).Select(e => e!).ToList();
    });

    public static Task<int> MessagesFor(this CredoApp app, string customer) => app.InScope(async sp =>
    {
        var db = sp.GetRequiredService<CreditDb>();
        var id = await db.Customers.Where(c => c.Number == customer).Select(c => c.Id).SingleAsync();
        return await db.DunningMessages.CountAsync(m => m.CustomerId == id);
    });
}
