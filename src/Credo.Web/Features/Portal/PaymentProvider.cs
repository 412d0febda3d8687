using Credo.Domain.Common;
using Credo.Domain.Portal;
using Credo.Web.Data;

namespace Credo.Web.Features.Portal;

/// <summary>
/// Online and bank-transfer payment settings of the portal (section <c>Portal:Payments</c>). Each way to pay is off until
/// it is configured: Stripe needs its secret key and webhook signing secret, a bank transfer the seller's account.
/// </summary>
internal sealed class PortalPaymentOptions
{
    public const string Section = "Portal:Payments";

    public StripeSettings Stripe { get; set; } = new();

    public BankTransferSettings BankTransfer { get; set; } = new();
}

internal sealed class StripeSettings
{
    /// <summary>The secret API key (sk_live_… or sk_test_…): from a secret store or environment, never a committed file.</summary>
    public string? SecretKey { get; set; }

    /// <summary>The webhook endpoint's signing secret (whsec_…) that every webhook body is verified with.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>The publishable key (pk_…) the browser's Stripe.js confirms a payment with.</summary>
    public string? PublishableKey { get; set; }

    /// <summary>Another API address (tests point it at a loopback stand-in); empty: Stripe's own.</summary>
    public string? ApiBase { get; set; }

    /// <summary>How old a signed webhook may be, in seconds (Stripe's default: 300).</summary>
    public int WebhookToleranceSeconds { get; set; } = 300;

    public bool Enabled => !string.IsNullOrWhiteSpace(SecretKey) && !string.IsNullOrWhiteSpace(WebhookSecret);
}

/// <summary>The seller's bank account a buyer transfers to, quoting the payment request's creditor reference.</summary>
internal sealed class BankTransferSettings
{
    public string? AccountName { get; set; }

    public string? BankName { get; set; }

    public string? Iban { get; set; }

    public string? Bic { get; set; }

    /// <summary>For accounts without an IBAN (e.g. in the US): the account number and its routing number.</summary>
    public string? AccountNumber { get; set; }

    public string? RoutingNumber { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(AccountName) && (!string.IsNullOrWhiteSpace(Iban) || !string.IsNullOrWhiteSpace(AccountNumber));
}

/// <summary>What Credo asks a provider to collect: one payment request.</summary>
internal sealed record ProviderOrder(long RequestId, string CustomerNumber, Credo.Domain.Amounts.Money Amount, PortalPaymentMethod Method, string Reference, string Description);

/// <summary>The provider's payment (a Stripe PaymentIntent): its id, and what the browser confirms it with.</summary>
internal sealed record ProviderPayment(string PaymentId, string? ClientSecret);

/// <summary>
/// A verified provider event in Credo's words: its id (the idempotency key), its type, the provider payment it is about,
/// and the notice for the payment request (null: recorded, nothing to do, e.g. a partial refund), with its reason.
/// </summary>
internal sealed record ProviderEvent(string EventId, string Type, string? PaymentId, PaymentNotice? Notice, string Reason, IReadOnlyList<ProviderRefund>? Refunds = null);

/// <summary>
/// One refund of a provider payment (Stripe re_…), its id the idempotency key. <see cref="Cumulative"/>: the provider
/// listed no refunds, only the total refunded so far (the amount), so what is new is that total less what was posted.
/// </summary>
internal sealed record ProviderRefund(string RefundId, long AmountMinor, bool Cumulative = false);

/// <summary>
/// A payment provider: starts a payment for a request, and reads its webhooks after verifying their signature. The one
/// implementation is <see cref="StripePaymentProvider"/>; tests point it at a loopback stand-in.
/// </summary>
internal interface IPaymentProvider
{
    /// <summary>The provider's name as stored on requests and events ("stripe").</summary>
    string Name { get; }

    bool Enabled { get; }

    /// <summary>The key the browser needs to confirm a payment (a Stripe publishable key), if any.</summary>
    string? BrowserKey { get; }

    Task<Result<ProviderPayment>> Start(ProviderOrder order, CancellationToken ct);

    /// <summary>Verifies <paramref name="signature"/> over the exact <paramref name="body"/> at <paramref name="nowUtc"/>, then reads the event.</summary>
    Result<ProviderEvent> Read(string body, string? signature, DateTime nowUtc);
}
