using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Credo.Web.Tests.Portal;

/// <summary>
/// A loopback HTTP server answering the Stripe endpoints Credo calls (POST /v1/payment_intents, with Stripe's
/// idempotency keys), and a signer of webhook bodies as Stripe signs them (t=timestamp,v1=HMAC-SHA256 of "t.body"
/// with the endpoint secret), written from Stripe's documentation rather than with Stripe.net's helper. Nothing
/// leaves the machine.
/// </summary>
public sealed class StripeStandIn : IAsyncDisposable
{
    public const string SecretKey = "sk_test_credo_standin";
    public const string WebhookSecret = "whsec_credo_standin_secret";
    public const string PublishableKey = "pk_test_credo_standin";

    private readonly WebApplication _server;
    private readonly ConcurrentDictionary<string, string> _byIdempotencyKey = new(StringComparer.Ordinal);
    private int _next;

    private StripeStandIn(WebApplication server) => _server = server;

    /// <summary>Every PaymentIntent creation received: its form fields and headers.</summary>
    public ConcurrentQueue<(Dictionary<string, string> Form, string? IdempotencyKey, string? Authorization)> Created { get; } = new();

    public Uri Url { get; private set; } = null!;

    public static async Task<StripeStandIn> Start()
    {
        var builder = WebApplication.CreateSlimBuilder();
        Microsoft.AspNetCore.Hosting.HostingAbstractionsWebHostBuilderExtensions.UseUrls(builder.WebHost, "http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = builder.Build();
        var standIn = new StripeStandIn(server);
        server.MapPost("/v1/payment_intents", (Delegate)standIn.CreateIntent);
        server.MapPost("/v1/payment_intents/{id}/confirm", (Delegate)standIn.ConfirmIntent);
        await server.StartAsync();
        standIn.Url = new Uri(server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return standIn;
    }

    private async Task<IResult> CreateIntent(HttpContext http)
    {
        var form = (await http.Request.ReadFormAsync()).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        var key = http.Request.Headers["Idempotency-Key"].FirstOrDefault();
        Created.Enqueue((form, key, http.Request.Headers.Authorization.FirstOrDefault()));
        var id = key is null ? NewId() : _byIdempotencyKey.GetOrAdd(key, _ => NewId());
        _amounts[id] = long.Parse(form["amount"], CultureInfo.InvariantCulture);
        var intent = new Dictionary<string, object?>
        {
            ["id"] = id,
            ["object"] = "payment_intent",
            ["amount"] = long.Parse(form["amount"], CultureInfo.InvariantCulture),
            ["currency"] = form["currency"],
            ["client_secret"] = id + "_secret_standin",
            ["status"] = "requires_payment_method",
            ["livemode"] = false,
            ["metadata"] = form.Where(f => f.Key.StartsWith("metadata[", StringComparison.Ordinal)).ToDictionary(f => f.Key[9..^1], f => f.Value),
        };
        return Results.Json(intent);
    }

    /// <summary>
    /// Where confirmed payments are announced, as Stripe would: the app's webhook address, the client that reaches it,
    /// and the app's clock (the signature's timestamp). Unset: confirming announces nothing.
    /// </summary>
    public (HttpClient Client, string Path, Func<DateTimeOffset> Now)? Webhooks { get; set; }

    private readonly ConcurrentDictionary<string, long> _amounts = new(StringComparer.Ordinal);

    /// <summary>
    /// Stripe.js's confirmPayment (the browser journey's Stripe.js stand-in calls it): the intent succeeds, and a signed
    /// payment_intent.succeeded event goes to the app's webhook before the answer, as a quick Stripe would send it.
    /// </summary>
    private async Task<IResult> ConfirmIntent(string id, HttpContext http)
    {
        var form = await http.Request.ReadFormAsync();
        if (!_amounts.TryGetValue(id, out var amount) || form["client_secret"] != id + "_secret_standin")
        {
            return Results.Json(new { error = new { type = "invalid_request_error", message = "No such payment_intent: " + id } }, statusCode: 404);
        }

        if (Webhooks is { } hooks)
        {
            var body = Event("evt_standin_" + Guid.NewGuid().ToString("N")[..16], "payment_intent.succeeded", Intent(id, amount), hooks.Now());
            using var message = new HttpRequestMessage(HttpMethod.Post, hooks.Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            message.Headers.Add("Stripe-Signature", Sign(body, hooks.Now()));
            var delivered = await hooks.Client.SendAsync(message);
            Delivered.Enqueue((int)delivered.StatusCode);
        }

        return Results.Json(Intent(id, amount));
    }

    /// <summary>The status codes the app answered the announced webhooks with.</summary>
    public ConcurrentQueue<int> Delivered { get; } = new();

    private string NewId() => "pi_standin_" + Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A Stripe event body (snapshot event) about <paramref name="dataObject"/>.</summary>
    public static string Event(string id, string type, object dataObject, DateTimeOffset created) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["id"] = id,
        ["object"] = "event",
        ["api_version"] = Stripe.StripeConfiguration.ApiVersion,
        ["created"] = created.ToUnixTimeSeconds(),
        ["livemode"] = false,
        ["pending_webhooks"] = 1,
        ["request"] = new { id = (string?)null, idempotency_key = (string?)null },
        ["type"] = type,
        ["data"] = new { @object = dataObject },
    });

    public static object Intent(string id, long amount, string status = "succeeded", string? error = null) => new Dictionary<string, object?>
    {
        ["id"] = id,
        ["object"] = "payment_intent",
        ["amount"] = amount,
        ["amount_received"] = status == "succeeded" ? amount : 0,
        ["currency"] = "usd",
        ["status"] = status,
        ["last_payment_error"] = error is null ? null : new { message = error, type = "card_error" },
    };

    public static object Charge(string paymentIntent, long amount, long refunded) => new Dictionary<string, object?>
    {
        ["id"] = "ch_" + Guid.NewGuid().ToString("N")[..10],
        ["object"] = "charge",
        ["amount"] = amount,
        ["amount_refunded"] = refunded,
        ["refunded"] = refunded >= amount,
        ["currency"] = "usd",
        ["payment_intent"] = paymentIntent,
    };

    /// <summary>A charge with its refunds listed (as Stripe sends it when the refunds are expanded): each (id, amount), succeeded.</summary>
    public static object Charge(string chargeId, string paymentIntent, long amount, params (string Id, long Amount)[] refunds) => new Dictionary<string, object?>
    {
        ["id"] = chargeId,
        ["object"] = "charge",
        ["amount"] = amount,
        ["amount_refunded"] = refunds.Sum(r => r.Amount),
        ["refunded"] = refunds.Sum(r => r.Amount) >= amount,
        ["currency"] = "usd",
        ["payment_intent"] = paymentIntent,
        ["refunds"] = new Dictionary<string, object?>
        {
            ["object"] = "list",
            ["has_more"] = false,
            ["url"] = $"/v1/charges/{chargeId}/refunds",
            ["data"] = refunds.Select(r => new Dictionary<string, object?>
            {
                ["id"] = r.Id, ["object"] = "refund", ["amount"] = r.Amount, ["currency"] = "usd", ["charge"] = chargeId,
                ["payment_intent"] = paymentIntent, ["status"] = "succeeded",
            }).ToList(),
        },
    };

    public static object Dispute(string paymentIntent, long amount, string reason) => new Dictionary<string, object?>
    {
        ["id"] = "dp_" + Guid.NewGuid().ToString("N")[..10],
        ["object"] = "dispute",
        ["amount"] = amount,
        ["currency"] = "usd",
        ["reason"] = reason,
        ["status"] = "needs_response",
        ["payment_intent"] = paymentIntent,
    };

    /// <summary>The Stripe-Signature header for <paramref name="body"/> signed at <paramref name="at"/>.</summary>
    public static string Sign(string body, DateTimeOffset at, string secret = WebhookSecret)
    {
        var timestamp = at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + body));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }

    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync();
        await _server.DisposeAsync();
    }
}
