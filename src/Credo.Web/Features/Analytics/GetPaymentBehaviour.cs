using Credo.Domain.Analytics;
using Credo.Domain.Common;
using Credo.Domain.Creditworthiness;
using Credo.Domain.Money;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Analytics;

internal sealed record PaymentBehaviourDto(string CustomerNumber, string Currency, DateOnly AsOf, IReadOnlyList<BehaviourWindow> Windows);

/// <summary>
/// A customer's payment behaviour as of a date, in the customer's currency: for the last 3, 6, 12 and 24 months, days to
/// pay, days beyond terms (all invoices, and the late ones), % on time and the PAYDEX-like score
/// (<see cref="PaymentBehaviour"/>), from the invoices paid by then (<see cref="AsOfLedger.PaidOn"/>).
/// </summary>
internal sealed class GetPaymentBehaviour(CreditDb db)
{
    public async Task<Result<PaymentBehaviourDto>> Handle(string number, DateOnly? asOf, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().Where(c => c.Number == number).Select(c => new { c.Id, c.Currency }).SingleOrDefaultAsync(ct);
        if (customer is null)
        {
            return new NotFound("Customer", number);
        }

        var on = asOf ?? db.Today();
        var entries = await db.Entries.AsNoTracking().Where(e => e.CustomerId == customer.Id && e.Currency == customer.Currency && e.PostedOn <= on)
            .Select(e => new DatedEntry(e.Id, e.CustomerId, e.Kind, e.Document, e.Currency, e.PostedOn, e.DueOn, e.AmountMinor, e.AppliesToId)).ToListAsync(ct);
        var allocations = await db.Allocations.AsNoTracking().Where(a => a.CustomerId == customer.Id && a.AppliedOn <= on)
            .Select(a => new DatedAllocation(a.CreditId, a.DebitId, a.AmountMinor, a.AppliedOn)).ToListAsync(ct);
        var currency = Currency.Of(customer.Currency);
        var paid = AsOfLedger.PaidOn(on, entries, allocations)
            .Where(p => p.Invoice.AmountMinor > 0)
            .Select(p => new PaidItem(new PaidInvoice(new Money(p.Invoice.AmountMinor, currency), p.Invoice.DueOn ?? p.Invoice.PostedOn, p.PaidOn), p.Invoice.PostedOn))
            .ToList();
        var windows = new List<BehaviourWindow>();
        foreach (var months in PaymentBehaviour.Windows)
        {
            var window = PaymentBehaviour.Of(paid, on, months);
            if (!window.IsOk)
            {
                return window.Error!;
            }

            windows.Add(window.Value!);
        }

        return new PaymentBehaviourDto(number, customer.Currency, on, windows);
    }

    public static async Task<IResult> Endpoint(string number, DateOnly? asOf, GetPaymentBehaviour use, CancellationToken ct)
    {
        var result = await use.Handle(number, asOf, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}
