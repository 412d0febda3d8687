using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Features.Ledger;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Security;

/// <summary>
/// Issue 11 / ADR 0020: seals are stored as 32 raw bytes (migration <c>LedgerSealBytes</c>). A database whose seals are
/// the 64 hex characters an earlier Credo wrote still verifies after the upgrade; a wrong seal stays wrong (never
/// "no seal"), and the append-only triggers still hold. The test takes its own database back to the schema before the
/// migration (whose Down writes the seals back as hex text), writes rows as the earlier Credo did, and upgrades it.
/// </summary>
public sealed class LedgerSealBytesTests
{
    [Fact]
    public async Task A_ledger_sealed_in_hex_text_still_verifies_after_the_upgrade_and_forgeries_stay_reported()
    {
        await using var app = new CredoApp();
        var manager = await app.ClientAs("CreditManager");
        var customer = Http.Unique("C");
        await manager.CreateCustomer(customer);
        var invoiceId = (await manager.Invoice(customer, Http.Unique("INV"), 100m)).GetProperty("id").GetInt64();
        var customerId = await app.InScope(sp => sp.GetRequiredService<CreditDb>().Customers.Where(c => c.Number == customer).Select(c => c.Id).SingleAsync());
        var sealedBytes = (await Entry(app, invoiceId)).Seal!;
        Assert.Equal(LedgerSeal.Length, sealedBytes.Length);

        await MigrateTo(app, before: true);
        Assert.Equal(Convert.ToHexStringLower(sealedBytes), await SealText(app, invoiceId)); // the earlier schema's hex text

        // Rows as the earlier Credo (or someone around it) wrote them, in hex-seal days.
        var seal = app.Services.GetRequiredService<LedgerSeal>();
        var hexSealed = Http.Unique("OLDHEX");
        await Insert(app, customerId, hexSealed, "'" + Convert.ToHexStringLower(seal.Of(AsInserted(customerId, hexSealed))) + "'");
        var wrongHex = Http.Unique("WRONGHEX");
        await Insert(app, customerId, wrongHex, "'" + new string('b', 64) + "'");
        var notHex = Http.Unique("NOTHEX");
        await Insert(app, customerId, notHex, "'not a seal'");
        var upperHex = Http.Unique("UPPERHEX"); // Credo wrote lower case only: an upper-case copy never held
        await Insert(app, customerId, upperHex, "'" + Convert.ToHexString(seal.Of(AsInserted(customerId, upperHex))) + "'");
        var empty = Http.Unique("EMPTY");
        await Insert(app, customerId, empty, "''");

        await MigrateTo(app, before: false);

        Assert.Equal(sealedBytes, (await Entry(app, invoiceId)).Seal);
        var report = await app.InScope(sp => sp.GetRequiredService<ReconcileLedger>().Handle(fix: false, CancellationToken.None));
        var forged = report.Forged.Where(f => f.CustomerId == customerId).ToDictionary(f => f.Document!, f => f.Problem);
        Assert.Equal(new[] { wrongHex, notHex, upperHex, empty }.Order(), forged.Keys.Order());
        Assert.Contains("no seal", forged[empty], StringComparison.Ordinal);
        Assert.All(new[] { wrongHex, notHex, upperHex }, d => Assert.Contains("does not match", forged[d], StringComparison.Ordinal));
        var hexRow = await Entry(app, hexSealed);
        Assert.True(seal.Holds(hexRow));
        Assert.Equal(LedgerSeal.Length, hexRow.Seal!.Length);

        // The append-only triggers survived the conversion: a seal is never changed, posted columns never, rows never deleted.
        await Assert.ThrowsAnyAsync<Exception>(() => Sql(app, "UPDATE ledger_entries SET \"Seal\" = NULL WHERE \"Id\" = {0}", hexRow.Id));
        await Assert.ThrowsAnyAsync<Exception>(() => Sql(app, "UPDATE ledger_entries SET \"Seal\" = NULL WHERE \"Id\" = {0}", invoiceId));
        await Assert.ThrowsAnyAsync<Exception>(() => Sql(app, "UPDATE ledger_entries SET \"AmountMinor\" = 1 WHERE \"Id\" = {0}", hexRow.Id));
        await Assert.ThrowsAnyAsync<Exception>(() => Sql(app, "DELETE FROM ledger_entries WHERE \"Id\" = {0}", hexRow.Id));
        Assert.True(seal.Holds(await Entry(app, hexSealed)));
    }

    /// <summary>The entry as <see cref="Insert"/> writes it, to seal it as the earlier Credo would have.</summary>
    private static LedgerEntry AsInserted(long customerId, string document) => new()
    {
        CustomerId = customerId, Kind = EntryKind.Payment, Document = document, PostedOn = new DateOnly(2026, 2, 1), Currency = "USD",
        AmountMinor = -10000, RecordedBy = "user:before-the-upgrade@example.com",
    };

    private static Task<int> Insert(CredoApp app, long customerId, string document, string sealSql) => Sql(
        app,
        "INSERT INTO ledger_entries (\"CustomerId\", \"Kind\", \"Document\", \"PostedOn\", \"Currency\", \"AmountMinor\", \"RecordedAtUtc\", \"RecordedBy\", \"OpenMinor\", \"State\", \"Disputed\", \"Version\", \"Seal\") " +
        "VALUES ({0}, 'Payment', '" + document + "', '2026-02-01', 'USD', -10000, '2026-02-01 00:00:00', 'user:before-the-upgrade@example.com', -10000, 'Open', FALSE, 0, " + sealSql + ")",
        customerId);

    /// <summary>To the migration before <c>LedgerSealBytes</c> (its Down runs), or up to the latest again.</summary>
    private static Task<int> MigrateTo(CredoApp app, bool before) => app.InScope(async sp =>
    {
        var db = sp.GetRequiredService<CreditDb>();
        var migrations = db.Database.GetMigrations().ToList();
        var bytes = migrations.FindIndex(m => m.EndsWith("_LedgerSealBytes", StringComparison.Ordinal));
        Assert.True(bytes > 0);
        await db.GetService<IMigrator>().MigrateAsync(before ? migrations[bytes - 1] : null);
        return 0;
    });

    private static Task<string> SealText(CredoApp app, long id) => app.InScope(sp =>
        sp.GetRequiredService<CreditDb>().Database.SqlQueryRaw<string>("SELECT \"Seal\" AS \"Value\" FROM ledger_entries WHERE \"Id\" = {0}", id).SingleAsync());

    private static Task<LedgerEntry> Entry(CredoApp app, long id) =>
        app.InScope(sp => sp.GetRequiredService<CreditDb>().Entries.AsNoTracking().SingleAsync(e => e.Id == id));

    private static Task<LedgerEntry> Entry(CredoApp app, string document) =>
        app.InScope(sp => sp.GetRequiredService<CreditDb>().Entries.AsNoTracking().SingleAsync(e => e.Document == document));

    private static Task<int> Sql(CredoApp app, string sql, long id) => app.InScope(sp =>
        sp.GetRequiredService<CreditDb>().Database.ExecuteSqlRawAsync(sql, [id]));
}
