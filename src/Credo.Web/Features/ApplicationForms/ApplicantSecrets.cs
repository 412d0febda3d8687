using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.ApplicationForms;

/// <summary>
/// The applicant-data key and what is derived from it (see docs/adr/0013-applicant-personal-data.md): AES-256-GCM
/// for owners' and guarantors' personal data (the application reference is the associated data, so a ciphertext
/// cannot be moved to another row), and an HMAC for the email verification code. The key comes from
/// <c>Applications:ProtectionKey</c> (base64, 32 bytes) or a key file (<c>Applications:KeyFile</c>, by default
/// <c>{DataDirectory}/keys/applicant-data.key</c>, created on first use): never from the database it protects.
/// </summary>
internal sealed class ApplicantSecrets
{
    private const string Format = "v1";
    private readonly byte[] _dataKey;
    private readonly byte[] _codeKey;
    private readonly byte[] _master;

    public ApplicantSecrets(IOptions<ApplicationFormOptions> options, IConfiguration config)
    {
        var master = LoadMasterKey(options.Value, config);
        _master = master;
        KeyId = Convert.ToHexStringLower(SHA256.HashData(master))[..8];
        _dataKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, info: "credo applicant personal data v1"u8.ToArray());
        _codeKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, master, 32, info: "credo email verification v1"u8.ToArray());
    }

    /// <summary>A short fingerprint of the master key, written into every ciphertext (to tell keys apart on rotation).</summary>
    public string KeyId { get; }

    /// <summary>
    /// A 32-byte key for another purpose (webhook signing secrets), derived from the same master key by HKDF with
    /// <paramref name="purpose"/> as the info: still one key to keep outside the database, and no two purposes share a key.
    /// </summary>
    public byte[] DeriveKey(string purpose) => HKDF.DeriveKey(HashAlgorithmName.SHA256, _master, 32, info: Encoding.UTF8.GetBytes(purpose));

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

    private static byte[] LoadMasterKey(ApplicationFormOptions options, IConfiguration config)
    {
        if (!string.IsNullOrWhiteSpace(options.ProtectionKey))
        {
            var configured = Convert.FromBase64String(options.ProtectionKey);
            return configured.Length == 32
                ? configured
                : throw new InvalidOperationException("Applications:ProtectionKey must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`).");
        }

        var path = options.KeyFile ?? Path.Combine(config["Database:DataDirectory"] ?? "data", "keys", "applicant-data.key");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (!File.Exists(path))
        {
            try
            {
                var fresh = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    fresh.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var stream = new FileStream(path, fresh);
                using var writer = new StreamWriter(stream);
                writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            }
            catch (IOException) when (File.Exists(path))
            {
                // Another instance created it first: read theirs.
            }
        }

        var key = Convert.FromBase64String(File.ReadAllText(path).Trim());
        return key.Length == 32 ? key : throw new InvalidOperationException($"The applicant data key file {path} does not hold 32 base64-encoded bytes.");
    }
}
