using System.Runtime.CompilerServices;
using Credo.Domain.Credit;
using Credo.Domain.Creditworthiness;
using Credo.Domain.Ledger;
using Credo.Domain.Amounts;
using Credo.Domain.Policy;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Evidence;

/// <summary>One existing customer's internal-history facts, with what identifies the customer.</summary>
internal sealed record CustomerHistory(long CustomerId, string Number, string Currency, long? LimitMinor, FactSet Facts);

/// <summary>
/// Internal payment history as policy facts, for one customer or streamed for the whole book (in chunks of customers,
/// a fixed number of queries per chunk). All amounts are in the customer's currency; ledger items in other currencies
/// are left out. A fact with no evidence is missing, never zero:
/// <list type="bullet">
/// <item><c>paydex</c>, <c>averageDaysDelinquent</c>: <see cref="PaymentScoring"/> over invoices fully settled in the
/// last 24 months, each paid on the day of its last live allocation; missing when none.</item>
/// <item><c>utilisation</c>: the customer credit line's reserved plus receivable exposure over its effective limit;
/// missing without a line, or with no ceiling or a zero limit (no ratio).</item>
/// <item><c>overdueAmount</c>: open invoices and debit adjustments past their due date (0 when none: the ledger is
/// complete evidence of that).</item>
/// <item><c>openDisputes</c>: disputes still open. <c>returnedPayments</c>: payments reversed in the last 12 months.</item>
/// <item><c>monthsAsCustomer</c>: whole months since the first invoice; missing when none.</item>
/// <item><c>isExistingCustomer</c> is true; <c>country</c> from the billing address when known.</item>
/// </list>
/// </summary>
internal sealed class InternalHistory(CreditDb db, Microsoft.Extensions.Options.IOptions<Credo.Web.Features.Credit.CreditOptions> creditOptions)
{
    public const int ChunkSize = 500;

    public async Task<FactSet?> ForCustomerAsync(long customerId, DateOnly asOf, CancellationToken ct)
    {
        var histories = await ForCustomersAsync([customerId], asOf, ct);
        return histories.Count == 0 ? null : histories[0].Facts;
    }

    /// <summary>Every customer, in id order, a chunk at a time.</summary>
    public async IAsyncEnumerable<CustomerHistory> ForBookAsync(DateOnly asOf, [EnumeratorCancellation] CancellationToken ct)
    {
        long after = 0;
        while (true)
        {
            var ids = await db.Customers.AsNoTracking().Where(c => c.Id > after).OrderBy(c => c.Id).Select(c => c.Id).Take(ChunkSize).ToListAsync(ct);
            if (ids.Count == 0)
            {
                yield break;
            }

            foreach (var history in await ForCustomersAsync(ids, asOf, ct))
            {
                yield return history;
            }

            after = ids[^1];
        }
    }

