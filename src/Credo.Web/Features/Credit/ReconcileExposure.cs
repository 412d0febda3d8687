using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Credit;

internal sealed record ExposureDifference(long LineId, string Level, long SubjectId, string Currency, long CachedReceivableMinor, long DerivedReceivableMinor, long CachedReservedMinor, long DerivedReservedMinor, string? Error);

internal sealed record ReconcileReport(int LinesChecked, IReadOnlyList<ExposureDifference> Differences, bool Repaired);

/// <summary>
/// Recomputes every line's exposure from open items and reservations and reports any difference from the cache;
/// with <c>repair</c> it sets the cache to the derivation. Runs in one transaction so that it compares a
/// consistent snapshot (SQLite: the write lock; PostgreSQL: repeatable read).
/// </summary>
internal sealed class ReconcileExposure(CreditDb db)
{
    public async Task<ReconcileReport> Handle(bool repair, CancellationToken ct)
    {
        await using var tx = db.Provider == DatabaseProvider.Postgres
            ? await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct)
            : await db.Database.BeginTransactionAsync(ct);
        var lines = await db.CreditLines.AsNoTracking().OrderBy(l => l.Id).ToListAsync(ct);
        var differences = new List<ExposureDifference>();
        foreach (var line in lines)
        {
            var customers = await db.CustomersBelow(line, ct);
            var receivables = await db.Receivables(line, customers, ct);
            var reserved = await db.Reserved(line.Id, ct);
            if (!receivables.IsOk || receivables.Value != line.ReceivableMinor || reserved != line.ReservedMinor)
            {
                differences.Add(new ExposureDifference(line.Id, line.Level.Slug(), line.SubjectId, line.Currency, line.ReceivableMinor, receivables.Value, line.ReservedMinor, reserved, receivables.Error?.Message));
            }
        }

        if (repair)
        {
            foreach (var d in differences.Where(d => d.Error is null))
            {
                await db.CreditLines.Where(l => l.Id == d.LineId)
                    .ExecuteUpdateAsync(s => s.SetProperty(l => l.ReceivableMinor, d.DerivedReceivableMinor).SetProperty(l => l.ReservedMinor, d.DerivedReservedMinor), ct);
            }
        }

        await tx.CommitAsync(ct);
        return new ReconcileReport(lines.Count, differences, repair);
    }

    public static async Task<IResult> Endpoint(bool? repair, ReconcileExposure reconcile, CancellationToken ct) =>
        TypedResults.Ok(await reconcile.Handle(repair ?? false, ct));
}
