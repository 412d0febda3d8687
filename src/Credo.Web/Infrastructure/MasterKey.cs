using System.Security.Cryptography;
using System.Text;

namespace Credo.Web.Infrastructure;

/// <summary>
/// Credo's one secret kept outside the database (ADR 0013, 0017): every key that protects something stored in the
/// database is derived from it by HKDF with its own purpose (applicant personal data and verification codes, webhook
/// signing secrets, the Data Protection key ring), so no two purposes share a key and a copy of the database alone
/// opens nothing. It comes from <c>Applications:ProtectionKey</c> (base64, 32 bytes) or a key file
/// (<c>Applications:KeyFile</c>, by default <c>{DataDirectory}/keys/applicant-data.key</c>, created on first use);
/// the setting names are those of the first release, when only applicant data used it.
/// </summary>
internal sealed class MasterKey
{
    public const string ProtectionKeySetting = "Applications:ProtectionKey";
    public const string KeyFileSetting = "Applications:KeyFile";

    private readonly byte[] _master;

    public MasterKey(IConfiguration config)
    {
        _master = Load(config);
        KeyId = Convert.ToHexStringLower(SHA256.HashData(_master))[..8];
    }

    /// <summary>A short fingerprint of the master key, written into every ciphertext (to tell keys apart on rotation).</summary>
    public string KeyId { get; }

    /// <summary>A 32-byte key for <paramref name="purpose"/> (the HKDF info); changing a purpose makes what it sealed unreadable.</summary>
    public byte[] DeriveKey(string purpose) => HKDF.DeriveKey(HashAlgorithmName.SHA256, _master, 32, info: Encoding.UTF8.GetBytes(purpose));

    private static byte[] Load(IConfiguration config)
    {
        if (config[ProtectionKeySetting] is { } setting && !string.IsNullOrWhiteSpace(setting))
        {
            var configured = Convert.FromBase64String(setting);
            return configured.Length == 32
                ? configured
                : throw new InvalidOperationException($"{ProtectionKeySetting} must be 32 bytes, base64-encoded (e.g. `openssl rand -base64 32`).");
        }

        var path = config[KeyFileSetting] is { } file && !string.IsNullOrWhiteSpace(file)
            ? file
            : Path.Combine(config["Database:DataDirectory"] ?? "data", "keys", "applicant-data.key");
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
        return key.Length == 32 ? key : throw new InvalidOperationException($"The master key file {path} does not hold 32 base64-encoded bytes.");
    }
}
