using Credo.Web.Data;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Ledger;

/// <summary>The database itself refuses to rewrite history, on both providers.</summary>
public sealed class AppendOnlyTests(CredoApp app) : IClassFixture<CredoApp>
{
    private async Task<long> PostedInvoiceId()
    {
        var client = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await client.CreateCustomer(customer);
        var invoice = await client.Invoice(customer, Http.Unique("INV"), 100m);
        await client.Payment(customer, Http.Unique("PAY"), 40m);
        return invoice.GetProperty("id").GetInt64();
    }

    private Task<int> Sql(string sql, long id) => app.InScope(sp =>
        sp.GetRequiredService<CreditDb>().Database.ExecuteSqlRawAsync(sql, [id]));

    [Fact]
    public async Task Updating_a_posted_amount_fails()
    {
        var id = await PostedInvoiceId();
        await Assert.ThrowsAnyAsync<Exception>(() => Sql("UPDATE ledger_entries SET \"AmountMinor\" = 1 WHERE \"Id\" = {0}", id));
        await Assert.ThrowsAnyAsync<Exception>(() => Sql("UPDATE ledger_entries SET \"PostedOn\" = '2020-01-01' WHERE \"Id\" = {0}", id));
    }

    [Fact]
    public async Task Deleting_an_entry_fails()
    {
        var id = await PostedInvoiceId();
        await Assert.ThrowsAnyAsync<Exception>(() => Sql("DELETE FROM ledger_entries WHERE \"Id\" = {0}", id));
    }

    [Fact]
    public async Task Allocations_cannot_be_updated_or_deleted()
    {
        var id = await PostedInvoiceId();
        await Assert.ThrowsAnyAsync<Exception>(() => Sql("UPDATE allocations SET \"AmountMinor\" = 1 WHERE \"DebitId\" = {0}", id));
        await Assert.ThrowsAnyAsync<Exception>(() => Sql("DELETE FROM allocations WHERE \"DebitId\" = {0}", id));
    }

    [Fact]
    public async Task Reconcile_reads_a_range_of_customers_at_a_time_and_every_range_size_finds_the_same()
    {
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await PostedInvoiceId());
        }

        Assert.Equal(1, await Sql("UPDATE ledger_entries SET \"OpenMinor\" = 7, \"State\" = 'Open' WHERE \"Id\" = {0}", ids[2]));
        try
        {
            var reports = new List<Credo.Web.Features.Ledger.ReconcileReport>();
            foreach (var size in new[] { 1, 2, 3, Credo.Web.Features.Ledger.ReconcileLedger.DefaultCustomersPerChunk })
            {
                reports.Add(await app.InScope(sp => new Credo.Web.Features.Ledger.ReconcileLedger(sp.GetRequiredService<CreditDb>(), size).Handle(fix: false, CancellationToken.None)));
            }

            Assert.All(reports, r => Assert.Equal(reports[^1].EntriesChecked, r.EntriesChecked));
            Assert.All(reports, r => Assert.Equal(ids[2], Assert.Single(r.Differences).EntryId));
            Assert.All(reports, r => Assert.Equal(60m, r.Differences[0].DerivedOpen));
        }
        finally
        {
            await app.InScope(sp => new Credo.Web.Features.Ledger.ReconcileLedger(sp.GetRequiredService<CreditDb>(), 2).Handle(fix: true, CancellationToken.None));
        }

        await app.AssertReconciled();
    }

    [Fact]
    public async Task Only_the_cache_columns_change_and_reconcile_finds_and_repairs_a_wrong_cache()
    {
        var id = await PostedInvoiceId();
        Assert.Equal(1, await Sql("UPDATE ledger_entries SET \"OpenMinor\" = 1, \"State\" = 'Paid' WHERE \"Id\" = {0}", id));
        var admin = await app.ClientAs("Admin");
        var report = await admin.Get("/api/admin/reconcile");
        var difference = Assert.Single(report.GetProperty("differences").EnumerateArray());
        Assert.Equal(id, difference.GetProperty("entryId").GetInt64());
        Assert.Equal(0.01m, difference.Dec("cachedOpen"));
        Assert.Equal(60m, difference.Dec("derivedOpen"));
        Assert.Equal("PartiallyPaid", difference.Str("derivedState"));

        var fixedReport = await app.InScope(sp => sp.GetRequiredService<Credo.Web.Features.Ledger.ReconcileLedger>().Handle(fix: true, CancellationToken.None));
        Assert.True(fixedReport.Fixed);
        await app.AssertReconciled();
        var viewer = await app.ClientAs("Viewer");
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/admin/reconcile")).StatusCode);
    }
}
