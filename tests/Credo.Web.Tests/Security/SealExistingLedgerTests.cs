using System.Net;
using Credo.Web.Data;
using Credo.Web.Features.Admin;
using Credo.Web.Features.Ledger;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Security;

/// <summary>
/// Issue 12 / ADR 0020, the upgrade gap: a database upgraded from before the ledger seals holds rows with no seal,
/// which reconcile reports as forged. <c>seal-ledger --existing</c> seals those rows once, deliberately; a row with a
/// wrong seal, or an unsealed row written after sealing began, stays reported; a second run seals nothing. Each test
/// has its own database, because "before sealing began" is a place in the ledger's ids.
/// </summary>
public sealed class SealExistingLedgerTests
{
    [Fact]
    public async Task Rows_written_before_the_seals_are_sealed_once_and_forgeries_stay_reported()
    {
        await using var app = new CredoApp();
        var manager = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        var customerId = await app.InScope(sp => sp.GetRequiredService<CreditDb>().Customers.Where(c => c.Number == customer).Select(c => c.Id).SingleAsync());

        // "Before the upgrade": rows with no seal (null, and empty), and one with a wrong seal, all before any sealed row.
        var before = new[] { Http.Unique("OLD"), Http.Unique("OLD"), Http.Unique("BADSEAL") };
        await Insert(app, customerId, before[0], "NULL");
        await Insert(app, customerId, before[1], app.IsPostgres ? "''" : "CAST('' AS BLOB)"); // an empty seal (bytes since LedgerSealBytes)
        await Insert(app, customerId, before[2], "'" + new string('b', 64) + "'");

        // "After the upgrade": Credo writes sealed rows; then someone inserts an unsealed row with SQL.
        var invoice = await manager.Invoice(customer, Http.Unique("INV"), 100m);
        var late = Http.Unique("LATE");
        await Insert(app, customerId, late, "NULL");

        var forgedBefore = await Forged(app);
        Assert.Equal(before.Append(late).Order(), forgedBefore.Order());

        var first = await app.InScope(sp => sp.GetRequiredService<SealExistingLedger>().Handle(null, CancellationToken.None));
        Assert.Equal((2, 1), (first.Sealed, first.LeftUnsealed));
        Assert.Equal(new[] { before[2], late }.Order(), (await Forged(app)).Order());
        Assert.All(await Entries(app, before[0], before[1]), e => Assert.True(app.Services.GetRequiredService<LedgerSeal>().Holds(e), e.Document));

        var audit = Assert.Single(await app.InScope(sp => sp.GetRequiredService<CreditDb>().Audit.AsNoTracking().Where(a => a.Action == "seal-existing").ToListAsync()));
        Assert.False(string.IsNullOrWhiteSpace(audit.Actor));
        Assert.Contains("\"sealed\":2", audit.AfterJson, StringComparison.Ordinal);
        Assert.Contains("\"unsealed\":3", audit.BeforeJson, StringComparison.Ordinal);
        Assert.NotNull(audit.Seq); // linked into the audit chain like every other row
        var verification = await (await app.ClientAs("Admin")).GetAsync("/api/admin/audit/verification");
        Assert.Equal(HttpStatusCode.OK, verification.StatusCode);
        Assert.True((await verification.Json()).GetProperty("intact").GetBoolean());

        var second = await app.InScope(sp => sp.GetRequiredService<SealExistingLedger>().Handle(null, CancellationToken.None));
        Assert.Equal((0, 1), (second.Sealed, second.LeftUnsealed));
        Assert.Equal(1, await app.InScope(sp => sp.GetRequiredService<CreditDb>().Audit.CountAsync(a => a.Action == "seal-existing")));

        // A seal, once written, cannot be changed in the database: neither Credo's nor the one just written.
        await Assert.ThrowsAnyAsync<Exception>(() => Sql(app, "UPDATE ledger_entries SET \"Seal\" = '" + new string('c', 64) + "' WHERE \"Id\" = {0}", invoice.GetProperty("id").GetInt64()));
        var sealedOld = (await Entries(app, before[0])).Single().Id;
        await Assert.ThrowsAnyAsync<Exception>(() => Sql(app, "UPDATE ledger_entries SET \"Seal\" = NULL WHERE \"Id\" = {0}", sealedOld));
    }

    [Fact]
    public async Task Through_id_limits_the_seal_to_the_rows_a_person_checked()
    {
        await using var app = new CredoApp();
        var manager = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        var customerId = await app.InScope(sp => sp.GetRequiredService<CreditDb>().Customers.Where(c => c.Number == customer).Select(c => c.Id).SingleAsync());
        var (checkedRow, notChecked) = (Http.Unique("OLD"), Http.Unique("OLD"));
        await Insert(app, customerId, checkedRow, "NULL");
        await Insert(app, customerId, notChecked, "NULL");
        var throughId = (await Entries(app, checkedRow)).Single().Id;

        var result = await app.InScope(sp => sp.GetRequiredService<SealExistingLedger>().Handle(throughId, CancellationToken.None));

        Assert.Equal((1, 1), (result.Sealed, result.LeftUnsealed));
        Assert.Equal([notChecked], await Forged(app));
    }

    private static Task<int> Insert(CredoApp app, long customerId, string document, string sealSql) => Sql(
        app,
        "INSERT INTO ledger_entries (\"CustomerId\", \"Kind\", \"Document\", \"PostedOn\", \"Currency\", \"AmountMinor\", \"RecordedAtUtc\", \"RecordedBy\", \"OpenMinor\", \"State\", \"Disputed\", \"Version\", \"Seal\") " +
        "VALUES ({0}, 'Payment', '" + document + "', '2026-02-01', 'USD', -10000, '2026-02-01 00:00:00', 'user:before-the-upgrade@example.com', -10000, 'Open', FALSE, 0, " + sealSql + ")",
        customerId);

    private static async Task<List<string>> Forged(CredoApp app) =>
        [.. (await app.InScope(sp => sp.GetRequiredService<ReconcileLedger>().Handle(fix: false, CancellationToken.None))).Forged.Select(f => f.Document!)];

    private static Task<List<LedgerEntry>> Entries(CredoApp app, params string[] documents) =>
        app.InScope(sp => sp.GetRequiredService<CreditDb>().Entries.AsNoTracking().Where(e => documents.Contains(e.Document)).ToListAsync());

    private static Task<int> Sql(CredoApp app, string sql, long id) => app.InScope(sp =>
        sp.GetRequiredService<CreditDb>().Database.ExecuteSqlRawAsync(sql, [id]));
}
