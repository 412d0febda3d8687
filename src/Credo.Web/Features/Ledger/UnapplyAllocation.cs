using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Ledger;

/// <summary>
/// Undoes an allocation: a negative allocation row pointing at the original (allocations are never updated), with
/// a reason. The credit's amount returns to unapplied and the invoice reopens.
/// </summary>
internal sealed class UnapplyAllocation(CreditDb db)
{
    public async Task<Result<DocumentDto>> Handle(UnapplyAllocationRequest request, CancellationToken ct)
    {
        if (LedgerInputs.Reason(request.Reason) is { } badReason)
        {
            return badReason;
        }

        return await LedgerCache.InTransaction<DocumentDto>(
            db,
            async () =>
            {
                var original = await db.Allocations.AsNoTracking().SingleOrDefaultAsync(a => a.Id == request.AllocationId, ct);
                if (original is null)
                {
                    return new NotFound("Allocation", request.AllocationId.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }

                if (original.AmountMinor <= 0 || original.ReversesId is not null)
                {
                    return new Refusal("cannot-undo-undo", "This row undoes another allocation; it cannot itself be undone.");
                }

                if (await db.Allocations.AnyAsync(a => a.ReversesId == original.Id, ct))
                {
                    return new Refusal("already-undone", "This allocation has already been undone.");
                }

                var on = request.On ?? (db.Today() > original.AppliedOn ? db.Today() : original.AppliedOn);
                if (on < original.AppliedOn)
                {
                    return new ValidationFailed("on", "An allocation cannot be undone before the day it was applied.");
                }

                // Track both items so that their versions guard the change.
                var items = await db.Entries.Where(e => e.Id == original.CreditId || e.Id == original.DebitId).ToListAsync(ct);
                db.Allocations.Add(new AllocationEntry
                {
                    CustomerId = original.CustomerId,
                    CreditId = original.CreditId,
                    DebitId = original.DebitId,
                    Currency = original.Currency,
                    AmountMinor = -original.AmountMinor,
                    AppliedOn = on,
                    ReversesId = original.Id,
                    Reason = request.Reason!.Trim(),
                    RecordedAtUtc = db.UtcNow,
                    RecordedBy = db.Actor.Name,
                });
                await LedgerCache.Refresh(db, [], items.Select(i => i.Id), ct);
                await db.SaveChangesAsync(ct);
                return (await Documents.Load(db, original.CreditId, ct))!;
            },
            ct,
            async () => await db.Allocations.AnyAsync(a => a.ReversesId == request.AllocationId, ct)
                ? new Refusal("already-undone", "This allocation has already been undone.")
                : null);
    }

    public static async Task<IResult> Endpoint(long id, UnapplyAllocationRequest request, UnapplyAllocation use, CancellationToken ct)
    {
        var result = await use.Handle(request with { AllocationId = id }, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}
