using Credo.Domain.Common;
using Credo.Domain.Portal;
using Credo.Web.Data;
using Credo.Web.Features.Collections;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Portal;

/// <summary>What a buyer promises: by when, how much (empty: what is open on the invoices), for which invoices.</summary>
internal sealed record BuyerPromise(DateOnly? PromisedOn, decimal? Amount, IReadOnlyList<string>? Invoices, string? Note);

/// <summary>
/// A buyer's promise to pay, made through the collections slice's own use case (<see cref="RecordPromise"/>, channel
/// "portal"): the promised invoices leave dunning while it is open, and kept or broken is read from the ledger as for a
/// promise taken on the phone. Audited as the buyer in the same save.
/// </summary>
internal sealed class PromiseToPay(CreditDb db, RecordPromise promises)
{
    public async Task<Result<PromiseDto>> Handle(ScopedCustomer customer, BuyerPromise promise, CancellationToken ct)
    {
        if (!InvitationFlow.Allows(customer.Role, BuyerRole.Pay))
        {
            return new Refusal("buyer-role", "Your access lets you see this account, not promise payments for it.");
        }

        var invoices = (promise.Invoices ?? []).Where(i => !string.IsNullOrWhiteSpace(i)).ToList();
        if (invoices.Count == 0)
        {
            return new ValidationFailed("invoices", "Choose the invoices you promise to pay.");
        }

        var amount = promise.Amount ?? await OpenOn(customer.Id, invoices, ct);
        var audit = BuyerAudit.Record(db, "promise", customer, new { promisedOn = promise.PromisedOn, amount, invoices, note = promise.Note });
        var made = await promises.Handle(customer.Number, new RecordPromiseRequest(promise.PromisedOn, amount, invoices, "portal", promise.Note), ct);
        if (!made.IsOk)
        {
            db.Entry(audit).State = EntityState.Detached; // nothing was promised: nothing to audit
        }

        return made;
    }

    /// <summary>What is open on the chosen invoices (the promise's amount when the buyer leaves it empty).</summary>
    private async Task<decimal?> OpenOn(long customerId, List<string> invoices, CancellationToken ct)
    {
        var open = await db.Entries.AsNoTracking().Where(e => e.CustomerId == customerId && invoices.Contains(e.Document!))
            .Select(e => new { e.OpenMinor, e.Currency }).ToListAsync(ct);
        return open.Count == 0 || open.Select(o => o.Currency).Distinct().Count() > 1
            ? null
            : Domain.Amounts.Currency.TryParse(open[0].Currency, out var c) ? new Domain.Amounts.Money(open.Sum(o => o.OpenMinor), c.Value).Major : null;
    }
}
