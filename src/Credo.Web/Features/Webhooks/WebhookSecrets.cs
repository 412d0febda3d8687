using System.Security.Cryptography;
using System.Text;
using Credo.Web.Infrastructure;

namespace Credo.Web.Features.Webhooks;

/// <summary>
/// Signing secrets: <c>whsec_</c> + base64 of 32 random bytes (the Standard Webhooks form: the HMAC key is the decoded
/// bytes). The server needs the secret itself to sign, so it cannot keep only a hash: it keeps it under AES-256-GCM
/// with a key derived from the <see cref="MasterKey"/> (ADR 0013), which lives outside the database. A copy of the
/// database alone therefore cannot forge Credo's webhooks.
/// </summary>
internal sealed class WebhookSecrets(MasterKey master)
{
    public const string Prefix = "whsec_";
    private const string Format = "v1";
    private static readonly byte[] Purpose = "credo webhook signing secret"u8.ToArray();
    private readonly byte[] _key = master.DeriveKey("credo webhook signing secrets v1");
    private readonly string _keyId = master.KeyId;

    public static string New() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>The HMAC key of a secret: the bytes after the prefix, base64-decoded.</summary>
    public static byte[] SigningKey(string secret) => Convert.FromBase64String(secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret);

    public string Protect(string secret)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        var cipher = new byte[plain.Length];
        using var aes = new AesGcm(_key, tag.Length);
        aes.Encrypt(nonce, plain, cipher, tag, Purpose);
        return $"{Format}:{_keyId}:{Convert.ToBase64String([.. nonce, .. tag, .. cipher])}";
    }

    /// <exception cref="CryptographicException">Made with another key, or altered.</exception>
    public string Unprotect(string protectedSecret)
    {
        var parts = protectedSecret.Split(':', 3);
        if (parts.Length != 3 || parts[0] != Format || parts[1] != _keyId)
        {
            throw new CryptographicException($"A webhook secret protected with an unknown format or key ({(parts.Length > 1 ? parts[1] : "?")}); this instance has key {_keyId}.");
        }

        var bytes = Convert.FromBase64String(parts[2]);
        var plain = new byte[bytes.Length - 28];
        using var aes = new AesGcm(_key, 16);
        aes.Decrypt(bytes.AsSpan(0, 12), bytes.AsSpan(28), bytes.AsSpan(12, 16), plain, Purpose);
        return Encoding.UTF8.GetString(plain);
    }
}
