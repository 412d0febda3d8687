using System.Text.Json;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Admin;

/// <summary>
/// What <c>seal-ledger --existing</c> did: <paramref name="Sealed"/> rows sealed (ids <paramref name="FirstId"/> to
/// <paramref name="LastId"/>), <paramref name="LeftUnsealed"/> rows without a seal left as they are because they were
/// written after sealing began or after <c>--through-id</c> (they stay reported as forged).
/// </summary>
internal sealed record LedgerSealing(int Sealed, long? FirstId, long? LastId, int LeftUnsealed, string Summary);

/// <summary>
/// The one-time seal of a database upgraded from before ADR 0020 (issue 12): its ledger rows written before the
/// seals existed carry none, and <c>reconcile</c> reports them as forged. This seals those rows, deliberately, once:
/// <list type="bullet">
/// <item>only rows with no seal (null or empty): a row with a seal, right or wrong, is never sealed again, so a
/// forgery with a bad seal stays reported;</item>
/// <item>only rows older than the first sealed row (every row Credo wrote since the upgrade is sealed, so an unsealed
/// row after it was inserted around Credo) and, when given, up to <c>--through-id</c>, the last id a person checked;</item>
/// <item>one audit row with how many were sealed, the id range and who ran it; a second run seals nothing and writes
/// nothing.</item>
/// </list>
/// The database lets a seal be written once (trigger <c>ledger_entries_seal_once</c>), never changed.
/// </summary>
internal sealed class SealExistingLedger(CreditDb db)
{
    private const int Page = 1000;

    /// <summary>An empty seal, which means none (compared as a value: EF's SQLite provider cannot translate a byte[]'s Length).</summary>
    private static readonly byte[] NoBytes = [];

    public async Task<LedgerSealing> Handle(long? throughId, CancellationToken ct)
    {
        var firstSealed = await db.Entries.Where(e => e.Seal != null && e.Seal != NoBytes).MinAsync(e => (long?)e.Id, ct);
        var unsealed = db.Entries.Where(e => e.Seal == null || e.Seal == NoBytes);
        var eligible = unsealed.Where(e => (firstSealed == null || e.Id < firstSealed) && (throughId == null || e.Id <= throughId));
        var left = await unsealed.CountAsync(ct) - await eligible.CountAsync(ct);

        await using var tx = await OwnedTransaction.Begin(db, ct);
        var (count, first, last) = (0, (long?)null, (long?)null);
        while (true)
        {
            var after = last ?? long.MinValue;
            var page = await eligible.Where(e => e.Id > after).OrderBy(e => e.Id).Take(Page).AsNoTracking().ToListAsync(ct);
            if (page.Count == 0)
            {
                break;
            }

            foreach (var entry in page)
            {
                var seal = db.LedgerSeal.Of(entry);
                // The guard repeats "no seal yet": a row sealed meanwhile is not touched.
                count += await db.Entries.Where(e => e.Id == entry.Id && (e.Seal == null || e.Seal == NoBytes))
                    .ExecuteUpdateAsync(s => s.SetProperty(e => e.Seal, seal), ct);
            }

            first ??= page[0].Id;
            last = page[^1].Id;
        }

        if (count > 0)
        {
            db.Audit.Add(Row(count, first, last, throughId, left));
            await db.SaveChangesAsync(ct);
        }

        await tx.CommitAsync(ct);
        return new LedgerSealing(count, first, last, left, Describe(count, first, last, left));
    }

    private AuditEntry Row(int count, long? first, long? last, long? throughId, int left) => new()
    {
        AtUtc = db.UtcNow,
        Actor = db.Actor.Name,
        Action = "seal-existing",
        Entity = nameof(LedgerEntry),
        EntityId = $"{first}-{last}",
        BeforeJson = JsonSerializer.Serialize(new { unsealed = count + left }),
        AfterJson = JsonSerializer.Serialize(new { @sealed = count, firstId = first, lastId = last, throughId, leftUnsealed = left }),
    };

    private static string Describe(int count, long? first, long? last, int left) =>
        (count == 0 ? "sealed 0 ledger rows: none written before sealing began is without a seal" : $"sealed {count} ledger rows (ids {first} to {last})")
        + (left > 0 ? $"; {left} rows without a seal were left as they are (written after sealing began, or after --through-id): reconcile reports them as forged." : ".");
}
