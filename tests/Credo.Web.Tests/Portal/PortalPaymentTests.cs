using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Credo.Domain.Ledger;
using Credo.Domain.Portal;
using Credo.Web.Data;
using Credo.Web.Features.CashApplication;
using Credo.Web.Tests.Ledger;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Portal;

/// <summary>The app, a loopback Stripe stand-in, and a host of the same app and database with payments switched on (and a test clock).</summary>
public sealed class PaymentsApp : IAsyncLifetime
{
    public const string Iban = "DE89370400440532013000";

    public CredoApp App { get; } = new();

    public StripeStandIn Stripe { get; private set; } = null!;

    public WebApplicationFactory<Program> Host { get; private set; } = null!;

    public ManualClock Clock { get; } = new();

    public async Task InitializeAsync()
    {
        _ = App.Services; // the plain app first: it migrates the database both share
        Stripe = await StripeStandIn.Start();
        Host = App.WithWebHostBuilder(b =>
        {
            b.UseSetting("Portal:Payments:Stripe:SecretKey", StripeStandIn.SecretKey);
            b.UseSetting("Portal:Payments:Stripe:WebhookSecret", StripeStandIn.WebhookSecret);
            b.UseSetting("Portal:Payments:Stripe:PublishableKey", StripeStandIn.PublishableKey);
            b.UseSetting("Portal:Payments:Stripe:ApiBase", Stripe.Url.ToString());
            b.UseSetting("Portal:Payments:BankTransfer:AccountName", "Test Wholesale Ltd");
            b.UseSetting("Portal:Payments:BankTransfer:BankName", "Commerzbank");
            b.UseSetting("Portal:Payments:BankTransfer:Iban", Iban);
            b.UseSetting("Portal:Payments:BankTransfer:Bic", "COBADEFFXXX");
            b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
        });
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await App.DisposeAsync();
        await Stripe.DisposeAsync();
    }
}

/// <summary>
/// Issue 16 §4: a buyer pays chosen invoices by card (Stripe, against a loopback stand-in) or by bank transfer (an RF
/// reference that cash application recognises). A confirmed payment is posted once, allocated exactly; replayed,
/// duplicated and out-of-order webhooks never post twice; refunds and chargebacks are reversed with their reason.
/// </summary>
public sealed partial class PortalPaymentTests(PaymentsApp payments) : IClassFixture<PaymentsApp>
{
    private const string Iban = PaymentsApp.Iban;
    private readonly CredoApp app = payments.App;
    private readonly StripeStandIn _stripe = payments.Stripe;
    private readonly WebApplicationFactory<Program> _host = payments.Host;
    private readonly ManualClock _clock = payments.Clock;

    /// <summary>A customer with three open invoices (1,200.00, 300.00, 500.00 USD) and a buyer who may pay, signed in on the paying host.</summary>
    private async Task<(HttpClient Buyer, string Customer, string[] Invoices)> World(string role = "pay")
    {
        var staff = await app.ClientAs("Admin");
        var email = Http.Unique("payer") + "@buyer.example";
        var customer = await staff.NewCustomer(email);
        string[] invoices = [Http.Unique("INV"), Http.Unique("INV"), Http.Unique("INV")];
        await staff.Invoice(customer, invoices[0], 1_200m, issueDate: "2026-01-10", dueDate: "2026-02-09");
        await staff.Invoice(customer, invoices[1], 300m, issueDate: "2026-01-12", dueDate: "2026-02-11");
        await staff.Invoice(customer, invoices[2], 500m, issueDate: "2026-01-15", dueDate: "2026-02-14");
        var token = await staff.Invite(app, customer, email, role);
        var buyer = _host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var accepted = await Post(buyer, "/portal/invitation/" + token, [new("Password", PortalWorld.Password), new("Confirm", PortalWorld.Password)]);
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        return (buyer, customer, invoices);
    }

