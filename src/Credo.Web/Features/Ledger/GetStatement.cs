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
internal sealed class GetStatement(ReadDb read)
{
    private readonly CreditDb db = read.Db; // issue 17 §5: a read-only report, served by the read replica when there is one (ADR 0022)

    public const int MaxPageSize = 500;

    public async Task<Result<StatementDto>> Handle(StatementQuery request, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Number == request.CustomerNumber, ct);
        if (customer is null)
        {
            return new NotFound("Customer", request.CustomerNumber);
        }

        var period = Validate(request, customer.Currency);
        if (!period.IsOk)
        {
            return period.Error!;
        }

        var (code, to) = period.Value;
        var all = db.Entries.AsNoTracking().Where(e => e.CustomerId == customer.Id && e.Currency == code && e.PostedOn <= to);
        var opening = request.From is { } start
            ? await all.Where(e => e.PostedOn < start).SumAsync(e => e.AmountMinor, ct)
            : 0L;
        var entries = request.From is { } periodStart ? all.Where(e => e.PostedOn >= periodStart) : all;
        var (total, periodSum) = await PeriodTotals(db, customer.Id, entries, ct);
        var page = Math.Max(1, request.Page);
        var (before, rows) = await OnePage(entries, (page - 1) * request.PageSize, request.PageSize, total, periodSum, ct);
        var pageOpening = opening + before;
        return new StatementDto(
            customer.Number,
            code,
            request.From,
            to,
            Documents.Major(opening, code),
            Documents.Major(pageOpening, code),
            Documents.Major(opening + periodSum, code),
            Lines(pageOpening, rows, code),
            page,
            request.PageSize,
            total);
    }

    /// <summary>The currency (given or the customer's), the page size and the period's end (to, as of, or today), checked.</summary>
    private Result<(string Code, DateOnly To)> Validate(StatementQuery request, string customerCurrency)
    {
        var currency = LedgerInputs.CurrencyOr(request.Currency, customerCurrency);
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

        return (currency.Value.Code, to);
    }

    /// <summary>The period's entry count and sum.</summary>
    private static async Task<(int Count, long Sum)> PeriodTotals(CreditDb db, long customerId, IQueryable<LedgerEntry> period, CancellationToken ct)
    {
        // Both figures in one round trip, each a plain aggregate over the covering index (customer, currency, date, id,
        // amount): it reads no rows. Not a GROUP BY a constant, which made SQLite sort every row first (issue 17 §3).
        var totals = await db.Customers.AsNoTracking().Where(c => c.Id == customerId)
            .Select(c => new { Count = period.Count(), Sum = period.Sum(e => e.AmountMinor) }).SingleAsync(ct);
        return (totals.Count, totals.Sum);
    }

    private sealed record Row(long Id, DateOnly PostedOn, EntryKind Kind, string? Document, string? Reason, long AmountMinor);

    /// <summary>
    /// The page's rows in date order and the balance before them: sum whichever side of the page is shorter.
    /// Pages past the middle are read from the end (newest first, then put back in order), so the last page
    /// costs what the first does.
    /// </summary>
    private static async Task<(long Before, List<Row> Rows)> OnePage(IQueryable<LedgerEntry> period, int skip, int pageSize, int total, long periodSum, CancellationToken ct)
    {
        var ordered = period.OrderBy(e => e.PostedOn).ThenBy(e => e.Id);
        var fromEnd = skip > total / 2;
        var backwards = period.OrderByDescending(e => e.PostedOn).ThenByDescending(e => e.Id);
        var before = skip == 0 ? 0L
            : !fromEnd ? await ordered.Take(skip).SumAsync(e => e.AmountMinor, ct)
            : periodSum - await backwards.Take(Math.Max(0, total - skip)).SumAsync(e => e.AmountMinor, ct);
        var pageQuery = fromEnd
            ? backwards.Skip(Math.Max(0, total - skip - pageSize)).Take(Math.Max(0, Math.Min(pageSize, total - skip)))
            : ordered.Skip(skip).Take(pageSize);
        var rows = await pageQuery.Select(e => new Row(e.Id, e.PostedOn, e.Kind, e.Document, e.Reason, e.AmountMinor)).ToListAsync(ct);
        if (fromEnd)
        {
            rows.Reverse();
        }

        return (before, rows);
    }

    /// <summary>The page's lines with debit, credit and running balance from the domain's <see cref="Statement.Run"/>.</summary>
    private static List<StatementLineDto> Lines(long pageOpening, List<Row> rows, string code)
    {
        var reasons = rows.ToDictionary(r => r.Id, r => r.Reason);
        return Statement.Run(pageOpening, rows.Select(r => new StatementEntry(r.Id, r.PostedOn, r.Kind, r.Document, r.AmountMinor)))
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
    }

    public static async Task<IResult> Endpoint(
        string number, string? currency, DateOnly? from, DateOnly? to, DateOnly? asOf, int? page, int? pageSize, GetStatement use, CancellationToken ct)
    {
        var result = await use.Handle(new StatementQuery(number, currency, from, to, asOf, page ?? 1, pageSize ?? 100), ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}
