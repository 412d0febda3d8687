using System.Globalization;
using Credo.Domain.Analytics;
using Credo.Domain.Common;
using Credo.Web.Infrastructure;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Analytics;

/// <summary>What writing one month end's snapshots did: written afresh, or left as they were because they still hold.</summary>
internal sealed record SnapshotWritten(DateOnly MonthEnd, int Written, int Kept, long Cells);

/// <summary>
/// Month-end aging snapshots (issue 13 §2 "the month-end history", §9 "portfolio aging under 1 s"). For each month end
/// that is over, the portfolio's aging sums per customer, currency and cell on the standard buckets, both bases, made by
/// the one aging statement (<see cref="AgingSql"/>) and inserted by the database from it. A portfolio aging as of a
/// date is then the latest snapshot on or before it, rolled forward over the items touched since
/// (<see cref="Aging.RollForward"/>); without a snapshot that still holds, the direct sums. A snapshot holds while the
/// ledger's counts up to its day are those it was made from (the ledger is append-only, so equal counts mean the same
/// facts); the counts are taken before the sums, so a posting racing the write can only make it stale, never wrong.
/// Writing is idempotent: a month end whose snapshots still hold is left alone, a stale one is replaced whole.
/// </summary>
internal sealed class AgingSnapshots(CreditDb db)
{
    public static readonly AgingBasis[] Bases = [AgingBasis.Due, AgingBasis.Document];

    /// <summary>Writes the snapshots of the last <paramref name="months"/> month ends before today that are missing or stale.</summary>
    public async Task<IReadOnlyList<SnapshotWritten>> WriteHistory(int months, CancellationToken ct)
    {
        var last = Aging.MonthEndOnOrBefore(db.Today().AddDays(-1));
        var written = new List<SnapshotWritten>();
        for (var i = months - 1; i >= 0; i--)
        {
            written.Add((await WriteMonth(Aging.MonthEndOnOrBefore(last.AddMonths(-i)), ct)).Value!);
        }

        return written;
    }

    /// <summary>Writes one month end's snapshots (a day that is over: before today), both bases, unless they still hold.</summary>
    public async Task<Result<SnapshotWritten>> WriteMonth(DateOnly monthEnd, CancellationToken ct)
    {
        if (Aging.MonthEndOnOrBefore(monthEnd) != monthEnd || monthEnd >= db.Today())
        {
            return new ValidationFailed("monthEnd", $"A snapshot is of a month's last day once that day is over; {PlainWords.Date(monthEnd)} is not.");
        }

        var counts = await Counts(db, monthEnd, ct);
        int written = 0, kept = 0;
        long cells = 0;
        foreach (var basis in Bases)
        {
            var existing = await Find(db, monthEnd, basis, BucketSet.Standard, ct);
            if (existing is not null && Holds(existing, counts))
            {
                kept++;
                continue;
            }

            cells += await Replace(monthEnd, basis, counts, existing, ct);
            written++;
        }

        return new SnapshotWritten(monthEnd, written, kept, cells);
    }

    /// <summary>
    /// The portfolio's aging sums as of <paramref name="asOf"/> from the latest snapshot on or before it that still holds,
    /// rolled forward; null when there is none (the caller sums directly).
    /// </summary>
    public static async Task<IReadOnlyList<AgedSum>?> SumsOn(CreditDb db, DateOnly asOf, AgingBasis basis, BucketSet buckets, CancellationToken ct)
    {
        var bounds = Bounds(buckets);
        var name = basis.ToString();
        var snapshot = await db.AgingSnapshots.AsNoTracking()
            .Where(s => s.MonthEnd <= asOf && s.Basis == name && s.UpperBounds == bounds)
            .OrderByDescending(s => s.MonthEnd).FirstOrDefaultAsync(ct);
        if (snapshot is null || !Holds(snapshot, await Counts(db, snapshot.MonthEnd, ct)))
        {
            return null;
        }

        var cells = await db.Set<AgingSnapshotCell>().AsNoTracking().Where(c => c.SnapshotId == snapshot.Id)
            .Select(c => new { c.CustomerId, c.Currency, c.Cell, c.Minor }).ToListAsync(ct);
        var sums = cells.Select(c => AgingSql.ToSum(c.CustomerId, c.Currency, c.Cell, c.Minor));
        if (snapshot.MonthEnd == asOf)
        {
            return [.. sums];
        }

        var touched = new TouchedBetween(snapshot.MonthEnd, asOf);
        var then = await AgingSql.Sums(db, snapshot.MonthEnd, basis, buckets, customerId: null, ct, touched);
        var now = await AgingSql.Sums(db, asOf, basis, buckets, customerId: null, ct, touched);
        return Aging.RollForward(sums, then, now);
    }

