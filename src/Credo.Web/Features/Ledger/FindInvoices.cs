using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Features.Customers;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Ledger;

/// <summary>Invoices, newest first, filtered by customer, state, overdue and currency, with paging.</summary>
internal sealed class FindInvoices(CreditDb db)
{
    public const int MaxPageSize = 200;

    public async Task<Result<PageOf<InvoiceListItem>>> Handle(InvoiceQuery request, CancellationToken ct)
    {
        if (request.PageSize is < 1 or > MaxPageSize)
        {
            return new ValidationFailed("pageSize", $"Page size is 1 to {MaxPageSize}.");
        }

        var query = db.Entries.AsNoTracking().Where(e => e.Kind == EntryKind.Invoice);
        if (!string.IsNullOrWhiteSpace(request.CustomerNumber))
        {
            var customerId = await db.CustomerId(request.CustomerNumber.Trim(), ct);
            if (customerId is null)
            {
                return new NotFound("Customer", request.CustomerNumber);
            }

            query = query.Where(e => e.CustomerId == customerId);
        }

        if (!string.IsNullOrWhiteSpace(request.Currency))
        {
            var currency = MoneyJson.ParseCurrency(request.Currency);
            if (!currency.IsOk)
            {
                return currency.Error!;
            }

            var code = currency.Value.Code;
            query = query.Where(e => e.Currency == code);
        }

        if (request.State is { } state)
        {
            query = query.Where(e => e.State == state);
        }

        var today = db.Today();
        if (request.Overdue is { } overdue)
        {
            query = overdue
                ? query.Where(e => e.OpenMinor > 0 && e.DueOn < today)
                : query.Where(e => !(e.OpenMinor > 0 && e.DueOn < today));
        }

        var page = Math.Max(1, request.Page);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(e => e.PostedOn).ThenByDescending(e => e.Id)
            .Skip((page - 1) * request.PageSize).Take(request.PageSize)
            .Join(db.Customers, e => e.CustomerId, c => c.Id, (e, c) => new { Entry = e, Customer = c.Number })
            .ToListAsync(ct);
        var items = rows.Select(r => new InvoiceListItem(
            r.Entry.Id,
            r.Entry.Document!,
            r.Customer,
            r.Entry.PostedOn,
            r.Entry.DueOn,
            r.Entry.Currency,
            Documents.Major(r.Entry.AmountMinor, r.Entry.Currency),
            Documents.Major(r.Entry.OpenMinor, r.Entry.Currency),
            r.Entry.State,
            r.Entry.Disputed,
            Documents.DaysOverdue(r.Entry.OpenMinor, r.Entry.DueOn, today))).ToList();
        return new PageOf<InvoiceListItem>(items, page, request.PageSize, total);
    }

    public static async Task<IResult> Endpoint(
        string? customer, ItemState? state, bool? overdue, string? currency, int? page, int? pageSize, FindInvoices use, CancellationToken ct)
    {
        var result = await use.Handle(new InvoiceQuery(customer, state, overdue, currency, page ?? 1, pageSize ?? 25), ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}
