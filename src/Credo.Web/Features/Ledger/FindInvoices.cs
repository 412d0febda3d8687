using Credo.Domain.Common;
using Credo.Web.Data;

namespace Credo.Web.Features.Ledger;

/// <summary>Lists invoices with state/overdue filters and paging.</summary>
internal sealed class FindInvoices(CreditDb db)
{
    public async Task<Result<Customers.PageOf<InvoiceListItem>>> Handle(InvoiceQuery request, CancellationToken ct)
    {
        await Task.Yield();
        _ = db;
        throw new NotImplementedException();
    }
}
