using Credo.Domain.Collections;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Collections;

/// <summary>
/// Marks open promises kept or broken from the ledger as of a date (the run does it first; a collector can ask for
/// one customer). Each change moves through <see cref="PromiseFlow"/>, goes on the timeline and to the outbox, in one
/// save; a plan with a broken instalment is broken. Two runs at once: the promise's version lets only one save it.
/// </summary>
internal sealed class SettlePromises(CreditDb db, IOptions<CollectionsOptions> options)
{
    public async Task<IReadOnlyList<PromiseOutcome>> Handle(DateOnly asOf, long? customerId, CancellationToken ct)
    {
        var state = await PromiseBook.Evaluate(db, asOf, options.Value.Tolerance, customerId, track: true, ct);
        if (state.Outcomes.Count == 0)
        {
            return [];
        }

        var numbers = await CustomerNumbers(state.Outcomes.Select(o => o.Promise.CustomerId), ct);
        foreach (var outcome in state.Outcomes)
        {
            Apply(outcome, asOf, numbers[outcome.Promise.CustomerId]);
        }

        await UpdatePlans(state, ct);
        try
        {
            await db.SaveChangesAsync(ct);
            return state.Outcomes;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear(); // another run settled them first
            return [];
        }
    }

    private void Apply(PromiseOutcome outcome, DateOnly asOf, string customerNumber)
    {
        var promise = outcome.Promise;
        promise.Status = PromiseFlow.Next(promise.Status, outcome.Event).Value;
        promise.SettledOn = asOf;
        promise.Version++;
        var amount = Amount.Of(promise.AmountMinor, promise.Currency);
        db.CollectionActivities.Add(new CollectionActivity
        {
            CustomerId = promise.CustomerId,
            Kind = promise.Status == PromiseStatus.Kept ? ActivityKind.PromiseKept : ActivityKind.PromiseBroken,
            AtUtc = db.UtcNow,
            By = "system",
            PromiseId = promise.Id,
            Text = promise.Status == PromiseStatus.Kept
                ? $"Promise of {CollectionsText.Show(promise.AmountMinor, promise.Currency)} by {promise.PromisedOn:yyyy-MM-dd} kept."
                : $"Promise of {CollectionsText.Show(promise.AmountMinor, promise.Currency)} by {promise.PromisedOn:yyyy-MM-dd} broken: {CollectionsText.Show(outcome.PaidMinor, promise.Currency)} paid. Reminders resume.",
        });
        db.Publish(new PromiseSettled(promise.Id, customerNumber, PromiseFlow.Describe(promise.Status), promise.PromisedOn, amount.Value, amount.Currency));
    }

    private async Task UpdatePlans(PromiseState state, CancellationToken ct)
    {
        var planIds = state.Outcomes.Where(o => o.Promise.PlanId is not null).Select(o => o.Promise.PlanId!.Value).Distinct().ToList();
        foreach (var plan in await db.PaymentPlans.Where(p => planIds.Contains(p.Id)).ToListAsync(ct))
        {
            var statuses = await db.PaymentPromises.Where(p => p.PlanId == plan.Id).Select(p => new { p.Id, p.Status }).ToListAsync(ct);
            var current = statuses.Select(s => state.Outcomes.FirstOrDefault(o => o.Promise.Id == s.Id)?.Promise.Status ?? s.Status).ToList();
            var next = PaymentPlans.StatusOf(current);
            if (next != plan.Status)
            {
                plan.Status = next;
                plan.Version++;
            }

            if (next == PlanStatus.Broken)
            {
                CancelRemaining(state, plan.Id);
            }
        }
    }

    /// <summary>A broken plan's later instalments are cancelled: its invoices are chased again.</summary>
    private void CancelRemaining(PromiseState state, long planId)
    {
        foreach (var later in state.Open.Where(p => p.PlanId == planId && p.Status == PromiseStatus.Open && state.Outcomes.All(o => o.Promise.Id != p.Id)))
        {
            later.Status = PromiseFlow.Next(later.Status, PromiseEvent.Cancel).Value;
            later.SettledOn = db.Today();
            later.Version++;
        }
    }

    private Task<Dictionary<long, string>> CustomerNumbers(IEnumerable<long> ids, CancellationToken ct)
    {
        var list = ids.Distinct().ToList();
        return db.Customers.AsNoTracking().Where(c => list.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Number, ct);
    }
}
