using System.Net;
using Xunit.Abstractions;
using Credo.Web.Tests.Support;

namespace Credo.Web.Tests.Ledger;

/// <summary>Concurrent payments against one invoice never over-allocate it, on either database.</summary>
public sealed class ConcurrencyTests(CredoApp app, ITestOutputHelper output) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task Concurrent_payments_never_over_allocate_an_invoice()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var invoice = Http.Unique("INV");
        await client.Invoice(customer, invoice, 100m);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            var c = await app.ClientAs("CreditManager");
            return await c.PostJson(
                "/api/payments",
                new { customerNumber = customer, reference = Http.Unique("PAY"), amount = 30m, currency = "USD", method = "bank-transfer", allocations = new[] { new { invoiceNumber = invoice, amount = 30m } } },
                Http.Unique("key"));
        }));

        var statuses = responses.Select(r => r.StatusCode).ToList();
        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.Created or HttpStatusCode.Conflict, $"Unexpected {s}: {string.Join(", ", statuses)}"));
        foreach (var refused in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            var problem = await refused.Json();
            Assert.Contains(problem.Str("type"), new[] { "https://credo.dev/problems/concurrent-update", "https://credo.dev/problems/over-allocation" });
        }

        var created = statuses.Count(s => s == HttpStatusCode.Created);
        output.WriteLine($"{(app.IsPostgres ? "PostgreSQL" : "SQLite")}: {string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{g.Count()} × {(int)g.Key}"))}");
        Assert.InRange(created, 1, 3);
        var read = await client.Get($"/api/invoices/{invoice}");
        var allocated = read.GetProperty("allocations").EnumerateArray().Sum(a => a.Dec("amount"));
        Assert.True(allocated <= 100m, $"Allocated {allocated}");
        Assert.Equal(30m * created, allocated);
        Assert.Equal(100m - allocated, read.Dec("open"));
        await app.AssertReconciled();
    }

    [Fact]
    public async Task Concurrent_oldest_first_payments_keep_the_cache_exact()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        for (var i = 0; i < 3; i++)
        {
            await client.Invoice(customer, Http.Unique("INV"), 50m, issueDate: $"2026-01-0{i + 1}");
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            await client.PostJson("/api/payments", new { customerNumber = customer, reference = Http.Unique("PAY"), amount = 25m, currency = "USD", method = "card" })));
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        var created = responses.Count(r => r.StatusCode == HttpStatusCode.Created);
        var balance = await client.Get($"/api/customers/{customer}/balance");
        Assert.Equal(150m - (25m * created), balance.GetProperty("currencies")[0].Dec("balance"));
        await app.AssertReconciled();
    }

    [Fact]
    public async Task Concurrent_posts_of_one_invoice_number_create_it_once()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var number = Http.Unique("INV");
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            client.PostJson("/api/invoices", new { customerNumber = customer, number, amount = 10m + i, currency = "USD" }, Http.Unique("key"))));
        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await refused.AssertProblem(409, "duplicate-document", "number");
        }
    }
}
