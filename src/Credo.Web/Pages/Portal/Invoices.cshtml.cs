using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Features.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Pages.Portal;

/// <summary>The buyer's invoices: open (default), paid, or disputed; newest first, 200 at most.</summary>
internal sealed class PortalInvoicesModel(BuyerScope scope, ReadDb read) : PortalPage(scope)
{
    private readonly CreditDb db = read.Db; // issue 17 §5: a read-only report, served by the read replica when there is one (ADR 0022)

    public const int Max = 200;

    [BindProperty(SupportsGet = true)]
    public string? Show { get; set; }

    public string Filter { get; private set; } = "open";

    public IReadOnlyList<LedgerEntry> Invoices { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await Resolve(ct))
        {
            return Missing();
        }

        Filter = Show?.Trim().ToLowerInvariant() switch
        {
            "paid" => "paid",
            "disputed" => "disputed",
            _ => "open",
        };
        var customerId = Customer.Id;
        var query = db.Entries.AsNoTracking().Where(e => e.CustomerId == customerId && e.Kind == EntryKind.Invoice);
        query = Filter switch
        {
            "paid" => query.Where(e => e.State == ItemState.Paid),
            "disputed" => query.Where(e => e.Disputed),
            _ => query.Where(e => e.State == ItemState.Open || e.State == ItemState.PartiallyPaid),
        };
        Invoices = await query.OrderByDescending(e => e.PostedOn).ThenByDescending(e => e.Id).Take(Max).ToListAsync(ct);
        return Page();
    }
}
