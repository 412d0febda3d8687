using System.Text.Json;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.Ledger;

/// <summary>Ledger postings in test language; each asserts success and returns the document JSON.</summary>
internal static class LedgerHttp
{
    public static async Task<JsonElement> Invoice(this HttpClient client, string customer, string number, decimal amount, string issueDate = "2026-01-10", string? dueDate = null, string currency = "USD")
    {
        var response = await client.PostJson("/api/invoices", new { customerNumber = customer, number, issueDate, dueDate, amount, currency });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    public static async Task<JsonElement> Payment(this HttpClient client, string customer, string reference, decimal amount, object[]? allocations = null, string receivedOn = "2026-02-01", string currency = "USD", bool autoAllocate = true)
    {
        var response = await client.PostJson("/api/payments", new { customerNumber = customer, reference, receivedOn, amount, currency, method = "bank-transfer", allocations, autoAllocate });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    public static async Task<JsonElement> Get(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Json();
    }

    public static decimal Dec(this JsonElement e, string property) => e.GetProperty(property).GetDecimal();

    public static string Str(this JsonElement e, string property) => e.GetProperty(property).GetString()!;

    /// <summary>The cache equals the derivation: no differences from the reconcile endpoint.</summary>
    public static async Task AssertReconciled(this CredoApp app)
    {
        var admin = await app.ClientAs("Admin");
        var report = await admin.Get("/api/admin/reconcile");
        Assert.True(report.GetProperty("entriesChecked").GetInt32() > 0);
        Assert.True(report.GetProperty("differences").GetArrayLength() == 0, report.ToString());
    }
}
