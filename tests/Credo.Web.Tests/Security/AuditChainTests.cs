using System.Net;
using System.Text.Json;
using Credo.Web.Data;
using Credo.Web.Features.Ledger;
using Credo.Web.Tests.Credit;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Security;

/// <summary>
/// Issue 12 §2: the audit trail cannot be silently bypassed. It is append-only in the database, each row is linked
/// into a SHA-256 chain that concurrent writers keep straight, <c>verify-audit</c> reports the first broken link, and
/// a ledger row forged with SQL is found by reconcile and never absorbed into the caches. Each tampering test has
/// its own app (its own database): a broken chain stays broken.
/// </summary>
public sealed class AuditChainTests(CredoApp app) : IClassFixture<CredoApp>
{
    [Fact]
    public async Task The_database_refuses_to_update_or_delete_an_audit_row()
    {
        await (await app.ClientAs("CreditAnalyst")).CreateCustomer(Http.Unique("C"));
        var id = await app.InScope(sp => sp.GetRequiredService<CreditDb>().Audit.MaxAsync(a => a.Id));

        await Assert.ThrowsAnyAsync<Exception>(() => Sql(app, "UPDATE audit_entries SET \"Actor\" = 'someone else' WHERE \"Id\" = {0}", id));
        await Assert.ThrowsAnyAsync<Exception>(() => Sql(app, "DELETE FROM audit_entries WHERE \"Id\" = {0}", id));
        Assert.Equal(1, await app.InScope(sp => sp.GetRequiredService<CreditDb>().Audit.CountAsync(a => a.Id == id && a.Actor != "someone else")));
    }

