using Credo.Domain.Common;
using Credo.Domain.Portal;
using Credo.Web.Data;
using Microsoft.Extensions.Options;
using Stripe;

namespace Credo.Web.Features.Portal;

/// <summary>
/// Stripe through Stripe.net: a PaymentIntent per request (card, or US bank account by ACH debit), created with the
/// request's number as idempotency key so that a retried start never makes two; webhooks verified with Stripe's
/// signature scheme (HMAC-SHA256 of "timestamp.body" with the endpoint's secret, a timestamp within the tolerance).
/// </summary>
internal sealed class StripePaymentProvider(IOptions<PortalPaymentOptions> options, IHttpClientFactory http) : IPaymentProvider
{
    public const string ProviderName = "stripe";

    private StripeSettings Settings => options.Value.Stripe;

    public string Name => ProviderName;

    public bool Enabled => Settings.Enabled;

    public string? BrowserKey => string.IsNullOrWhiteSpace(Settings.PublishableKey) ? null : Settings.PublishableKey;

    public async Task<Result<ProviderPayment>> Start(ProviderOrder order, CancellationToken ct)
    {
        if (!Enabled)
        {
            return new Refusal("payments-off", "Paying online is not available.");
        }

        var client = new StripeClient(
            Settings.SecretKey,
            httpClient: new SystemNetHttpClient(http.CreateClient(ProviderName)),
            apiBase: string.IsNullOrWhiteSpace(Settings.ApiBase) ? null : Settings.ApiBase.TrimEnd('/'));
        var create = new PaymentIntentCreateOptions
        {
            Amount = order.Amount.Minor,
            Currency = order.Amount.Currency.Code.ToLowerInvariant(),
            AllowedPaymentMethodTypes = [order.Method == PortalPaymentMethod.UsBankAccount ? "us_bank_account" : "card"],
            Description = order.Description,
            Metadata = new Dictionary<string, string>
            {
                ["credo_request"] = order.RequestId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["customer"] = order.CustomerNumber,
                ["reference"] = order.Reference,
            },
        };
        try
        {
            var intent = await new PaymentIntentService(client).CreateAsync(create, new RequestOptions { IdempotencyKey = "credo-payment-request-" + order.Reference }, ct);
            return new ProviderPayment(intent.Id, intent.ClientSecret);
        }
        catch (StripeException ex)
        {
            return new Refusal("payment-provider", "The payment could not be started: " + (ex.StripeError?.Message ?? "the payment service did not answer") + ".");
        }
        catch (HttpRequestException)
        {
            return new Refusal("payment-provider", "The payment could not be started: the payment service did not answer.");
        }
    }

    public Result<ProviderEvent> Read(string body, string? signature, DateTime nowUtc)
    {
        if (!Enabled)
        {
            return new Refusal("payments-off", "Stripe is not configured.");
        }

        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(body, signature ?? "", Settings.WebhookSecret, Settings.WebhookToleranceSeconds,
                new DateTimeOffset(nowUtc, TimeSpan.Zero).ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        catch (StripeException)
        {
            return new ValidationFailed("Stripe-Signature", "The signature does not verify this body with the webhook secret, or it is too old.");
        }
        catch (System.Text.Json.JsonException)
        {
            return new ValidationFailed("body", "The body is not a Stripe event.");
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return new ValidationFailed("body", "The body is not a Stripe event.");
        }

        return Notice(stripeEvent);
    }

    private static ProviderEvent Notice(Event e) => e.Data?.Object switch
    {
        PaymentIntent pi when e.Type == EventTypes.PaymentIntentSucceeded =>
            new(e.Id, e.Type, pi.Id, PaymentNotice.Succeeded, "paid"),
        PaymentIntent pi when e.Type == EventTypes.PaymentIntentPaymentFailed =>
            new(e.Id, e.Type, pi.Id, PaymentNotice.Failed, "the payment failed" + (pi.LastPaymentError?.Message is { Length: > 0 } m ? ": " + m : "")),
        Charge ch when e.Type == EventTypes.ChargeRefunded => Refunded(e, ch),
        Stripe.Dispute d when e.Type == EventTypes.ChargeDisputeCreated =>
            new(e.Id, e.Type, d.PaymentIntentId, PaymentNotice.ChargedBack, "charged back by the payer's bank" + (d.Reason is { Length: > 0 } r ? " (" + r.Replace('_', ' ') + ")" : "")),
        _ => new(e.Id, e.Type, null, null, "not an event Credo acts on"),
    };

    /// <summary>
    /// A charge refunded in full or in part: each succeeded refund the charge lists, by its id; when the charge lists
    /// none (newer API versions leave the list out), the total refunded so far, under an id made of the charge and that total.
    /// </summary>
    private static ProviderEvent Refunded(Event e, Charge ch)
    {
        List<ProviderRefund> listed = [.. (ch.Refunds?.Data ?? []).Where(r => r.Status == "succeeded").Select(r => new ProviderRefund(r.Id, r.Amount))];
        var refunds = listed.Count > 0 || ch.Refunds?.Data is { Count: > 0 } ? listed : [new ProviderRefund($"{ch.Id}-{ch.AmountRefunded}", ch.AmountRefunded, Cumulative: true)];
        var full = ch.AmountRefunded >= ch.Amount;
        return new(e.Id, e.Type, ch.PaymentIntentId, full ? PaymentNotice.Refunded : null,
            full ? "refunded through Stripe" : "partly refunded through Stripe", refunds);
    }
}
