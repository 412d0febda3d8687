using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Features.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Pages.Portal;

/// <summary>The buyer's payments, newest first, and what each one paid (allocations net of any undone).</summary>
internal sealed class PortalPaymentsModel(BuyerScope scope, CreditDb db) : PortalPage(scope)
{
    public const int Max = 100;

    public sealed record Paid(string Document, long AmountMinor);

    public sealed record PaymentRow(long Id, string Reference, DateOnly On, long AmountMinor, long UnappliedMinor, string Currency, IReadOnlyList<Paid> Paid);

    public IReadOnlyList<PaymentRow> Payments { get; private set; } = [];

    /// <summary>The buyer's payment requests from the portal (newest 20): card, US bank account or bank transfer, and where each stands.</summary>
    public IReadOnlyList<PaymentRequest> Requests { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await Resolve(ct))
        {
            return Missing();
        }

        var customerId = Customer.Id;
        Requests = await db.PaymentRequests.AsNoTracking().Where(r => r.CustomerId == customerId)
            .OrderByDescending(r => r.Id).Take(20).ToListAsync(ct);
        var payments = await db.Entries.AsNoTracking()
            .Where(e => e.CustomerId == customerId && e.Kind == EntryKind.Payment)
            .OrderByDescending(e => e.PostedOn).ThenByDescending(e => e.Id).Take(Max)
            .Select(e => new { e.Id, e.Document, e.PostedOn, e.AmountMinor, e.OpenMinor, e.Currency }).ToListAsync(ct);
        var ids = payments.Select(p => p.Id).ToList();
        var allocations = await db.Allocations.AsNoTracking()
            .Where(a => a.CustomerId == customerId && ids.Contains(a.CreditId))
            .Join(db.Entries, a => a.DebitId, e => e.Id, (a, e) => new { a.CreditId, a.DebitId, e.Document, a.AmountMinor })
            .ToListAsync(ct);
        var paid = allocations.GroupBy(a => (a.CreditId, a.DebitId, a.Document))
            .Select(g => (g.Key.CreditId, Paid: new Paid(g.Key.Document ?? string.Empty, g.Sum(a => a.AmountMinor))))
            .Where(p => p.Paid.AmountMinor != 0)
            .ToLookup(p => p.CreditId, p => p.Paid);
        // A payment is stored as a credit (a negative amount); a buyer reads what they paid as a positive figure.
        Payments = [.. payments.Select(p => new PaymentRow(p.Id, p.Document ?? string.Empty, p.PostedOn, Math.Abs(p.AmountMinor), Math.Abs(p.OpenMinor), p.Currency, [.. paid[p.Id]]))];
        return Page();
    }
}
