using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Ledger;

/// <summary>
/// A customer's open items, oldest due first: invoices and debit adjustments still owed, then unapplied payments,
/// credit notes and credit adjustments.
/// </summary>
internal sealed class GetOpenItems(CreditDb db)
{
    public async Task<Result<OpenItemsDto>> Handle(OpenItemsQuery request, CancellationToken ct)
    {
        var customerId = await db.CustomerId(request.CustomerNumber, ct);
        if (customerId is null)
        {
            return new NotFound("Customer", request.CustomerNumber);
        }

        var query = db.Entries.AsNoTracking().Where(e => e.CustomerId == customerId && e.AppliesToId == null && e.OpenMinor != 0);
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

        var today = db.Today();
        var rows = await query.ToListAsync(ct);
        var items = rows
            .OrderBy(e => e.OpenMinor < 0)
            .ThenBy(e => e.DueOn ?? e.PostedOn)
            .ThenBy(e => e.PostedOn)
            .ThenBy(e => e.Id)
            .Select(e => new OpenItemDto(
                e.Id,
                e.Kind.Slug(),
                e.Document,
                e.PostedOn,
                e.DueOn,
                e.Currency,
                Documents.Major(Math.Abs(e.AmountMinor), e.Currency),
                Documents.Major(Math.Abs(e.OpenMinor), e.Currency),
                Documents.Major(e.OpenMinor, e.Currency),
                e.State,
                e.Disputed,
                Documents.DaysOverdue(e.OpenMinor, e.DueOn, today)))
            .ToList();
        return new OpenItemsDto(request.CustomerNumber, today, items);
    }

    public static async Task<IResult> Endpoint(string number, string? currency, GetOpenItems use, CancellationToken ct)
    {
        var result = await use.Handle(new OpenItemsQuery(number, currency), ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}
