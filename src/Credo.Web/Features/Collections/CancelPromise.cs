using Credo.Domain.Collections;
using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Collections;

internal sealed record CancelPromiseRequest(string? Reason);

/// <summary>Cancels an open promise (with a reason), through <see cref="PromiseFlow"/>; its invoices are chased again.</summary>
internal sealed class CancelPromise(CreditDb db)
{
    public async Task<Result<PromiseDto>> Handle(long id, CancelPromiseRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 500)
        {
            return new ValidationFailed("reason", "A reason of at most 500 characters is required.");
        }

        var promise = await db.PaymentPromises.Include(p => p.Items).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (promise is null)
        {
            return new NotFound("Promise", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var next = PromiseFlow.Next(promise.Status, PromiseEvent.Cancel);
        if (!next.IsOk)
        {
            return next.Error!;
        }

        promise.Status = next.Value;
        promise.SettledOn = db.Today();
        promise.Version++;
        var number = await db.Customers.Where(c => c.Id == promise.CustomerId).Select(c => c.Number).SingleAsync(ct);
        db.CollectionActivities.Add(new CollectionActivity { CustomerId = promise.CustomerId, Kind = ActivityKind.PromiseCancelled, AtUtc = db.UtcNow, By = db.Actor.Name, PromiseId = promise.Id, Text = "Promise cancelled: " + request.Reason.Trim() });
        db.Publish(new PromiseSettled(promise.Id, number, PromiseFlow.Describe(promise.Status), promise.PromisedOn, Amount.Of(promise.AmountMinor, promise.Currency).Value, promise.Currency));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            return new Refusal("concurrent-update", "The promise changed at the same moment. Reload and retry.");
        }

        var ids = promise.Items.Select(i => i.EntryId).ToList();
        var entries = await db.Entries.AsNoTracking().Where(e => ids.Contains(e.Id)).ToListAsync(ct);
        return Inputs.ToDto(promise, number, entries);
    }

    public static async Task<IResult> Endpoint(long id, CancelPromiseRequest request, CancelPromise use, CancellationToken ct)
    {
        var result = await use.Handle(id, request, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}