    [Fact]
    public async Task Concurrent_audited_changes_leave_one_unbroken_chain_with_no_gaps()
    {
        var analyst = await app.ClientAs("CreditAnalyst");
        var manager = await app.ClientAs("CreditManager");
        var customers = Enumerable.Range(0, 15).Select(_ => Http.Unique("C")).ToList();
        foreach (var c in customers)
        {
            await analyst.CreateCustomer(c);
        }

        // New customers, limits, invoices and payments at once, each on its own customer (so that none waits for a
        // ledger row another holds): each save appends one or more audit rows.
        var work = new List<Func<Task>>();
        for (var i = 0; i < 5; i++)
        {
            var (forLimit, forInvoice, forPayment) = (customers[i], customers[i + 5], customers[i + 10]);
            work.Add(() => manager.SetLimit("customer", forLimit, 5_000m));
            work.Add(async () => await manager.Invoice(forInvoice, Http.Unique("INV"), 100m));
            work.Add(async () => await manager.Payment(forPayment, Http.Unique("PAY"), 10m, autoAllocate: false));
            work.Add(() => analyst.CreateCustomer(Http.Unique("C")));
        }

        await Task.WhenAll(work.Select(w => Task.Run(w)));

        var links = await app.InScope(sp => sp.GetRequiredService<CreditDb>().Audit.Where(a => a.Seq != null).OrderBy(a => a.Seq).Select(a => a.Seq!.Value).ToListAsync());
        Assert.Equal(Enumerable.Range(1, links.Count).Select(i => (long)i), links);
        var verification = await Verify(app);
        Assert.True(verification.GetProperty("intact").GetBoolean(), verification.ToString());
        Assert.StartsWith("intact, ", verification.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_an_admin_may_verify_the_audit_trail()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Anonymous().GetAsync("/api/admin/audit/verification")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientAs("CreditManager")).GetAsync("/api/admin/audit/verification")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await app.ClientAs("Admin")).GetAsync("/api/admin/audit/verification")).StatusCode);
    }

    [Fact]
    public async Task A_row_edited_in_the_database_is_reported_at_its_link()
    {
        await using var own = new CredoApp();
        var (_, links) = await Trail(own);
        await DropAppendOnlyTriggers(own);
        var edited = links[links.Count / 2];
        await Sql(own, "UPDATE audit_entries SET \"Actor\" = 'user:nobody@example.com' WHERE \"Seq\" = {0}", edited);

        var verification = await Verify(own);
        Assert.False(verification.GetProperty("intact").GetBoolean());
        Assert.Equal(edited, verification.GetProperty("firstBreak").GetProperty("link").GetInt64());
        Assert.Contains("changed after it was written", verification.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_deleted_from_the_database_is_reported_as_a_missing_link()
    {
        await using var own = new CredoApp();
        var (_, links) = await Trail(own);
        await DropAppendOnlyTriggers(own);
        var deleted = links[links.Count / 2];
        await Sql(own, "DELETE FROM audit_entries WHERE \"Seq\" = {0}", deleted);

        var verification = await Verify(own);
        Assert.False(verification.GetProperty("intact").GetBoolean());
        Assert.Equal(deleted, verification.GetProperty("firstBreak").GetProperty("link").GetInt64());
        Assert.Contains($"link {deleted} is missing", verification.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_inserted_into_the_database_is_reported_where_it_stands()
    {
        await using var own = new CredoApp();
        await Trail(own);
        await Verify(own); // its API key is written (and audited) before the forged row

        // A row with a made-up hash at the next link, then a row with no link at all.
        await Sql(own, "INSERT INTO audit_entries (\"AtUtc\", \"Actor\", \"Action\", \"Entity\", \"EntityId\", \"Seq\", \"Hash\") VALUES ('2026-12-07 10:00:00', 'user:mallory@example.com', 'Modified', 'CreditLine', '1', (SELECT MAX(\"Seq\") + {0} FROM audit_entries), '" + new string('a', 64) + "')", 1L);
        var next = await own.InScope(sp => sp.GetRequiredService<CreditDb>().Audit.Where(a => a.Actor == "user:mallory@example.com").Select(a => a.Seq!.Value).SingleAsync());
        var forgedLink = await Verify(own);
        Assert.False(forgedLink.GetProperty("intact").GetBoolean());
        Assert.Equal(next, forgedLink.GetProperty("firstBreak").GetProperty("link").GetInt64());

        await using var other = new CredoApp();
        await Trail(other);
        await Sql(other, "INSERT INTO audit_entries (\"AtUtc\", \"Actor\", \"Action\", \"Entity\", \"EntityId\") VALUES ('2026-12-07 10:00:00', 'user:mallory@example.com', 'Modified', 'CreditLine', {0})", 1L);
        var unlinked = await Verify(other);
        Assert.False(unlinked.GetProperty("intact").GetBoolean());
        Assert.Equal(JsonValueKind.Null, unlinked.GetProperty("firstBreak").GetProperty("link").ValueKind);
        Assert.Contains("has no link", unlinked.GetProperty("summary").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ledger_row_forged_with_sql_is_reported_and_reconcile_fix_does_not_absorb_it()
    {
        var manager = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        var invoice = await manager.Invoice(customer, Http.Unique("INV"), 100m);
        var customerId = await app.InScope(sp => sp.GetRequiredService<CreditDb>().Entries.Where(e => e.Id == invoice.GetProperty("id").GetInt64()).Select(e => e.CustomerId).SingleAsync());
        var forgedDocument = Http.Unique("FORGED");

        // A "payment" of 100.00 that nobody received, inserted straight into the table, and the invoice's cache
        // nudged so that --fix has something it would like to rewrite for this customer.
        await Sql(app, "INSERT INTO ledger_entries (\"CustomerId\", \"Kind\", \"Document\", \"PostedOn\", \"Currency\", \"AmountMinor\", \"RecordedAtUtc\", \"RecordedBy\", \"OpenMinor\", \"State\", \"Disputed\", \"Version\") " +
            "VALUES ({0}, 'Payment', '" + forgedDocument + "', '2026-02-01', 'USD', -10000, '2026-02-01 00:00:00', 'user:mallory@example.com', -10000, 'Open', FALSE, 0)", customerId);
        await Sql(app, "UPDATE ledger_entries SET \"OpenMinor\" = 1 WHERE \"Id\" = {0}", invoice.GetProperty("id").GetInt64());

        var report = await app.InScope(sp => sp.GetRequiredService<ReconcileLedger>().Handle(fix: true, CancellationToken.None));
        var forged = Assert.Single(report.Forged, f => f.CustomerId == customerId);
        Assert.Equal(forgedDocument, forged.Document);
        Assert.Contains("no seal", forged.Problem, StringComparison.Ordinal);
        Assert.False(report.Fixed);
        Assert.Equal(1, await app.InScope(sp => sp.GetRequiredService<CreditDb>().Entries.Where(e => e.Id == invoice.GetProperty("id").GetInt64()).Select(e => e.OpenMinor).SingleAsync()));

        // Every entry Credo wrote carries a seal that holds.
        var sealedByCredo = await app.InScope(sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            return db.Entries.AsNoTracking().Where(e => e.CustomerId == customerId && e.Document != forgedDocument).ToListAsync();
        });
        Assert.All(sealedByCredo, e => Assert.True(app.Services.GetRequiredService<LedgerSeal>().Holds(e), e.Document));
    }

    /// <summary>A few audited changes; returns the customer and the links written.</summary>
    private static async Task<(string Customer, List<long> Links)> Trail(CredoApp target)
    {
        var manager = await target.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        await manager.SetLimit("customer", customer, 1_000m);
        await manager.SetLimit("customer", customer, 2_000m);
        await manager.Invoice(customer, Http.Unique("INV"), 100m);
        var links = await target.InScope(sp => sp.GetRequiredService<CreditDb>().Audit.Where(a => a.Seq != null).OrderBy(a => a.Seq).Select(a => a.Seq!.Value).ToListAsync());
        Assert.True(links.Count >= 5);
        var intact = await Verify(target);
        Assert.True(intact.GetProperty("intact").GetBoolean(), intact.ToString());
        return (customer, links);
    }

    private static async Task<JsonElement> Verify(CredoApp target) =>
        await (await target.ClientAs("Admin")).Get("/api/admin/audit/verification");

    private static Task DropAppendOnlyTriggers(CredoApp target) => target.InScope(async sp =>
    {
        var db = sp.GetRequiredService<CreditDb>();
        if (target.IsPostgres)
        {
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER audit_entries_no_update ON audit_entries");
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER audit_entries_no_delete ON audit_entries");
        }
        else
        {
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER audit_entries_no_update");
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER audit_entries_no_delete");
        }

        return true;
    });

    private static Task<int> Sql(CredoApp target, string sql, long id) => target.InScope(sp =>
        sp.GetRequiredService<CreditDb>().Database.ExecuteSqlRawAsync(sql, [id]));
}