    private async Task<long> Replace(DateOnly monthEnd, AgingBasis basis, LedgerCounts counts, AgingSnapshotEntry? existing, CancellationToken ct)
    {
        await using var tx = await OwnedTransaction.Begin(db, ct);
        if (existing is not null)
        {
            await db.Set<AgingSnapshotCell>().Where(c => c.SnapshotId == existing.Id).ExecuteDeleteAsync(ct);
            await db.AgingSnapshots.Where(s => s.Id == existing.Id).ExecuteDeleteAsync(ct);
        }

        var header = new AgingSnapshotEntry
        {
            MonthEnd = monthEnd,
            Basis = basis.ToString(),
            UpperBounds = Bounds(BucketSet.Standard),
            EntriesPosted = counts.Entries,
            AllocationsApplied = counts.Allocations,
            DisputesOpened = counts.Disputes,
            WrittenAtUtc = db.UtcNow,
        };
        db.AgingSnapshots.Add(header);
        await db.SaveChangesAsync(ct);
        var (sql, parameters) = AgingSql.Prepare(monthEnd, basis, BucketSet.Standard, customerId: null, touched: null);
        parameters.Add(header.Id);
        var insert = $$"""
            INSERT INTO aging_snapshot_cells ("SnapshotId", "CustomerId", "Currency", "Cell", "Minor")
            SELECT {{{parameters.Count - 1}}}, s."CustomerId", s."Currency", s."Cell", s."Minor" FROM ({{sql}}) s WHERE s."Minor" <> 0
            """;
        var inserted = await db.Database.ExecuteSqlRawAsync(insert, parameters, ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return inserted;
    }

    private static Task<AgingSnapshotEntry?> Find(CreditDb db, DateOnly monthEnd, AgingBasis basis, BucketSet buckets, CancellationToken ct)
    {
        var bounds = Bounds(buckets);
        var name = basis.ToString();
        return db.AgingSnapshots.AsNoTracking().FirstOrDefaultAsync(s => s.MonthEnd == monthEnd && s.Basis == name && s.UpperBounds == bounds, ct);
    }

    private static string Bounds(BucketSet buckets) => string.Join(',', buckets.UpperBounds.Select(b => b.ToString(CultureInfo.InvariantCulture)));

    private static bool Holds(AgingSnapshotEntry snapshot, LedgerCounts counts) =>
        snapshot.EntriesPosted == counts.Entries && snapshot.AllocationsApplied == counts.Allocations && snapshot.DisputesOpened == counts.Disputes;

    /// <summary>How many entries were posted, allocations applied and disputes opened up to the end of <paramref name="day"/>.</summary>
    private static async Task<LedgerCounts> Counts(CreditDb db, DateOnly day, CancellationToken ct)
    {
        var endOfDay = day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        return new LedgerCounts(
            await db.Entries.LongCountAsync(e => e.PostedOn <= day, ct),
            await db.Allocations.LongCountAsync(a => a.AppliedOn <= day, ct),
            await db.Disputes.LongCountAsync(d => d.OpenedAtUtc < endOfDay, ct));
    }

    private readonly record struct LedgerCounts(long Entries, long Allocations, long Disputes);
}
