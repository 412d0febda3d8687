using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Features.Credit;
using Credo.Web.Features.Ledger;
using Credo.Web.Features.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Pages.Portal;

/// <summary>
/// The buyer's overview: balance and overdue (the ledger's balance summary), what falls due next, and the credit limit
/// with the credit still available (the credit slice's availability query: the same figures the credit check uses).
/// </summary>
internal sealed class PortalIndexModel(BuyerScope scope, CreditDb db, GetBalanceSummary balances, IOptions<CreditOptions> credit, HoldQueue holds, GetStatement statements) : PortalPage(scope)
{
    public IReadOnlyList<CurrencyBalanceDto> Balances { get; private set; } = [];

    public IReadOnlyList<(long Id, string Number, DateOnly? DueOn, long OpenMinor, string Currency)> NextDue { get; private set; } = [];

    public LevelDto? Line { get; private set; }

    public decimal? Available { get; private set; }

    public DateOnly AsOf { get; private set; }

    /// <summary>Orders held by credit control, with the payment that would release each.</summary>
    public IReadOnlyList<HeldOrder> Held { get; private set; } = [];

    /// <summary>The balance at each month end of the last year, in the customer's currency.</summary>
    public IReadOnlyList<BalancePoint> History { get; private set; } = [];

    /// <summary>The chart's figures for wwwroot/js/portal-chart.js (the table under the chart holds the same).</summary>
    public string ChartJson => System.Text.Json.JsonSerializer.Serialize(new
    {
        currency = Customer.Currency,
        labels = History.Select(p => PortalText.Date(p.On)),
        balances = History.Select(p => p.Balance),
    });

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await Resolve(ct))
        {
            return Missing();
        }

        AsOf = db.Today();
        var balance = await balances.Handle(new BalanceQuery(Customer.Number, AsOf), ct);
        Balances = balance.IsOk ? balance.Value!.Currencies : [];
        var customerId = Customer.Id;
        var today = AsOf;
        var due = await db.Entries.AsNoTracking()
            .Where(e => e.CustomerId == customerId && e.Kind == EntryKind.Invoice && e.OpenMinor > 0 && e.DueOn >= today)
            .OrderBy(e => e.DueOn).ThenBy(e => e.Id).Take(5)
            .Select(e => new { e.Id, e.Document, e.DueOn, e.OpenMinor, e.Currency }).ToListAsync(ct);
        NextDue = [.. due.Select(e => (e.Id, e.Document ?? string.Empty, e.DueOn, e.OpenMinor, e.Currency))];

        // Limit and available credit: the credit slice's own query (never recomputed here). Available is the smallest
        // headroom on the customer's path in its currency: a group line can bind before the customer's own.
        Held = await PortalHome.Held(holds, Customer.Number, ct);
        History = await PortalHome.History(statements, Customer.Number, Customer.Currency, AsOf, ct);
        await LoadCredit(ct);
        return Page();
    }

    private async Task LoadCredit(CancellationToken ct)
    {
        var levels = await db.Availability(Customer.Number, credit.Value.Counted, ct) ?? [];
        Line = levels.FirstOrDefault(l => l.Level == "customer" && l.Limit is not null);
        var headrooms = levels.Where(l => l.Headroom is not null && l.Currency == Customer.Currency).Select(l => l.Headroom!.Value).ToList();
        Available = Line is null ? null : headrooms.Count > 0 ? Math.Max(0m, headrooms.Min()) : Line.Headroom;
    }
}
