using Credo.Domain.Ledger;
using Credo.Domain.Portal;
using Credo.Web.Data;
using Credo.Web.Tests.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Portal;

/// <summary>
/// Issue 16 §4: refunds from Stripe, full or partial, are posted through the ledger's own use cases, once per refund id,
/// whatever the order and however often the charge.refunded events arrive.
/// </summary>
public sealed partial class PortalPaymentTests
{
    private async Task<(string Customer, string[] Invoices, PaymentRequest Request)> PaidByCard()
    {
        var (buyer, customer, invoices) = await World();
        var request = await Request(await Pay(buyer, customer, "Card", null, invoices[0], invoices[2])); // 1,700.00
        await Deliver("evt_ok_" + request.ProviderPaymentId, "payment_intent.succeeded", StripeStandIn.Intent(request.ProviderPaymentId!, 170000));
        return (customer, invoices, request);
    }

    private async Task<List<PaymentRefund>> Refunds(long requestId) =>
        await app.InScope(sp => sp.GetRequiredService<CreditDb>().PaymentRefunds.AsNoTracking().Where(r => r.RequestId == requestId).OrderBy(r => r.Id).ToListAsync());

    [Fact]
    public async Task Partial_refunds_post_what_is_owed_again_once_per_refund_id_and_the_last_one_closes_the_payment()
    {
        var (customer, invoices, request) = await PaidByCard();
        var pi = request.ProviderPaymentId!;
        var charge = "ch_" + Guid.NewGuid().ToString("N")[..10];
        var reA = "re_" + Guid.NewGuid().ToString("N")[..12];
        var reB = "re_" + Guid.NewGuid().ToString("N")[..12];

        await Deliver("evt_r1_" + pi, "charge.refunded", StripeStandIn.Charge(charge, pi, 170000, (reA, 30000)));
        await Deliver("evt_r1_" + pi, "charge.refunded", StripeStandIn.Charge(charge, pi, 170000, (reA, 30000))); // replayed
        await Deliver("evt_r1b_" + pi, "charge.refunded", StripeStandIn.Charge(charge, pi, 170000, (reA, 30000))); // the same refund in another event
        var first = Assert.Single(await Entries(customer), e => e.Kind == EntryKind.Adjustment);
        Assert.Equal((30000L, reA, "user:payment-provider:stripe"), (first.AmountMinor, first.Document, first.RecordedBy));
        Assert.Contains("refunded through Stripe", first.Reason, StringComparison.Ordinal);
        Assert.Equal(PaymentRequestStatus.Posted, (await Request($"/portal/pay/{request.Id}")).Status);

        await Deliver("evt_r2_" + pi, "charge.refunded", StripeStandIn.Charge(charge, pi, 170000, (reB, 140000), (reA, 30000)));
        var entries = await Entries(customer);
        Assert.Equal([30000L, 140000L], entries.Where(e => e.Kind == EntryKind.Adjustment).Select(e => e.AmountMinor));
        Assert.DoesNotContain(entries, e => e.Kind == EntryKind.Reversal); // the payment stands; what was refunded is owed again
        Assert.Single(entries, e => e.Kind == EntryKind.Payment);
        Assert.Equal(PaymentRequestStatus.Reversed, (await Request($"/portal/pay/{request.Id}")).Status);
        Assert.Equal([reA, reB], (await Refunds(request.Id)).Select(r => r.RefundId));
        Assert.Equal(200000L, entries.Sum(e => e.Kind == EntryKind.Invoice || e.Kind == EntryKind.Adjustment || e.Kind == EntryKind.Payment ? e.AmountMinor : 0));
        await app.AssertReconciled();
    }

    [Fact]
    public async Task Refunds_arriving_out_of_order_never_post_more_than_was_paid_and_a_whole_refund_reverses_the_payment()
    {
        var (customer, _, request) = await PaidByCard();
        var pi = request.ProviderPaymentId!;
        var charge = "ch_" + Guid.NewGuid().ToString("N")[..10];
        var (reA, reB) = ("re_a" + Guid.NewGuid().ToString("N")[..10], "re_b" + Guid.NewGuid().ToString("N")[..10]);
        await Deliver("evt_late_" + pi, "charge.refunded", StripeStandIn.Charge(charge, pi, 170000, (reB, 100000), (reA, 70000))); // the later event first
        await Deliver("evt_early_" + pi, "charge.refunded", StripeStandIn.Charge(charge, pi, 170000, (reA, 70000)));
        var adjustments = (await Entries(customer)).Where(e => e.Kind == EntryKind.Adjustment).Select(e => e.AmountMinor).ToList();
        Assert.Equal(170000L, adjustments.Sum());

        var (other, _, whole) = await PaidByCard();
        await Deliver("evt_whole_" + whole.ProviderPaymentId, "charge.refunded",
            StripeStandIn.Charge("ch_" + Guid.NewGuid().ToString("N")[..10], whole.ProviderPaymentId!, 170000, ("re_w" + Guid.NewGuid().ToString("N")[..10], 170000)));
        var entries = await Entries(other);
        Assert.Single(entries, e => e.Kind == EntryKind.Reversal);
        Assert.DoesNotContain(entries, e => e.Kind == EntryKind.Adjustment);
        Assert.Equal(PaymentRequestStatus.Reversed, (await Request($"/portal/pay/{whole.Id}")).Status);
        await app.AssertReconciled();
    }
}
