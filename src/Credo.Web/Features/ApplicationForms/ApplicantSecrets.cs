using System.Security.Cryptography;
using System.Text;
using Credo.Web.Infrastructure;

namespace Credo.Web.Features.ApplicationForms;

/// <summary>
/// What applicant data is protected with (see docs/adr/0013-applicant-personal-data.md), derived from the
/// <see cref="MasterKey"/>: AES-256-GCM for owners' and guarantors' personal data (the application reference is the
/// associated data, so a ciphertext cannot be moved to another row), and an HMAC for the email verification code.
/// </summary>
internal sealed class ApplicantSecrets(MasterKey master)
{
    private const string Format = "v1";
    private readonly byte[] _dataKey = master.DeriveKey("credo applicant personal data v1");
    private readonly byte[] _codeKey = master.DeriveKey("credo email verification v1");

    /// <summary>The master key's fingerprint, written into every ciphertext (to tell keys apart on rotation).</summary>
    public string KeyId { get; } = master.KeyId;

    public string Protect(string plaintext, string reference)
    {
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        var cipher = new byte[plain.Length];
        using var aes = new AesGcm(_dataKey, tag.Length);
        aes.Encrypt(nonce, plain, cipher, tag, Encoding.UTF8.GetBytes(reference));
        return $"{Format}:{KeyId}:{Convert.ToBase64String([.. nonce, .. tag, .. cipher])}";
    }

    /// <exception cref="CryptographicException">The value was made with another key, for another row, or was altered.</exception>
    public string Unprotect(string protectedText, string reference)
    {
        var parts = protectedText.Split(':', 3);
        if (parts.Length != 3 || parts[0] != Format || parts[1] != KeyId)
        {
            throw new CryptographicException($"Applicant data protected with an unknown format or key ({(parts.Length > 1 ? parts[1] : "?")}); this instance has key {KeyId}.");
        }

        var bytes = Convert.FromBase64String(parts[2]);
        var nonce = bytes.AsSpan(0, 12);
        var tag = bytes.AsSpan(12, 16);
        var cipher = bytes.AsSpan(28);
        var plain = new byte[cipher.Length];
        using var aes = new AesGcm(_dataKey, 16);
        aes.Decrypt(nonce, cipher, tag, plain, Encoding.UTF8.GetBytes(reference));
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>The six-digit code emailed to prove the applicant reads the address; derived, so never stored.</summary>
    public string VerificationCode(string resumeTokenHash)
    {
        var mac = HMACSHA256.HashData(_codeKey, Encoding.ASCII.GetBytes(resumeTokenHash));
        var number = BitConverter.ToUInt32(mac, 0) % 1_000_000;
        return number.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool CodeMatches(string resumeTokenHash, string? code) =>
        code is not null && CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(VerificationCode(resumeTokenHash)), Encoding.ASCII.GetBytes(code.Trim()));
}
