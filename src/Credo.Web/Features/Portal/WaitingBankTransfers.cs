using Credo.Domain.Matching;
using Credo.Domain.Amounts;
using Credo.Domain.Portal;
using Credo.Web.Data;
using Credo.Web.Features.CashApplication;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Portal;

/// <summary>
/// Cash application's <see cref="IPaymentRequests"/> port: the buyers' bank-transfer requests still waiting, each with
/// its creditor reference and exactly the invoices and amounts chosen, for the matcher's stage 1.
/// </summary>
internal sealed class WaitingBankTransfers(CreditDb db) : IPaymentRequests
{
    public async Task<IReadOnlyList<RequestedPayment>> Waiting(string currency, CancellationToken ct)
    {
        var rows = await db.PaymentRequests.AsNoTracking()
            .Where(r => r.Currency == currency && r.Method == PortalPaymentMethod.BankTransfer && r.Status == PaymentRequestStatus.Requested && r.Reference != null)
            .Join(db.PaymentRequestItems, r => r.Id, i => i.RequestId, (r, i) => new { r.Id, r.Reference, r.CustomerId, i.InvoiceId, i.InvoiceNumber, i.AmountMinor, ItemId = i.Id })
            .ToListAsync(ct);
        var money = Currency.Of(currency);
        return [.. rows.GroupBy(r => (r.Id, r.Reference, r.CustomerId)).Select(g => new RequestedPayment(
            g.Key.Reference!, g.Key.CustomerId, [.. g.OrderBy(i => i.ItemId).Select(i => new InvoiceAllocation(i.InvoiceId, i.InvoiceNumber, new Money(i.AmountMinor, money)))]))];
    }
}
