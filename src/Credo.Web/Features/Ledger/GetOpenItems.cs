using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Ledger;

/// <summary>
/// A customer's open items, oldest due first: invoices and debit adjustments still owed, then unapplied payments,
/// credit notes and credit adjustments. Without a date, today's (from the cache); with <c>asOf</c>, what was open at the
/// end of that day, derived from the entries and allocations dated by then (<see cref="Queries.OpenItemsOn"/>).
/// </summary>
internal sealed class GetOpenItems(CreditDb db, IPaymentOutlooks outlooks)
{
    private sealed record Row(long Id, EntryKind Kind, string? Document, DateOnly PostedOn, DateOnly? DueOn, string Currency, long AmountMinor, long OpenMinor, ItemState State, bool Disputed);

    public async Task<Result<OpenItemsDto>> Handle(OpenItemsQuery request, CancellationToken ct)
    {
        var customerId = await db.CustomerId(request.CustomerNumber, ct);
        if (customerId is null)
        {
            return new NotFound("Customer", request.CustomerNumber);
        }

        string? code = null;
        if (!string.IsNullOrWhiteSpace(request.Currency))
        {
            var currency = MoneyJson.ParseCurrency(request.Currency);
            if (!currency.IsOk)
            {
                return currency.Error!;
            }

            code = currency.Value.Code;
        }

        var asOf = request.AsOf ?? db.Today();
        var rows = request.AsOf is { } on ? await Derived(customerId.Value, on, ct) : await FromCache(customerId.Value, ct);
        var predicted = rows.Any(r => r is { Kind: EntryKind.Invoice, OpenMinor: > 0 })
            ? await outlooks.ForCustomer(customerId.Value, asOf, ct)
            : new Dictionary<long, PaymentOutlookDto>();
        var items = rows
            .Where(e => code is null || e.Currency == code)
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
                Documents.DaysOverdue(e.OpenMinor, e.DueOn, asOf))
            {
                Outlook = predicted.GetValueOrDefault(e.Id),
            })
            .ToList();
        return new OpenItemsDto(request.CustomerNumber, asOf, items);
    }

    private async Task<List<Row>> FromCache(long customerId, CancellationToken ct) =>
        await db.Entries.AsNoTracking().Where(e => e.CustomerId == customerId && e.AppliesToId == null && e.OpenMinor != 0)
            .Select(e => new Row(e.Id, e.Kind, e.Document, e.PostedOn, e.DueOn, e.Currency, e.AmountMinor, e.OpenMinor, e.State, e.Disputed))
            .ToListAsync(ct);

    private async Task<List<Row>> Derived(long customerId, DateOnly asOf, CancellationToken ct) =>
        [
            .. (await db.OpenItemsOn(asOf, customerId, ct)).Select(o =>
                new Row(o.Item.Id, o.Item.Kind, o.Item.Document, o.Item.PostedOn, o.Item.DueOn, o.Item.Currency, o.Item.AmountMinor, o.OpenMinor, o.State, o.Disputed)),
        ];

    public static async Task<IResult> Endpoint(string number, string? currency, DateOnly? asOf, GetOpenItems use, CancellationToken ct)
    {
        var result = await use.Handle(new OpenItemsQuery(number, currency, asOf), ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}
