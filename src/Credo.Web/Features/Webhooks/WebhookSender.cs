using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Webhooks;

/// <summary>What one POST to a subscriber came to.</summary>
internal sealed record SendOutcome(bool Succeeded, int? StatusCode, string? Error, int DurationMs, string? ResponseBody);

/// <summary>
/// Posts one message to one URL: the Standard Webhooks body (<c>{"id", "type", "timestamp", "data"}</c>) and headers
/// (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>). Redirects are not followed (a 3xx is a
/// failure), a request has <see cref="WebhookOptions.TimeoutSeconds"/> (measured on the app's TimeProvider), and at
/// most <see cref="MaxResponseBytes"/> of the answer are read. The HTTP client logs nothing: the URL may carry a
/// receiver's own token.
/// </summary>
internal sealed class WebhookSender(IHttpClientFactory clients, IOptions<WebhookOptions> options, TimeProvider clock)
{
    public const string Client = "webhooks";
    public const int MaxResponseBytes = 1024;

    public static string Body(string messageId, string topic, DateTime createdAtUtc, string payloadJson)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("id", messageId);
            json.WriteString("type", topic);
            json.WriteString("timestamp", DateTime.SpecifyKind(createdAtUtc, DateTimeKind.Utc));
            json.WritePropertyName("data");
            using (var data = JsonDocument.Parse(payloadJson))
            {
                data.RootElement.WriteTo(json);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public async Task<SendOutcome> Send(string url, IReadOnlyList<byte[]> keys, string messageId, string body, CancellationToken ct)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Header(keys, messageId, timestamp, body));
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Credo-Webhooks", "1"));

        var timeout = TimeSpan.FromSeconds(options.Value.TimeoutSeconds);
        using var timer = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timer.Token);
        var started = clock.GetTimestamp();
        int Elapsed() => (int)Math.Min(int.MaxValue, clock.GetElapsedTime(started).TotalMilliseconds);
        try
        {
            using var response = await clients.CreateClient(Client).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var answer = await ReadStart(response.Content, linked.Token);
            var status = (int)response.StatusCode;
            var ok = status is >= 200 and < 300;
            var error = ok ? null
                : status is >= 300 and < 400 ? $"HTTP {status}: redirects are not followed{(response.Headers.Location is { } to ? " (to " + to.GetLeftPart(UriPartial.Path) + ")" : string.Empty)}"
                : $"HTTP {status}";
            return new SendOutcome(ok, status, error, Elapsed(), answer);
        }
        catch (OperationCanceledException) when (timer.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            return new SendOutcome(false, null, $"Timed out after {timeout.TotalSeconds:0.###} s", Elapsed(), null);
        }
        catch (HttpRequestException e)
        {
            return new SendOutcome(false, null, Short($"{e.HttpRequestError}: {e.Message}"), Elapsed(), null);
        }
    }

    private static async Task<string?> ReadStart(HttpContent content, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        var buffer = new byte[MaxResponseBytes];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), ct);
            if (n == 0)
            {
                break;
            }

            read += n;
        }

        return read == 0 ? null : Encoding.UTF8.GetString(buffer, 0, read);
    }

    public static string Short(string text) => text.Length <= 500 ? text : text[..500];
}
