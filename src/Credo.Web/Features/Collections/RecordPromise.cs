using Credo.Domain.Collections;
using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Collections;

/// <param name="Invoices">The invoice numbers promised; none means every open invoice of the customer due by today.</param>
/// <param name="Channel">How the promise was made: phone, email, letter, in person, portal.</param>
internal sealed record RecordPromiseRequest(DateOnly? PromisedOn, decimal? Amount, IReadOnlyList<string>? Invoices, string? Channel, string? Note);

internal sealed record PromiseDto(long Id, string Customer, long? PlanId, int InstalmentNo, DateOnly MadeOn, DateOnly PromisedOn, Amount Amount, string Channel, string TakenBy, string Status, DateOnly? SettledOn, IReadOnlyList<string> Invoices, string? Note);

/// <summary>
/// Records a promise to pay: by when, how much, for which invoices, how it was made and who took it (the signed-in
/// person). The invoices are left out of dunning while it is open; kept or broken is read from the ledger later.
/// </summary>
internal sealed class RecordPromise(CreditDb db)
{
    public static readonly IReadOnlyList<string> Channels = ["phone", "email", "letter", "in person", "portal"];

    public async Task<Result<PromiseDto>> Handle(string customerNumber, RecordPromiseRequest request, CancellationToken ct)
    {
        var today = db.Today();
        if (request.PromisedOn is not { } on || on < today || on > today.AddDays(365))
        {
            return new ValidationFailed("promisedOn", "The promised date is from today to a year ahead.");
        }

        if (Inputs.Channel(request.Channel) is not { } channel)
        {
            return new ValidationFailed("channel", $"How the promise was made is one of: {string.Join(", ", Channels)}.");
        }

        if (request.Note is { Length: > 1000 })
        {
            return new ValidationFailed("note", "A note is at most 1000 characters.");
        }

        var items = await Inputs.Items(db, customerNumber, request.Invoices, today, ct);
        if (!items.IsOk)
        {
            return items.Error!;
        }

        var (customer, entries) = items.Value;
        var amount = MoneyJson.Positive(request.Amount, Currency.Of(entries[0].Currency));
        if (!amount.IsOk)
        {
            return amount.Error!;
        }

        var promise = Inputs.NewPromise(db, customer.Id, null, 1, on, amount.Value, channel, entries, request.Note);
        db.PaymentPromises.Add(promise);
        db.CollectionActivities.Add(new CollectionActivity
        {
            CustomerId = customer.Id, Kind = ActivityKind.PromiseRecorded, AtUtc = db.UtcNow, By = db.Actor.Name, Promise = promise,
            Text = $"Promised {amount.Value.ToDisplayString()} by {on:yyyy-MM-dd} ({channel}) for {string.Join(", ", entries.Select(e => e.Document))}.",
        });
        await db.SaveChangesAsync(ct);
        return Inputs.ToDto(promise, customer.Number, entries);
    }

    public static async Task<IResult> Endpoint(string number, RecordPromiseRequest request, RecordPromise use, CancellationToken ct)
    {
        var result = await use.Handle(number, request, ct);
        return result.IsOk ? TypedResults.Created($"/api/collections/promises/{result.Value!.Id}", result.Value) : result.Error!.ToProblem();
    }
}
