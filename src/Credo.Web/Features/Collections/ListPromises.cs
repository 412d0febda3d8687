using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Collections;

/// <summary>A customer's promises, newest first, and the check of open ones against the ledger on demand.</summary>
internal sealed class ListPromises(CreditDb db, SettlePromises settle)
{
    public async Task<IReadOnlyList<PromiseDto>?> Handle(string customerNumber, CancellationToken ct)
    {
        var customerId = await db.CustomerId(customerNumber, ct);
        if (customerId is null)
        {
            return null;
        }

        var promises = await db.PaymentPromises.AsNoTracking().Include(p => p.Items).Where(p => p.CustomerId == customerId)
            .OrderByDescending(p => p.TakenAtUtc).ThenByDescending(p => p.PlanId).ThenBy(p => p.InstalmentNo).ToListAsync(ct);
        var ids = promises.SelectMany(p => p.Items).Select(i => i.EntryId).Distinct().ToList();
        var documents = await db.Entries.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        return [.. promises.Select(p => Inputs.ToDto(p, customerNumber, p.Items.Select(i => documents[i.EntryId])))];
    }

    /// <summary>Marks the customer's open promises kept or broken from the ledger today; returns the list after.</summary>
    public async Task<IReadOnlyList<PromiseDto>?> Check(string customerNumber, CancellationToken ct)
    {
        var customerId = await db.CustomerId(customerNumber, ct);
        if (customerId is null)
        {
            return null;
        }

        await settle.Handle(db.Today(), customerId, ct);
        return await Handle(customerNumber, ct);
    }

    public static async Task<IResult> Endpoint(string number, ListPromises use, CancellationToken ct) =>
        await use.Handle(number, ct) is { } list ? TypedResults.Ok(list) : Problems.NotFound("Customer", number);

    public static async Task<IResult> CheckEndpoint(string number, ListPromises use, CancellationToken ct) =>
        await use.Check(number, ct) is { } list ? TypedResults.Ok(list) : Problems.NotFound("Customer", number);
}
