using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Credo.Web.Features.Webhooks;

/// <summary>
/// Standard Webhooks signatures (https://www.standardwebhooks.com): <c>v1,</c> + base64 of HMAC-SHA256 over
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c>. Several signatures (during a secret rotation) are separated by spaces.
/// </summary>
internal static class WebhookSignature
{
    public static string Sign(byte[] key, string messageId, long timestamp, string body) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{messageId}.{timestamp}.{body}"))));

    public static string Header(IEnumerable<byte[]> keys, string messageId, long timestamp, string body) =>
        string.Join(' ', keys.Select(k => Sign(k, messageId, timestamp, body)));
}
