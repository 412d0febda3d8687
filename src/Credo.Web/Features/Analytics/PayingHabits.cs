using Credo.Domain.Amounts;
using Credo.Domain.Analytics;
using Credo.Web.Data;
using Credo.Web.Features.Customers;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Analytics;

/// <summary>
/// The analytics side of the customer list's <see cref="IPayingHabits"/> port (issue 13 §4): per customer, in its own
/// currency, the days beyond terms over 12 months and the PAYDEX-like score over 24 (<see cref="PaymentBehaviour"/>),
/// from the same paid invoices as the customer page's behaviour (<see cref="GetPaymentBehaviour.PaidItems"/>).
/// </summary>
internal sealed class PayingHabits(CreditDb db) : IPayingHabits
{
    public async Task<IReadOnlyDictionary<long, PayingHabit>> For(IReadOnlyCollection<long> customerIds, DateOnly asOf, CancellationToken ct)
    {
        var result = new Dictionary<long, PayingHabit>();
        foreach (var chunk in customerIds.Distinct().Chunk(500))
        {
            var currencies = await db.Customers.AsNoTracking().Where(c => chunk.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Currency, ct);
            var entries = await db.Entries.AsNoTracking()
                .Where(e => chunk.Contains(e.CustomerId) && e.PostedOn <= asOf && db.Customers.Any(c => c.Id == e.CustomerId && c.Currency == e.Currency))
                .Select(e => new DatedEntry(e.Id, e.CustomerId, e.Kind, e.Document, e.Currency, e.PostedOn, e.DueOn, e.AmountMinor, e.AppliesToId)).ToListAsync(ct);
            var allocations = await db.Allocations.AsNoTracking().Where(a => chunk.Contains(a.CustomerId) && a.AppliedOn <= asOf)
                .Select(a => new { a.CustomerId, Row = new DatedAllocation(a.CreditId, a.DebitId, a.AmountMinor, a.AppliedOn) }).ToListAsync(ct);
            var allocationsOf = allocations.ToLookup(a => a.CustomerId, a => a.Row);
            foreach (var customer in entries.GroupBy(e => e.CustomerId))
            {
                var paid = GetPaymentBehaviour.PaidItems(asOf, [.. customer], [.. allocationsOf[customer.Key]], Currency.Of(currencies[customer.Key]));
                var recent = PaymentBehaviour.Of(paid, asOf, 12);
                var score = PaymentBehaviour.Of(paid, asOf, 24);
                result[customer.Key] = new PayingHabit(recent.IsOk ? recent.Value!.DaysBeyondTerms : null, score.IsOk ? score.Value!.Paydex : null);
            }
        }

        return result;
    }
}
