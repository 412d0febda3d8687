using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Ledger;

/// <summary>
/// A customer's balance per currency as of a date: balance, open invoices, overdue, unapplied cash and disputed.
/// Today's figures come from the cache; a past date is derived from the entries and allocations dated on or
/// before it, with the disputes open at the end of that day.
/// </summary>
internal sealed class GetBalanceSummary(CreditDb db)
{
    public async Task<Result<BalanceDto>> Handle(BalanceQuery request, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Number == request.CustomerNumber, ct);
        if (customer is null)
        {
            return new NotFound("Customer", request.CustomerNumber);
        }

        var today = db.Today();
        var asOf = request.AsOf ?? today;
        var positions = asOf >= today ? await FromCache(customer.Id, ct) : await Derived(customer.Id, asOf, ct);
        var used = await db.Entries.AsNoTracking().Where(e => e.CustomerId == customer.Id && e.PostedOn <= asOf).Select(e => e.Currency).Distinct().ToListAsync(ct);
        var currencies = used.Append(customer.Currency).Distinct().OrderBy(c => c != customer.Currency).ThenBy(c => c, StringComparer.Ordinal);
        var summaries = currencies.Select(code =>
        {
            var s = Balances.Summarise(asOf, positions.Where(p => p.Currency == code).Select(p => p.Position));
            return new CurrencyBalanceDto(
                code,
                Documents.Major(s.BalanceMinor, code),
                Documents.Major(s.OpenInvoicesMinor, code),
                Documents.Major(s.OverdueMinor, code),
                Documents.Major(s.UnappliedMinor, code),
                Documents.Major(s.DisputedMinor, code),
                s.OpenInvoiceCount,
                s.OverdueInvoiceCount,
                s.OldestOverdueDueOn);
        }).ToList();
        return new BalanceDto(customer.Number, asOf, summaries);
    }

    private async Task<List<(string Currency, OpenPosition Position)>> FromCache(long customerId, CancellationToken ct)
    {
        var rows = await db.Entries.AsNoTracking()
            .Where(e => e.CustomerId == customerId && e.AppliesToId == null && e.OpenMinor != 0)
            .Select(e => new { e.Currency, e.OpenMinor, e.DueOn, e.Disputed }).ToListAsync(ct);
        return [.. rows.Select(r => (r.Currency, new OpenPosition(r.OpenMinor, r.DueOn, r.Disputed)))];
    }

    private async Task<List<(string Currency, OpenPosition Position)>> Derived(long customerId, DateOnly asOf, CancellationToken ct)
    {
        var entries = await db.Entries.AsNoTracking()
            .Where(e => e.CustomerId == customerId && e.PostedOn <= asOf)
            .Select(e => new { e.Id, e.Kind, e.AmountMinor, e.AppliesToId, e.Currency, e.DueOn }).ToListAsync(ct);
        var allocations = await db.Allocations.AsNoTracking()
            .Where(a => a.CustomerId == customerId && a.AppliedOn <= asOf)
            .Select(a => new PostedAllocation(a.CreditId, a.DebitId, a.AmountMinor)).ToListAsync(ct);
        var endOfDay = asOf.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var disputed = (await db.Disputes.AsNoTracking()
            .Where(d => d.CustomerId == customerId && d.OpenedAtUtc < endOfDay && (d.ResolvedAtUtc == null || d.ResolvedAtUtc >= endOfDay))
            .Select(d => d.EntryId).ToListAsync(ct)).ToHashSet();
        var known = entries.Select(e => e.Id).ToHashSet();
        var derived = Derivation.Derive(
            entries.Select(e => new PostedEntry(e.Id, e.Kind, e.AmountMinor, e.AppliesToId)),
            allocations.Where(a => known.Contains(a.CreditId) && known.Contains(a.DebitId)),
            disputed);
        var byId = entries.ToDictionary(e => e.Id);
        return
        [
            .. derived.Where(d => d.OpenMinor != 0 && byId[d.Id].AppliesToId is null)
                .Select(d => (byId[d.Id].Currency, new OpenPosition(d.OpenMinor, byId[d.Id].DueOn, d.Disputed))),
        ];
    }

    public static async Task<IResult> Endpoint(string number, DateOnly? asOf, GetBalanceSummary use, CancellationToken ct)
    {
        var result = await use.Handle(new BalanceQuery(number, asOf), ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : Infrastructure.Problems.ToProblem(result.Error!);
    }
}
