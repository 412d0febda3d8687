using Credo.Domain.Customers;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Features.Ledger;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Pages.Team;

/// <summary>A placeholder dashboard: customer counts, and from the ledger the open and overdue invoices.</summary>
internal sealed class DashboardModel(CreditDb db, FindInvoices invoices, TimeProvider clock) : PageModel
{
    /// <summary>Overdue totals read at most this many invoices (a portfolio summary use case will replace the loop).</summary>
    public const int OverdueScanLimit = 10_000;

    private const int ScanPageSize = 200;

    public DateOnly AsOf { get; private set; }

    public int Customers { get; private set; }

    public int Active { get; private set; }

    public int OnHold { get; private set; }

    public int Blocked { get; private set; }

    public int OpenInvoices { get; private set; }

    public int OverdueInvoices { get; private set; }

    /// <summary>Overdue open amounts per currency, largest first.</summary>
    public IReadOnlyList<(string Currency, decimal Amount)> Overdue { get; private set; } = [];

    public bool OverdueTruncated { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        AsOf = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var byStatus = await db.Customers.AsNoTracking().GroupBy(c => c.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        int Count(CustomerStatus s) => byStatus.Where(x => x.Status == s).Sum(x => x.Count);
        Customers = byStatus.Sum(x => x.Count);
        Active = Count(CustomerStatus.Active);
        OnHold = Count(CustomerStatus.OnHold);
        Blocked = Count(CustomerStatus.Blocked);

        OpenInvoices = await Total(new InvoiceQuery(State: ItemState.Open, PageSize: 1), ct)
            + await Total(new InvoiceQuery(State: ItemState.PartiallyPaid, PageSize: 1), ct);

        var overdue = new Dictionary<string, decimal>();
        for (var page = 1; ; page++)
        {
            var result = await invoices.Handle(new InvoiceQuery(Overdue: true, Page: page, PageSize: ScanPageSize), ct);
            if (result.Value is not { } found)
            {
                break;
            }

            OverdueInvoices = found.Total;
            foreach (var invoice in found.Items)
            {
                overdue[invoice.Currency] = overdue.GetValueOrDefault(invoice.Currency) + invoice.Open;
            }

            if (page * ScanPageSize >= found.Total || found.Items.Count == 0)
            {
                break;
            }

            if (page * ScanPageSize >= OverdueScanLimit)
            {
                OverdueTruncated = true;
                break;
            }
        }

        Overdue = [.. overdue.OrderByDescending(kv => kv.Value).Select(kv => (kv.Key, kv.Value))];
    }

    private async Task<int> Total(InvoiceQuery query, CancellationToken ct) =>
        (await invoices.Handle(query, ct)).Value?.Total ?? 0;
}
