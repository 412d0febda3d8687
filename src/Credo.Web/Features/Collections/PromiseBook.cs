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
        // Subqueries, not id lists: EF sends a list's every id as its own variable, and SQLite refuses more than 32,766 (issue 14 §7).
        var openQuery = query.AsNoTracking();
        var plansQuery = db.PaymentPromises.AsNoTracking()
            .Where(p => p.PlanId != null && p.Status != PromiseStatus.Open && openQuery.Any(o => o.PlanId == p.PlanId));
        var settledInPlans = open.Any(p => p.PlanId is not null) ? await plansQuery.Include(p => p.Items).ToListAsync(ct) : [];
        var itemsQuery = db.PromiseItems.AsNoTracking().Where(i => openQuery.Any(o => o.Id == i.PromiseId) || plansQuery.Any(o => o.Id == i.PromiseId));
        var openNow = await itemsQuery.Join(db.Entries.AsNoTracking(), i => i.EntryId, e => e.Id, (i, e) => new { e.Id, e.OpenMinor }).Distinct()
            .ToDictionaryAsync(e => e.Id, e => e.OpenMinor, ct);

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
