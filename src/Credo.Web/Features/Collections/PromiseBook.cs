using Credo.Domain.Collections;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Collections;

/// <summary>What happens to an open promise as of a date (kept or broken), read from the ledger.</summary>
internal sealed record PromiseOutcome(PaymentPromise Promise, PromiseEvent Event, long PaidMinor);

/// <summary>Open promises and what the ledger says about them as of a date.</summary>
internal sealed record PromiseState(IReadOnlyList<PaymentPromise> Open, IReadOnlyList<PromiseOutcome> Outcomes)
{
    /// <summary>Plans with an instalment broken: the plan is broken and its later instalments no longer pause anything.</summary>
    public IReadOnlySet<long> BrokenPlans { get; } = Outcomes.Where(o => o.Promise.PlanId is not null && o.Event == PromiseEvent.DatePassedUnpaid).Select(o => o.Promise.PlanId!.Value).ToHashSet();

    /// <summary>The promises still open once the outcomes are applied: they pause dunning on their items.</summary>
    public IEnumerable<PaymentPromise> StillOpen => Open.Where(p => Outcomes.All(o => o.Promise.Id != p.Id) && (p.PlanId is null || !BrokenPlans.Contains(p.PlanId.Value)));

    /// <summary>Customers with a plan that stays active: nothing is chased while it runs.</summary>
    public IEnumerable<long> CustomersOnActivePlans => StillOpen.Where(p => p.PlanId is not null).Select(p => p.CustomerId);
}

/// <summary>
/// Reads open promises and evaluates them with <see cref="PromiseFlow.Evaluate"/>: what was paid on a promise's items is
/// how much their open amounts fell since it was made (payments, credit notes and write-offs all count). The
/// instalments of a plan share its items and are checked cumulatively.
/// </summary>
internal static class PromiseBook
{
    public static async Task<PromiseState> Evaluate(CreditDb db, DateOnly asOf, PromiseTolerance tolerance, long? customerId, bool track, CancellationToken ct)
    {
        var query = (track ? db.PaymentPromises : db.PaymentPromises.AsNoTracking()).Include(p => p.Items).Where(p => p.Status == PromiseStatus.Open);
        if (customerId is { } id)
        {
            query = query.Where(p => p.CustomerId == id);
        }

        var open = await query.ToListAsync(ct);
        var planIds = open.Where(p => p.PlanId is not null).Select(p => p.PlanId!.Value).Distinct().ToList();
        var settledInPlans = planIds.Count == 0 ? [] : await db.PaymentPromises.AsNoTracking().Include(p => p.Items)
            .Where(p => p.PlanId != null && planIds.Contains(p.PlanId.Value) && p.Status != PromiseStatus.Open).ToListAsync(ct);
        var entryIds = open.Concat(settledInPlans).SelectMany(p => p.Items).Select(i => i.EntryId).Distinct().ToList();
        var openNow = await db.Entries.AsNoTracking().Where(e => entryIds.Contains(e.Id)).Select(e => new { e.Id, e.OpenMinor }).ToDictionaryAsync(e => e.Id, e => e.OpenMinor, ct);

        var outcomes = new List<PromiseOutcome>();
        foreach (var group in open.Concat(settledInPlans).GroupBy(p => p.PlanId ?? -p.Id))
        {
            var instalments = group.OrderBy(p => p.InstalmentNo).ThenBy(p => p.Id).ToList();
            var currency = Currency.Of(instalments[0].Currency);
            var paid = instalments.SelectMany(p => p.Items).GroupBy(i => i.EntryId)
                .Sum(g => Math.Max(0, g.First().OpenAtPromiseMinor - openNow.GetValueOrDefault(g.Key)));
            var events = PromiseFlow.Evaluate([.. instalments.Select(p => new Instalment(p.PromisedOn, new Money(p.AmountMinor, currency), p.Status))], new Money(paid, currency), asOf, tolerance);
            for (var i = 0; i < instalments.Count; i++)
            {
                if (events[i] is { } happened)
                {
                    outcomes.Add(new PromiseOutcome(instalments[i], happened, paid));
                }
            }
        }

        return new PromiseState(open, outcomes);
    }
}
