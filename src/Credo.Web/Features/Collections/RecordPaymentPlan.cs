using Credo.Domain.Collections;
using Credo.Domain.Common;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Infrastructure;

namespace Credo.Web.Features.Collections;

/// <param name="Total">The amount the plan pays off; by default everything open on the invoices.</param>
/// <param name="Instalments">How many instalments (1 to 24), the first on <paramref name="FirstOn"/>, then every <paramref name="EveryDays"/> days.</param>
internal sealed record RecordPaymentPlanRequest(IReadOnlyList<string>? Invoices, decimal? Total, int? Instalments, DateOnly? FirstOn, int? EveryDays, string? Channel, string? Note);

internal sealed record PaymentPlanDto(long Id, string Customer, string Status, IReadOnlyList<PromiseDto> Instalments);

/// <summary>
/// Records a payment plan: the total split into promised instalments (every minor unit kept, see
/// <see cref="PaymentPlans.Schedule"/>). While it is active the customer gets no reminders; a broken instalment breaks it.
/// </summary>
internal sealed class RecordPaymentPlan(CreditDb db)
{
    public async Task<Result<PaymentPlanDto>> Handle(string customerNumber, RecordPaymentPlanRequest request, CancellationToken ct)
    {
        var today = db.Today();
        if (request.Instalments is not (>= 1 and <= 24) || request.EveryDays is not (>= 7 and <= 92))
        {
            return request.Instalments is not (>= 1 and <= 24)
                ? new ValidationFailed("instalments", "A plan has 1 to 24 instalments.")
                : new ValidationFailed("everyDays", "Instalments are 7 to 92 days apart.");
        }

        if (request.FirstOn is not { } first || first < today || first > today.AddDays(92))
        {
            return new ValidationFailed("firstOn", "The first instalment is due from today to three months ahead.");
        }

        if (Inputs.Channel(request.Channel) is not { } channel)
        {
            return new ValidationFailed("channel", $"How the plan was agreed is one of: {string.Join(", ", RecordPromise.Channels)}.");
        }

        var items = await Inputs.Items(db, customerNumber, request.Invoices, today, ct);
        if (!items.IsOk)
        {
            return items.Error!;
        }

        var (customer, entries) = items.Value;
        var currency = Currency.Of(entries[0].Currency);
        var total = request.Total is null ? new Money(entries.Sum(e => e.OpenMinor), currency) : MoneyJson.Positive(request.Total, currency, "total");
        if (!total.IsOk)
        {
            return total.Error!;
        }

        var plan = new PaymentPlanRecord { CustomerId = customer.Id, Status = PlanStatus.Active, CreatedAtUtc = db.UtcNow, CreatedBy = db.Actor.Name, Note = request.Note?.Trim() };
        db.PaymentPlans.Add(plan);
        var schedule = PaymentPlans.Schedule(total.Value, request.Instalments.Value, first, request.EveryDays.Value);
        var promises = schedule.Select((s, i) => Inputs.NewPromise(db, customer.Id, plan, i + 1, s.DueOn, s.Amount, channel, entries, null)).ToList();
        db.PaymentPromises.AddRange(promises);
        db.CollectionActivities.Add(new CollectionActivity
        {
            CustomerId = customer.Id, Kind = ActivityKind.PlanRecorded, AtUtc = db.UtcNow, By = db.Actor.Name, Promise = promises[0],
            Text = $"Payment plan: {total.Value.ToDisplayString()} in {PlainWords.Count(schedule.Count, "instalment")} from {PlainWords.Date(first)}, every {PlainWords.Count(request.EveryDays.Value, "day")} ({channel}), for {string.Join(", ", entries.Select(e => e.Document))}.",
        });
        await db.SaveChangesAsync(ct);
        return new PaymentPlanDto(plan.Id, customer.Number, "active", [.. promises.Select(p => Inputs.ToDto(p, customer.Number, entries))]);
    }

    public static async Task<IResult> Endpoint(string number, RecordPaymentPlanRequest request, RecordPaymentPlan use, CancellationToken ct)
    {
        var result = await use.Handle(number, request, ct);
        return result.IsOk ? TypedResults.Created($"/api/collections/customers/{Uri.EscapeDataString(number)}/promises", result.Value) : result.Error!.ToProblem();
    }
}
