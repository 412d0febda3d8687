using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Credo.Web.Data;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace Credo.Web.Infrastructure;

/// <summary>
/// The Data Protection key ring (the keys behind sign-in cookies and antiforgery tokens) lives in the database so that
/// instances share it (ADR 0005); its secret parts are stored under AES-256-GCM with a key derived from the master key
/// kept outside the database (ADR 0013, ADR 0017). A copy of the database alone then cannot forge a cookie. Key rows
/// written before this (in clear) still load: Data Protection only calls a decryptor for an <c>encryptedSecret</c>.
/// </summary>
internal static class KeyRingEncryption
{
    /// <summary>The HKDF purpose of the key-ring key; changing it makes every stored key unreadable.</summary>
    public const string Purpose = "credo data-protection key ring v1";

    /// <summary>Call after <c>AddDataProtection()</c>: the check of clear keys starts after the key ring has loaded.</summary>
    public static IServiceCollection EncryptKeyRingWithMasterKey(this IServiceCollection services) =>
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
                new ConfigureOptions<KeyManagementOptions>(o => o.XmlEncryptor = new KeyRingXmlEncryptor(sp.GetRequiredService<MasterKey>())))
            .AddHostedService<SupersedeClearKey>();
}

/// <summary>
/// At start, when the key that protects new cookies and tokens is one stored in clear (written before the ring was
/// sealed) and no successor is on its way, makes a sealed key that becomes the default after Data Protection's
/// propagation window of two days (instances reload their ring at least daily, so all of them know the key before
/// anything is protected with it; one activated at once would not open on an instance that has not reloaded yet). The
/// clear key stays in the ring, so what it protected still opens. Revoking it, so that a backup holding it can forge
/// nothing, is left to an operator: it signs out whoever still holds a cookie it protected.
/// </summary>
internal sealed class SupersedeClearKey(IServiceProvider services, IKeyManager keys, TimeProvider clock, ILogger<SupersedeClearKey> log) : IHostedService
{
    public static readonly TimeSpan PropagationWindow = TimeSpan.FromDays(2);
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromDays(90);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var all = keys.GetAllKeys();
        if (all.Any(k => !k.IsRevoked && k.ActivationDate > now))
        {
            return; // a successor is already made (every key made since the ring was sealed is sealed)
        }

        var current = all.Where(k => !k.IsRevoked && k.ActivationDate <= now && k.ExpirationDate > now).MaxBy(k => k.ActivationDate);
        if (current is null)
        {
            return;
        }

        using var scope = services.CreateScope();
        var name = "key-" + current.KeyId.ToString("D");
        var xml = await scope.ServiceProvider.GetRequiredService<CreditDb>().DataProtectionKeys.AsNoTracking()
            .Where(k => k.FriendlyName == name).Select(k => k.Xml).FirstOrDefaultAsync(cancellationToken);
        if (xml is null || !XElement.Parse(xml).Descendants().Any(e => e.Name.LocalName == "masterKey"))
        {
            return;
        }

        var activation = now + PropagationWindow;
        var successor = keys.CreateNewKey(activation, activation + KeyLifetime);
        log.LogWarning("Data Protection key {ClearKey} is stored in clear; sealed key {SealedKey} protects new cookies and tokens from {ActivationUtc:u} (the clear key still opens earlier ones until it is revoked)", current.KeyId, successor.KeyId, activation);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

/// <summary>
/// Replaces a key's secret element (<c>&lt;descriptor&gt;</c> holding its <c>&lt;masterKey&gt;</c>) by
/// <c>&lt;sealed format="v1" masterKeyId="..."&gt;base64(nonce | tag | ciphertext)&lt;/sealed&gt;</c>; Data Protection wraps it in an
/// <c>encryptedSecret</c> naming <see cref="KeyRingXmlDecryptor"/>, which it creates by type name when it reads the key.
/// </summary>
internal sealed class KeyRingXmlEncryptor(MasterKey master) : IXmlEncryptor
{
    private readonly byte[] _key = master.DeriveKey(KeyRingEncryption.Purpose);

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plain = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var nonce = RandomNumberGenerator.GetBytes(AesGcm.NonceByteSizes.MaxSize);
        var tag = new byte[AesGcm.TagByteSizes.MaxSize];
        var cipher = new byte[plain.Length];
        using (var aes = new AesGcm(_key, tag.Length))
        {
            aes.Encrypt(nonce, plain, cipher, tag, KeyRingXmlDecryptor.AssociatedData);
        }

        CryptographicOperations.ZeroMemory(plain);
        var sealedElement = new XElement(KeyRingXmlDecryptor.ElementName,
            new XAttribute("format", KeyRingXmlDecryptor.Format),
            new XAttribute("masterKeyId", master.KeyId),
            new XComment(" AES-256-GCM under a key derived from Credo's master key (Applications:ProtectionKey or its key file); see docs/adr/0017. "),
            Convert.ToBase64String([.. nonce, .. tag, .. cipher]));
        return new EncryptedXmlInfo(sealedElement, typeof(KeyRingXmlDecryptor));
    }
}

/// <summary>
/// Opens what <see cref="KeyRingXmlEncryptor"/> sealed. Data Protection creates it by its type name (written in every
/// encrypted key row: keep the name) with the app's service provider.
/// </summary>
internal sealed class KeyRingXmlDecryptor : IXmlDecryptor
{
    public const string ElementName = "sealed";
    public const string Format = "v1";
    public static readonly byte[] AssociatedData = "credo data-protection key"u8.ToArray();

    private readonly MasterKey _master;

    public KeyRingXmlDecryptor(IServiceProvider services) => _master = services.GetRequiredService<MasterKey>();

    /// <exception cref="CryptographicException">Sealed under another master key, or altered.</exception>
    public XElement Decrypt(XElement encryptedElement)
    {
        var masterKeyId = (string?)encryptedElement.Attribute("masterKeyId") ?? "?";
        if (encryptedElement.Name != ElementName || (string?)encryptedElement.Attribute("format") != Format)
        {
            throw new CryptographicException("A Data Protection key sealed in an unknown format.");
        }

        if (masterKeyId != _master.KeyId)
        {
            throw new CryptographicException(string.Create(CultureInfo.InvariantCulture,
                $"A Data Protection key was sealed under master key {masterKeyId}; this instance has {_master.KeyId}. Instances sharing a database need the same Applications:ProtectionKey (or key file)."));
        }

        var bytes = Convert.FromBase64String(encryptedElement.Value.Trim());
        if (bytes.Length < 28)
        {
            throw new CryptographicException("A sealed Data Protection key is too short.");
        }

        var plain = new byte[bytes.Length - 28];
        var key = _master.DeriveKey(KeyRingEncryption.Purpose);
        try
        {
            using var aes = new AesGcm(key, 16);
            aes.Decrypt(bytes.AsSpan(0, 12), bytes.AsSpan(28), bytes.AsSpan(12, 16), plain, AssociatedData);
            return XElement.Parse(Encoding.UTF8.GetString(plain));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(plain);
        }
    }
}
