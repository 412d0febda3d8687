using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Credit;

internal sealed record ExposureDifference(long LineId, string Level, long SubjectId, string Currency, long CachedReceivableMinor, long DerivedReceivableMinor, long CachedReservedMinor, long DerivedReservedMinor, int MissingShares, string? Error)
{
    public long CachedShippedMinor { get; init; }

    public long DerivedShippedMinor { get; init; }
}

internal sealed record ReconcileReport(int LinesChecked, IReadOnlyList<ExposureDifference> Differences, bool Repaired);

/// <summary>
/// Recomputes every line's exposure, every category (receivables, approved orders, shipped not invoiced), from open
/// items and reservations and reports any difference from the cache;
/// with <c>repair</c> it sets the cache to the derivation. Runs in one transaction so that it compares a
/// consistent snapshot (SQLite: the write lock; PostgreSQL: repeatable read).
/// </summary>
internal sealed class ReconcileExposure(CreditDb db)
{
    public async Task<ReconcileReport> Handle(bool repair, CancellationToken ct)
    {
        await using var tx = await OwnedTransaction.Begin(db, ct, db.Provider == DatabaseProvider.Postgres ? System.Data.IsolationLevel.RepeatableRead : null);
        var lines = await db.CreditLines.AsNoTracking().OrderBy(l => l.Id).ToListAsync(ct);
        var differences = new List<ExposureDifference>();
        foreach (var line in lines)
        {
            var customers = await db.CustomersBelow(line, ct);
            var receivables = await db.Receivables(line, customers, ct);
            var reserved = await db.Shares(line.Id, ReservationState.Active, ct);
            var shipped = await db.Shares(line.Id, ReservationState.Shipped, ct);

            // Structural drift: an active reservation below the node with no share of this line (the customer moved
            // group or segment after its check). Its share is what the line is missing.
            var active = db.CreditReservations.AsNoTracking().Where(r => CreditPaths.Counted.Contains(r.State) && !r.Lines.Any(l => l.LineId == line.Id));
            if (customers is not null)
            {
                active = active.Where(r => customers.Contains(r.CustomerId));
            }

            var missing = await active.Select(r => new { r.Id, r.AmountMinor, r.Currency, r.CheckedOn }).ToListAsync(ct);
            if (!receivables.IsOk || receivables.Value != line.ReceivableMinor || reserved != line.ReservedMinor || shipped != line.ShippedMinor || missing.Count > 0)
            {
                differences.Add(new ExposureDifference(line.Id, line.Level.Slug(), line.SubjectId, line.Currency, line.ReceivableMinor, receivables.Value, line.ReservedMinor, reserved, missing.Count, receivables.Error?.Message)
                {
                    CachedShippedMinor = line.ShippedMinor,
                    DerivedShippedMinor = shipped,
                });
            }

            if (repair && missing.Count > 0)
            {
                var rates = await db.Rates(missing.Select(m => m.Currency).Append(line.Currency), ct);
                foreach (var m in missing)
                {
                    var share = rates.Convert(new Credo.Domain.Amounts.Money(m.AmountMinor, Credo.Domain.Amounts.Currency.Of(m.Currency)), Credo.Domain.Amounts.Currency.Of(line.Currency), m.CheckedOn);
                    if (share.IsOk)
                    {
                        db.CreditReservationLines.Add(new CreditReservationLine { ReservationId = m.Id, LineId = line.Id, AmountMinor = share.Value.Minor });
                    }
                }

                await db.SaveChangesAsync(ct);
            }
        }

        if (repair)
        {
            foreach (var d in differences.Where(d => d.Error is null))
            {
                var reserved = await db.Shares(d.LineId, ReservationState.Active, ct);
                var shipped = await db.Shares(d.LineId, ReservationState.Shipped, ct);
                await db.CreditLines.Where(l => l.Id == d.LineId)
                    .ExecuteUpdateAsync(s => s.SetProperty(l => l.ReceivableMinor, d.DerivedReceivableMinor).SetProperty(l => l.ReservedMinor, reserved).SetProperty(l => l.ShippedMinor, shipped), ct);
            }
        }

        await tx.CommitAsync(ct);
        return new ReconcileReport(lines.Count, differences, repair);
    }

    public static async Task<IResult> Endpoint(bool? repair, ReconcileExposure reconcile, CancellationToken ct) =>
        TypedResults.Ok(await reconcile.Handle(repair ?? false, ct));
}