    private static async Task<HttpResponseMessage> Post(HttpClient client, string url, List<KeyValuePair<string, string>> fields, bool withToken = true)
    {
        if (withToken)
        {
            fields.Add(new("__RequestVerificationToken", Pages.PageSession.Token(await client.GetStringAsync(url))));
        }

        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    /// <summary>Pays the invoices by <paramref name="method"/>; returns the payment request page's address.</summary>
    private async Task<string> Pay(HttpClient buyer, string customer, string method, string? amount, params string[] invoices)
    {
        var ids = new List<long>();
        foreach (var number in invoices)
        {
            ids.Add(await PortalHttp.EntryId(app, number));
        }

        var fields = ids.Select(id => new KeyValuePair<string, string>("i", id.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
        fields.Add(new("Method", method));
        fields.Add(new("Amount", amount ?? ""));
        var response = await Post(buyer, "/portal/pay?c=" + customer, fields);
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return response.Headers.Location!.OriginalString;
    }

    private async Task<PaymentRequest> Request(string page)
    {
        var id = long.Parse(RequestId().Match(page).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        return await app.InScope(sp => sp.GetRequiredService<CreditDb>().PaymentRequests.AsNoTracking().SingleAsync(r => r.Id == id));
    }

    private async Task<HttpResponseMessage> Webhook(string body, string? signature = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/api/portal/payments/stripe/events") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        message.Headers.Add("Stripe-Signature", signature ?? StripeStandIn.Sign(body, _clock.GetUtcNow()));
        return await _host.CreateClient().SendAsync(message);
    }

    private async Task Deliver(string eventId, string type, object data)
    {
        var response = await Webhook(StripeStandIn.Event(eventId, type, data, _clock.GetUtcNow()));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private async Task<List<LedgerEntry>> Entries(string customer) =>
        await app.InScope(sp =>
        {
            var db = sp.GetRequiredService<CreditDb>();
            return db.Entries.AsNoTracking().Where(e => db.Customers.Any(c => c.Id == e.CustomerId && c.Number == customer)).OrderBy(e => e.Id).ToListAsync();
        });

    private async Task<decimal> Open(string invoice) => (await (await app.ClientAs("Viewer")).Get($"/api/invoices/{invoice}")).Dec("open");

    [Fact]
    public async Task Paying_two_invoices_by_card_posts_once_when_Stripe_confirms_allocated_exactly_to_them()
    {
        var (buyer, customer, invoices) = await World();
        var page = await Pay(buyer, customer, "Card", null, invoices[0], invoices[2]);

        var created = _stripe.Created.Last();
        Assert.Equal(("170000", "usd", "Bearer " + StripeStandIn.SecretKey), (created.Form["amount"], created.Form["currency"], created.Authorization));
        Assert.Equal(customer, created.Form["metadata[customer]"]);
        var request = await Request(page);
        Assert.Equal("credo-payment-request-" + request.Reference, created.IdempotencyKey);
        var shown = await buyer.GetAsync(page);
        var html = await shown.Content.ReadAsStringAsync();
        Assert.Contains("data-key=\"" + StripeStandIn.PublishableKey + "\"", html, StringComparison.Ordinal);
        Assert.Contains("https://js.stripe.com", shown.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain("js.stripe.com", (await buyer.GetAsync("/portal/pay?c=" + customer)).Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.DoesNotContain(await Entries(customer), e => e.Kind == EntryKind.Payment); // nothing posted before Stripe confirms

        var success = StripeStandIn.Intent(request.ProviderPaymentId!, 170000);
        await Deliver("evt_" + Guid.NewGuid().ToString("N"), "payment_intent.succeeded", success);
        var replayedId = "evt_" + Guid.NewGuid().ToString("N");
        await Deliver(replayedId, "payment_intent.succeeded", success); // Stripe delivers the same event twice
        await Deliver(replayedId, "payment_intent.succeeded", success);

        var payments = (await Entries(customer)).Where(e => e.Kind == EntryKind.Payment).ToList();
        var payment = Assert.Single(payments);
        Assert.Equal((-170000L, request.Reference, "card", "user:payment-provider:stripe"), (payment.AmountMinor, payment.Document, payment.Method, payment.RecordedBy));
        Assert.Equal((0m, 300m, 0m), (await Open(invoices[0]), await Open(invoices[1]), await Open(invoices[2])));
        Assert.Contains("Paid", await buyer.GetStringAsync(page), StringComparison.Ordinal);
        await app.AssertReconciled();
    }

    [Fact]
    public async Task A_late_failure_changes_nothing_and_a_refund_reverses_the_payment_once_with_its_reason()
    {
        var (buyer, customer, invoices) = await World();
        var request = await Request(await Pay(buyer, customer, "Card", null, invoices[1]));
        var pi = request.ProviderPaymentId!;
        await Deliver("evt_fail_" + pi, "payment_intent.payment_failed", StripeStandIn.Intent(pi, 30000, "requires_payment_method", "Your card was declined."));
        Assert.Equal(PaymentRequestStatus.Failed, (await Request($"/portal/pay/{request.Id}")).Status);
        await Deliver("evt_ok_" + pi, "payment_intent.succeeded", StripeStandIn.Intent(pi, 30000)); // the second attempt worked
        await Deliver("evt_fail2_" + pi, "payment_intent.payment_failed", StripeStandIn.Intent(pi, 30000, "requires_payment_method", "Declined")); // the first attempt's failure, late
        Assert.Equal(PaymentRequestStatus.Posted, (await Request($"/portal/pay/{request.Id}")).Status);
        Assert.Equal(0m, await Open(invoices[1]));

        var refund = StripeStandIn.Charge(pi, 30000, 30000);
        await Deliver("evt_refund_" + pi, "charge.refunded", refund);
        await Deliver("evt_refund2_" + pi, "charge.refunded", refund); // a second notice of the same refund

        var entries = await Entries(customer);
        Assert.Single(entries, e => e.Kind == EntryKind.Payment);
        var reversal = Assert.Single(entries, e => e.Kind == EntryKind.Reversal);
        Assert.Equal("stripe: refunded through Stripe", reversal.Reason);
        Assert.Equal(300m, await Open(invoices[1]));
        Assert.Equal(PaymentRequestStatus.Reversed, (await Request($"/portal/pay/{request.Id}")).Status);
        await app.AssertReconciled();
    }

    [Fact]
    public async Task A_chargeback_reverses_with_its_reason_and_a_success_arriving_after_its_refund_posts_nothing()
    {
        var (buyer, customer, invoices) = await World();
        var disputed = await Request(await Pay(buyer, customer, "Card", null, invoices[0]));
        await Deliver("evt_a_" + disputed.ProviderPaymentId, "payment_intent.succeeded", StripeStandIn.Intent(disputed.ProviderPaymentId!, 120000));
        await Deliver("evt_b_" + disputed.ProviderPaymentId, "charge.dispute.created", StripeStandIn.Dispute(disputed.ProviderPaymentId!, 120000, "fraudulent"));
        var reversal = Assert.Single(await Entries(customer), e => e.Kind == EntryKind.Reversal);
        Assert.Equal("stripe: charged back by the payer's bank (fraudulent)", reversal.Reason);
        Assert.Equal(1200m, await Open(invoices[0]));

        // Out of order: the refund's event overtakes the success's. Nothing is posted, then or later.
        var reordered = await Request(await Pay(buyer, customer, "UsBankAccount", null, invoices[2]));
        Assert.Equal("us_bank_account", _stripe.Created.Last().Form.Where(f => f.Key.Contains("payment_method_types", StringComparison.Ordinal)).Select(f => f.Value).Single());
        await Deliver("evt_c_" + reordered.ProviderPaymentId, "charge.refunded", StripeStandIn.Charge(reordered.ProviderPaymentId!, 50000, 50000));
        await Deliver("evt_d_" + reordered.ProviderPaymentId, "payment_intent.succeeded", StripeStandIn.Intent(reordered.ProviderPaymentId!, 50000));
        Assert.Single(await Entries(customer), e => e.Kind == EntryKind.Payment); // only the charged-back one
        Assert.Equal(500m, await Open(invoices[2]));
        Assert.Equal(PaymentRequestStatus.Cancelled, (await Request($"/portal/pay/{reordered.Id}")).Status);
        await app.AssertReconciled();
    }

    [Fact]
    public async Task A_webhook_with_a_bad_or_stale_signature_or_none_is_refused_and_changes_nothing()
    {
        var (buyer, customer, invoices) = await World();
        var request = await Request(await Pay(buyer, customer, "Card", null, invoices[1]));
        var body = StripeStandIn.Event("evt_forged_" + request.Id, "payment_intent.succeeded", StripeStandIn.Intent(request.ProviderPaymentId!, 30000), _clock.GetUtcNow());
        await (await Webhook(body, StripeStandIn.Sign(body, _clock.GetUtcNow(), "whsec_someone_else"))).AssertProblem(400, "validation", "Stripe-Signature");
        await (await Webhook(body, StripeStandIn.Sign(body, _clock.GetUtcNow().AddMinutes(-6)))).AssertProblem(400, "validation", "Stripe-Signature");
        await (await Webhook(body.Replace("30000", "3", StringComparison.Ordinal), StripeStandIn.Sign(body, _clock.GetUtcNow()))).AssertProblem(400, "validation", "Stripe-Signature");
        var none = await app.Anonymous().PostAsync("/api/portal/payments/stripe/events", new StringContent(body, Encoding.UTF8, "application/json"));
        await none.AssertProblem(409, "payments-off"); // Stripe is not configured on the plain app: refused, nothing read
        Assert.DoesNotContain(await Entries(customer), e => e.Kind == EntryKind.Payment);
        Assert.Equal(0, await app.InScope(sp => sp.GetRequiredService<CreditDb>().PaymentProviderEvents.CountAsync(e => e.EventId == "evt_forged_" + request.Id)));
    }

    [Fact]
    public async Task A_bank_transfer_request_gives_the_sellers_account_and_an_RF_and_the_bank_line_quoting_it_pays_exactly_those_invoices()
    {
        var (buyer, customer, invoices) = await World();
        var page = await Pay(buyer, customer, "BankTransfer", "1350.00", invoices[0], invoices[1], invoices[2]);
        var request = await Request(page);
        Assert.True(PaymentReference.IsValid(request.Reference));
        var html = await buyer.GetStringAsync(page);
        Assert.Contains(Iban, html, StringComparison.Ordinal);
        Assert.Contains(PaymentReference.Print(request.Reference!), html, StringComparison.Ordinal);
        Assert.Contains("1,350.00 USD", html, StringComparison.Ordinal);
        Assert.Contains(PaymentReference.Print(request.Reference!), await buyer.GetStringAsync("/portal/payments?c=" + customer), StringComparison.Ordinal);
        Assert.DoesNotContain(_stripe.Created, c => c.Form.GetValueOrDefault("metadata[reference]") == request.Reference);

        // The bank line quotes the RF (printed form, in the remittance) and names no invoice: 1,200.00 + 150.00 of 300.00.
        var collector = await app.ClientAs("Collector");
        var on = new DateOnly(2026, 2, 20);
        var account = "DE" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture) + "0000000";
        var xml = Camt053Writer.Write(account, "USD", Http.Unique("STMT"), 1, on, 0,
            [new(on, 1_350_00, "Some Other Name GmbH", null, "Payment " + PaymentReference.Print(request.Reference!), Http.Unique("REF"))]);
        var form = new MultipartFormDataContent { { new StringContent(xml, Encoding.UTF8, "application/xml"), "file", "statement.xml" } };
        var upload = await collector.PostAsync($"/api/cash-application/statements?account={account}&match=true", form);
        Assert.True(upload.IsSuccessStatusCode, await upload.Content.ReadAsStringAsync());
        Assert.Equal(1, (await upload.Json()).GetProperty("applied").GetInt32());

        Assert.Equal((0m, 150m, 500m), (await Open(invoices[0]), await Open(invoices[1]), await Open(invoices[2])));
        Assert.Contains("Received", await buyer.GetStringAsync(page), StringComparison.Ordinal);
        await app.AssertReconciled();
    }

    [Fact]
    public async Task Choices_are_refused_by_field_a_viewer_cannot_pay_and_every_form_needs_its_token()
    {
        var (buyer, customer, invoices) = await World();
        var other = await World();
        var mine = await PortalHttp.EntryId(app, invoices[0]);
        var theirs = await PortalHttp.EntryId(app, other.Invoices[0]);
        async Task<string> Refused(params (string Name, string Value)[] fields)
        {
            var response = await Post(buyer, "/portal/pay?c=" + customer, [.. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return await response.Content.ReadAsStringAsync();
        }

        Assert.Contains("id=\"invoices-error\"", await Refused(("Method", "Card")), StringComparison.Ordinal);
        Assert.Contains("id=\"invoices-error\"", await Refused(("i", theirs.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Method", "Card")), StringComparison.Ordinal);
        Assert.Contains("id=\"amount-error\"", await Refused(("i", mine.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Method", "Card"), ("Amount", "1200.01")), StringComparison.Ordinal);
        Assert.Contains("id=\"amount-error\"", await Refused(("i", mine.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Method", "Card"), ("Amount", "-5")), StringComparison.Ordinal);
        Assert.Contains("id=\"method-error\"", await Refused(("i", mine.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("Method", "Cheque")), StringComparison.Ordinal);
        var noToken = await Post(buyer, "/portal/pay?c=" + customer, [new("i", mine.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Method", "Card")], withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(0, await app.InScope(sp => sp.GetRequiredService<CreditDb>().PaymentRequests.CountAsync(r => r.CustomerId == sp.GetRequiredService<CreditDb>().Customers.Single(c => c.Number == customer).Id)));

        var viewer = await World("view");
        Assert.Contains("data-testid=\"pay-not-allowed\"", await viewer.Buyer.GetStringAsync("/portal/pay?c=" + viewer.Customer), StringComparison.Ordinal);
        var id = await PortalHttp.EntryId(app, viewer.Invoices[0]);
        var fields = new List<KeyValuePair<string, string>> { new("i", id.ToString(System.Globalization.CultureInfo.InvariantCulture)), new("Method", "Card") };
        fields.Add(new("__RequestVerificationToken", Pages.PageSession.Token(await viewer.Buyer.GetStringAsync("/portal/invoices?c=" + viewer.Customer))));
        var attempt = await viewer.Buyer.PostAsync("/portal/pay?c=" + viewer.Customer, new FormUrlEncodedContent(fields));
        Assert.Contains("not pay", await attempt.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_settings_the_portal_offers_no_way_to_pay()
    {
        var staff = await app.ClientAs("Admin"); // the plain app: no Stripe keys, no bank account configured
        var email = Http.Unique("off") + "@buyer.example";
        var customer = await staff.NewCustomer(email);
        await staff.Invoice(customer, Http.Unique("INV"), 100m);
        var buyer = await PortalHttp.Accept(app, await staff.Invite(app, customer, email, "pay"));
        Assert.Contains("data-testid=\"pay-off\"", await buyer.Client.GetStringAsync("/portal/pay?c=" + customer), StringComparison.Ordinal);
    }

    [GeneratedRegex(@"/portal/pay/(\d+)")]
    private static partial Regex RequestId();
}
