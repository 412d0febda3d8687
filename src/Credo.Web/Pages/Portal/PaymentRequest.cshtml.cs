using Credo.Domain.Ledger;
using Credo.Domain.Portal;
using Credo.Web.Data;
using Credo.Web.Features.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Pages.Portal;

/// <summary>
/// One payment request: what it pays and where it stands. A bank transfer shows the seller's account and the creditor
/// reference to quote; a card or US bank account payment shows the provider's form while it waits.
/// </summary>
internal sealed class PortalPaymentRequestModel(BuyerScope scope, CreditDb db, IPaymentProvider provider, IOptions<PortalPaymentOptions> options, Infrastructure.PublicLinks links) : PortalPage(scope)
{
    public sealed record Item(string Invoice, long AmountMinor, long StillOpenMinor);

    public PaymentRequest Payment { get; private set; } = null!;

    /// <summary>Where Stripe sends the buyer back to after confirming (absolute, from the public base URL).</summary>
    public string ReturnUrl { get; private set; } = "";

    public IReadOnlyList<Item> Items { get; private set; } = [];

    public BankTransferSettings Bank => options.Value.BankTransfer;

    /// <summary>The provider's key for the browser form, when the request still waits for a card or bank payment.</summary>
    public string? BrowserKey { get; private set; }

    /// <summary>Stripe sends the buyer back here after confirming; the webhook, not this, posts the payment.</summary>
    [BindProperty(SupportsGet = true, Name = "redirect_status")]
    public string? ReturnedStatus { get; set; }

    /// <summary>
    /// A bank transfer counts as received once each invoice it named was paid at least the amount chosen since the request
    /// was made (cash application applied the transfer, or the credit team did).
    /// </summary>
    public bool Received { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await ResolvePaymentRequest(id, ct))
        {
            return Missing();
        }

        Payment = await db.PaymentRequests.AsNoTracking().SingleAsync(r => r.Id == id, ct);
        Items = await db.PaymentRequestItems.AsNoTracking().Where(i => i.RequestId == id).OrderBy(i => i.Id)
            .Join(db.Entries, i => i.InvoiceId, e => e.Id, (i, e) => new Item(i.InvoiceNumber, i.AmountMinor, e.OpenMinor)).ToListAsync(ct);
        if (Payment.Method == PortalPaymentMethod.BankTransfer)
        {
            var since = Payment.CreatedAtUtc;
            var wanted = await db.PaymentRequestItems.AsNoTracking().Where(i => i.RequestId == id).Select(i => new { i.InvoiceId, i.AmountMinor }).ToListAsync(ct);
            var invoiceIds = wanted.Select(w => w.InvoiceId).ToList();
            var paid = (await db.Allocations.AsNoTracking().Where(a => invoiceIds.Contains(a.DebitId) && a.RecordedAtUtc >= since)
                .Select(a => new { a.DebitId, a.AmountMinor }).ToListAsync(ct)).GroupBy(a => a.DebitId).ToDictionary(g => g.Key, g => g.Sum(a => a.AmountMinor));
            Received = wanted.All(w => paid.GetValueOrDefault(w.InvoiceId) >= w.AmountMinor);
        }

        BrowserKey = Payment.Method != PortalPaymentMethod.BankTransfer && Payment.Status is PaymentRequestStatus.Requested or PaymentRequestStatus.Failed
            && Payment.ClientSecret is not null && ReturnedStatus is null ? provider.BrowserKey : null;
        if (BrowserKey is not null)
        {
            ReturnUrl = links.To(PortalText.For($"/portal/pay/{id}", Customer.Number)).AbsoluteUri;
            // This page alone may load Stripe.js and its frames (the card form lives in Stripe's frame, never on Credo).
            HttpContext.Items[Infrastructure.SecurityHeaders.PageExtraKey] = StripeSources;
        }

        return Page();
    }

    public string Status => Received ? "Received: thank you" : PaymentFlow.Describe(Payment.Status);

    private const string StripeSources = "script-src https://js.stripe.com; frame-src https://js.stripe.com https://hooks.stripe.com; connect-src https://api.stripe.com";
}
