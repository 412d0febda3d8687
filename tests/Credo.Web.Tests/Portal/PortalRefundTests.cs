using System.Text.Json;
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

    private async Task<List<(string Topic, JsonElement Payload)>> Events(string customer) =>
        await app.InScope(async sp =>
        {
            var rows = await sp.GetRequiredService<CreditDb>().Outbox.AsNoTracking().Where(m => m.Topic.StartsWith("refund.")).OrderBy(m => m.Id).ToListAsync();
            return rows.Select(m => (m.Topic, JsonDocument.Parse(m.PayloadJson).RootElement))
                .Where(e => e.RootElement.GetProperty("customerNumber").GetString() == customer).Select(e => (e.Topic, e.RootElement)).ToList();
        });

    [Fact]
    public async Task A_partial_refund_arriving_before_the_success_is_kept_and_posted_once_the_payment_posts_never_more_than_paid()
    {
        var (buyer, customer, invoices) = await World();
        var request = await Request(await Pay(buyer, customer, "Card", null, invoices[0], invoices[2])); // 1,700.00
        var pi = request.ProviderPaymentId!;
        var charge = "ch_" + Guid.NewGuid().ToString("N")[..10];
        var (reA, reB) = ("re_a" + Guid.NewGuid().ToString("N")[..10], "re_b" + Guid.NewGuid().ToString("N")[..10]);

        await Deliver("evt_early1_" + pi, "charge.refunded", StripeStandIn.Charge(charge, pi, 170000, (reA, 50000)));
        await Deliver("evt_early1b_" + pi, "charge.refunded", StripeStandIn.Charge(charge, pi, 170000, (reA, 50000))); // the same refund again
        Assert.DoesNotContain(await Entries(customer), e => e.Kind is EntryKind.Payment or EntryKind.Adjustment);
        var kept = await Request($"/portal/pay/{request.Id}");
        Assert.Equal(PaymentRequestStatus.Requested, kept.Status); // still waiting for the money: a later success posts

        await Deliver("evt_ok_" + pi, "payment_intent.succeeded", StripeStandIn.Intent(pi, 170000));
        await Deliver("evt_ok_" + pi, "payment_intent.succeeded", StripeStandIn.Intent(pi, 170000)); // replayed
        var entries = await Entries(customer);
        Assert.Single(entries, e => e.Kind == EntryKind.Payment);
        var owed = Assert.Single(entries, e => e.Kind == EntryKind.Adjustment);
        Assert.Equal((50000L, reA), (owed.AmountMinor, owed.Document));
        Assert.Equal(PaymentRequestStatus.Posted, (await Request($"/portal/pay/{request.Id}")).Status);

        // A later refund (listing the kept one too) posts only the new one; a third, beyond what is left, posts the rest.
        await Deliver("evt_late_" + pi, "charge.refunded", StripeStandIn.Charge(charge, pi, 170000, (reB, 100000), (reA, 50000)));
        await Deliver("evt_over_" + pi, "charge.refunded", StripeStandIn.Charge(charge, pi, 170000, ("re_c" + Guid.NewGuid().ToString("N")[..10], 90000), (reB, 100000), (reA, 50000)));
        entries = await Entries(customer);
        Assert.Equal([50000L, 100000L, 20000L], entries.Where(e => e.Kind == EntryKind.Adjustment).Select(e => e.AmountMinor));
        Assert.Equal(PaymentRequestStatus.Reversed, (await Request($"/portal/pay/{request.Id}")).Status);
        Assert.Equal(3, (await Refunds(request.Id)).Count);
        await app.AssertReconciled();

        var events = await Events(customer);
        Assert.Equal(["refund.posted", "refund.posted", "refund.posted"], events.Select(e => e.Topic));
        Assert.Equal([500m, 1000m, 200m], events.Select(e => e.Payload.GetProperty("amount").GetDecimal()));
        Assert.Equal([500m, 1500m, 1700m], events.Select(e => e.Payload.GetProperty("refundedSoFar").GetDecimal()));
        Assert.All(events, e => Assert.Equal("owed-again", e.Payload.GetProperty("posting").GetString()));
        Assert.All(events, e => Assert.DoesNotContain("@", e.Payload.GetRawText(), StringComparison.Ordinal)); // no buyer's email or name
    }

    [Fact]
    public async Task Kept_refunds_whose_payment_never_succeeds_post_nothing_and_a_success_after_a_whole_refund_posts_nothing()
    {
        var (buyer, customer, invoices) = await World();
        var request = await Request(await Pay(buyer, customer, "Card", null, invoices[1])); // 300.00
        var pi = request.ProviderPaymentId!;
        var charge = "ch_" + Guid.NewGuid().ToString("N")[..10];
        var reA = "re_a" + Guid.NewGuid().ToString("N")[..10];
        await Deliver("evt_part_" + pi, "charge.refunded", StripeStandIn.Charge(charge, pi, 30000, (reA, 10000)));
        await Deliver("evt_rest_" + pi, "charge.refunded", StripeStandIn.Charge(charge, pi, 30000, ("re_b" + Guid.NewGuid().ToString("N")[..10], 20000), (reA, 10000))); // now whole
        await Deliver("evt_ok_" + pi, "payment_intent.succeeded", StripeStandIn.Intent(pi, 30000));

        Assert.DoesNotContain(await Entries(customer), e => e.Kind is EntryKind.Payment or EntryKind.Adjustment or EntryKind.Reversal);
        Assert.Equal(PaymentRequestStatus.Cancelled, (await Request($"/portal/pay/{request.Id}")).Status);
        Assert.Empty(await Events(customer));
        await app.AssertReconciled();
    }

    [Fact]
    public async Task A_whole_refund_and_a_chargeback_publish_the_payment_reversed_with_no_personal_data()
    {
        var (customer, _, request) = await PaidByCard();
        await Deliver("evt_whole_" + request.ProviderPaymentId, "charge.refunded",
            StripeStandIn.Charge("ch_" + Guid.NewGuid().ToString("N")[..10], request.ProviderPaymentId!, 170000, ("re_w" + Guid.NewGuid().ToString("N")[..10], 170000)));
        var events = await Events(customer);
        Assert.Equal(["refund.posted", "refund.payment-reversed"], events.Select(e => e.Topic));
        var reversed = events[1].Payload;
        Assert.Equal(("refunded", 1700m, "USD", request.Reference, request.ProviderPaymentId), (reversed.GetProperty("reason").GetString(),
            reversed.GetProperty("amount").GetDecimal(), reversed.GetProperty("currency").GetString(), reversed.GetProperty("paymentReference").GetString(), reversed.GetProperty("providerPaymentId").GetString()));
        Assert.Equal("payment-reversed", events[0].Payload.GetProperty("posting").GetString());

        var (other, _, charged) = await PaidByCard();
        await Deliver("evt_cb_" + charged.ProviderPaymentId, "charge.dispute.created", StripeStandIn.Dispute(charged.ProviderPaymentId!, 170000, "fraudulent"));
        var chargeback = Assert.Single(await Events(other));
        Assert.Equal(("refund.payment-reversed", "charged-back"), (chargeback.Topic, chargeback.Payload.GetProperty("reason").GetString()));
        var names = chargeback.Payload.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(["customerNumber", "paymentReference", "provider", "providerPaymentId", "amount", "currency", "reason", "reversalEntryId"], names);
        Assert.True(Credo.Web.Features.Outbox.EventCatalogue.IsPublic("refund.payment-reversed") && Credo.Web.Features.Outbox.EventCatalogue.IsPublic("refund.posted"));
    }
}