    public async Task<IReadOnlyList<CustomerHistory>> ForCustomersAsync(IReadOnlyCollection<long> ids, DateOnly asOf, CancellationToken ct)
    {
        var customers = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.Number, c.Currency, Country = c.BillingAddress.Country }).ToListAsync(ct);
        var ledger = await Load(ids, asOf, ct);
        var result = new List<CustomerHistory>(customers.Count);
        foreach (var c in customers)
        {
            var (limitMinor, facts) = Facts(ledger, c.Id, c.Currency, c.Country, asOf);
            result.Add(new CustomerHistory(c.Id, c.Number, c.Currency, limitMinor, facts));
        }

        return result;
    }

    /// <summary>What the ledger, disputes and credit lines say about a set of customers, read in a few grouped queries.</summary>
    private sealed record LedgerFacts(
        ILookup<long, (string Currency, long AmountMinor, DateOnly DueOn, DateOnly PaidOn)> Paid,
        Dictionary<long, DateOnly> FirstInvoice,
        Dictionary<(long CustomerId, string Currency), long> Overdue,
        Dictionary<long, int> Disputes,
        Dictionary<long, int> Returned,
        Dictionary<long, CreditLine> Lines);

    private async Task<LedgerFacts> Load(IReadOnlyCollection<long> ids, DateOnly asOf, CancellationToken ct)
    {
        var paidSince = PaymentScoring.WindowStart(asOf, PaymentScoring.DefaultLookBackMonths);
        var returnedSince = asOf.AddMonths(-12);
        var paid = await db.Entries.AsNoTracking()
            .Where(e => ids.Contains(e.CustomerId) && e.Kind == EntryKind.Invoice && e.State == ItemState.Paid)
            .Select(e => new
            {
                e.CustomerId,
                e.Currency,
                e.AmountMinor,
                DueOn = e.DueOn ?? e.PostedOn,
                PaidOn = db.Allocations.Where(a => a.DebitId == e.Id && a.AmountMinor > 0 && !db.Allocations.Any(r => r.ReversesId == a.Id)).Max(a => (DateOnly?)a.AppliedOn),
            })
            .Where(x => x.PaidOn != null && x.PaidOn >= paidSince && x.PaidOn <= asOf)
            .ToListAsync(ct);
        var firstInvoice = await db.Entries.AsNoTracking()
            .Where(e => ids.Contains(e.CustomerId) && e.Kind == EntryKind.Invoice)
            .GroupBy(e => e.CustomerId).Select(g => new { CustomerId = g.Key, First = g.Min(e => e.PostedOn) }).ToDictionaryAsync(x => x.CustomerId, x => x.First, ct);
        var overdue = await db.Entries.AsNoTracking()
            .Where(e => ids.Contains(e.CustomerId) && (e.Kind == EntryKind.Invoice || e.Kind == EntryKind.Adjustment) && e.AppliesToId == null && e.OpenMinor > 0 && e.DueOn < asOf)
            .GroupBy(e => new { e.CustomerId, e.Currency }).Select(g => new { g.Key.CustomerId, g.Key.Currency, Minor = g.Sum(e => e.OpenMinor) }).ToListAsync(ct);
        var disputes = await db.Disputes.AsNoTracking()
            .Where(d => ids.Contains(d.CustomerId) && d.Status == DisputeStatus.Open)
            .GroupBy(d => d.CustomerId).Select(g => new { CustomerId = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.CustomerId, x => x.Count, ct);
        var returned = await db.Entries.AsNoTracking()
            .Where(e => ids.Contains(e.CustomerId) && e.Kind == EntryKind.Reversal && e.PostedOn >= returnedSince && e.PostedOn <= asOf
                && db.Entries.Any(p => p.Id == e.AppliesToId && p.Kind == EntryKind.Payment))
            .GroupBy(e => e.CustomerId).Select(g => new { CustomerId = g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.CustomerId, x => x.Count, ct);
        var lines = await db.CreditLines.AsNoTracking()
            .Where(l => l.Level == LimitLevel.Customer && ids.Contains(l.SubjectId))
            .ToDictionaryAsync(l => l.SubjectId, ct);
        return new LedgerFacts(
            paid.ToLookup(p => p.CustomerId, p => (p.Currency, p.AmountMinor, p.DueOn, PaidOn: p.PaidOn!.Value)),
            firstInvoice,
            overdue.ToDictionary(o => (o.CustomerId, o.Currency), o => o.Minor),
            disputes,
            returned,
            lines);
    }

    /// <summary>One customer's internal history as facts (in its own currency), and its own limit today when the line is in that currency.</summary>
    private (long? LimitMinor, FactSet Facts) Facts(LedgerFacts ledger, long customerId, string customerCurrency, string? country, DateOnly asOf)
    {
        var currency = Currency.Of(customerCurrency);
        var facts = FactSet.Empty.With("isExistingCustomer", (bool?)true).With("country", country);

        var invoices = ledger.Paid[customerId].Where(p => p.Currency == customerCurrency && p.AmountMinor > 0)
            .Select(p => new PaidInvoice(new Money(p.AmountMinor, currency), p.DueOn, p.PaidOn)).ToList();
        if (PaymentScoring.Score(invoices, asOf) is { IsOk: true, Value: PaymentScore.Scored scored })
        {
            facts = facts.With("paydex", (decimal?)decimal.Round(scored.Paydex, 2)).With("averageDaysDelinquent", (decimal?)decimal.Round(scored.AverageDaysDelinquent, 2));
        }

        long? limitMinor = null;
        if (ledger.Lines.TryGetValue(customerId, out var line) && line.Currency == customerCurrency)
        {
            limitMinor = line.ToLimit().EffectiveMinor(asOf);
            if (limitMinor is > 0)
            {
                facts = facts.With("utilisation", (decimal?)decimal.Round(line.Exposure(creditOptions.Value.Counted).UsedMinor / (decimal)limitMinor.Value, 4));
            }
        }

        var overdueMinor = ledger.Overdue.GetValueOrDefault((customerId, customerCurrency));
        facts = facts
            .With("overdueAmount", (decimal?)new Money(overdueMinor, currency).Major)
            .With("openDisputes", (decimal?)ledger.Disputes.GetValueOrDefault(customerId))
            .With("returnedPayments", (decimal?)ledger.Returned.GetValueOrDefault(customerId));
        if (ledger.FirstInvoice.TryGetValue(customerId, out var first))
        {
            facts = facts.With("monthsAsCustomer", (decimal?)WholeMonths(first, asOf));
        }

        return (limitMinor, facts);
    }

    /// <summary>Whole months from <paramref name="from"/> to <paramref name="to"/> (0 when not yet a month; never negative).</summary>
    public static int WholeMonths(DateOnly from, DateOnly to)
    {
        var months = ((to.Year - from.Year) * 12) + to.Month - from.Month;
        if (to.Day < from.Day)
        {
            months--;
        }

        return Math.Max(0, months);
    }
}
