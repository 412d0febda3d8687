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
        var rows = await db.OpenPositions().AsNoTracking()
            .Where(e => e.CustomerId == customerId)
            .Select(e => new { e.Currency, e.OpenMinor, e.DueOn, e.Disputed }).ToListAsync(ct);
        return [.. rows.Select(r => (r.Currency, new OpenPosition(r.OpenMinor, r.DueOn, r.Disputed)))];
    }

    private async Task<List<(string Currency, OpenPosition Position)>> Derived(long customerId, DateOnly asOf, CancellationToken ct) =>
        [.. (await db.OpenItemsOn(asOf, customerId, ct)).Select(o => (o.Item.Currency, new OpenPosition(o.OpenMinor, o.Item.DueOn, o.Disputed)))];

    public static async Task<IResult> Endpoint(string number, DateOnly? asOf, GetBalanceSummary use, CancellationToken ct)
    {
        var result = await use.Handle(new BalanceQuery(number, asOf), ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : Infrastructure.Problems.ToProblem(result.Error!);
    }
}
