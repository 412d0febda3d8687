using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Ledger;

/// <summary>
/// A customer statement in one currency: the opening balance before the period, every entry in it in date order
/// with the running balance (<see cref="Statement.Run"/>), and the closing balance. As of a date means only entries
/// posted on or before it. Pages continue the running balance from the page before.
/// </summary>
internal sealed class GetStatement(CreditDb db)
{
    public const int MaxPageSize = 500;

    public async Task<Result<StatementDto>> Handle(StatementQuery request, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Number == request.CustomerNumber, ct);
        if (customer is null)
        {
            return new NotFound("Customer", request.CustomerNumber);
        }

        var currency = LedgerInputs.CurrencyOr(request.Currency, customer.Currency);
        if (!currency.IsOk)
        {
            return currency.Error!;
        }

        if (request.PageSize is < 1 or > MaxPageSize)
        {
            return new ValidationFailed("pageSize", $"Page size is 1 to {MaxPageSize}.");
        }

        if (request.AsOf is not null && request.To is not null)
        {
            return new ValidationFailed("asOf", "Give either asOf or to, not both.");
        }

        var to = request.To ?? request.AsOf ?? db.Today();
        if (request.From is { } from && from > to)
        {
            return new ValidationFailed("from", "The period starts after it ends.");
        }

        var code = currency.Value.Code;
        var all = db.Entries.AsNoTracking().Where(e => e.CustomerId == customer.Id && e.Currency == code && e.PostedOn <= to);
        var opening = request.From is { } start
            ? await all.Where(e => e.PostedOn < start).SumAsync(e => e.AmountMinor, ct)
            : 0L;
        var period = request.From is { } periodStart ? all.Where(e => e.PostedOn >= periodStart) : all;
        var ordered = period.OrderBy(e => e.PostedOn).ThenBy(e => e.Id);
        // Both figures in one round trip, each a plain aggregate over the covering index (customer, currency, date, id,
        // amount): it reads no rows. Not a GROUP BY a constant, which made SQLite sort every row first (issue 17 §3).
        var totals = await db.Customers.AsNoTracking().Where(c => c.Id == customer.Id)
            .Select(c => new { Count = period.Count(), Sum = period.Sum(e => e.AmountMinor) }).SingleAsync(ct);
        var total = totals.Count;
        var periodSum = totals.Sum;
        var page = Math.Max(1, request.Page);
        var skip = (page - 1) * request.PageSize;
        // The balance before this page: sum whichever side of the page is shorter.
        // Pages past the middle are read from the end (newest first, then put back in order), so the last page
        // costs what the first does.
        var fromEnd = skip > total / 2;
        var backwards = period.OrderByDescending(e => e.PostedOn).ThenByDescending(e => e.Id);
        var before = skip == 0 ? 0L
            : !fromEnd ? await ordered.Take(skip).SumAsync(e => e.AmountMinor, ct)
            : periodSum - await backwards.Take(Math.Max(0, total - skip)).SumAsync(e => e.AmountMinor, ct);
        var pageQuery = fromEnd
            ? backwards.Skip(Math.Max(0, total - skip - request.PageSize)).Take(Math.Max(0, Math.Min(request.PageSize, total - skip)))
            : ordered.Skip(skip).Take(request.PageSize);
        var rows = await pageQuery.Select(e => new { e.Id, e.PostedOn, e.Kind, e.Document, e.Reason, e.AmountMinor }).ToListAsync(ct);
        if (fromEnd)
        {
            rows.Reverse();
        }

        var pageOpening = opening + before;
        var reasons = rows.ToDictionary(r => r.Id, r => r.Reason);
        var lines = Statement.Run(pageOpening, rows.Select(r => new StatementEntry(r.Id, r.PostedOn, r.Kind, r.Document, r.AmountMinor)))
            .Select(l => new StatementLineDto(
                l.Entry.EntryId,
                l.Entry.On,
                l.Entry.Kind.Slug(),
                l.Entry.Document,
                reasons[l.Entry.EntryId],
                Documents.Major(l.DebitMinor, code),
                Documents.Major(l.CreditMinor, code),
                Documents.Major(l.BalanceMinor, code)))
            .ToList();
        return new StatementDto(
            customer.Number,
            code,
            request.From,
            to,
            Documents.Major(opening, code),
            Documents.Major(pageOpening, code),
            Documents.Major(opening + periodSum, code),
            lines,
            page,
            request.PageSize,
            total);
    }

    public static async Task<IResult> Endpoint(
        string number, string? currency, DateOnly? from, DateOnly? to, DateOnly? asOf, int? page, int? pageSize, GetStatement use, CancellationToken ct)
    {
        var result = await use.Handle(new StatementQuery(number, currency, from, to, asOf, page ?? 1, pageSize ?? 100), ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}
