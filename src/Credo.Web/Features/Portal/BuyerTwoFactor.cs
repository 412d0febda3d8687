using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Credo.Domain.Common;
using Credo.Domain.Portal;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OtpNet;
using QRCoder;

namespace Credo.Web.Features.Portal;

/// <summary>What a buyer sees to add Credo to an authenticator app: the key in groups of four, its otpauth address as a QR code.</summary>
internal sealed record AuthenticatorSetup(string Key, string KeyInGroups, string Uri, string QrSvg);

/// <summary>
/// The optional TOTP second factor of a buyer (RFC 6238: 6 digits, 30-second steps, HMAC-SHA1, as authenticator apps
/// expect; Otp.NET computes the codes on the app's clock). Enrolment stores a new shared key (sealed by Data
/// Protection) and turns the factor on only when a code from it verifies; ten single-use recovery codes are shown once
/// and stored as hashes. Sign-in then asks for a code (or a recovery code) after the password or the sign-in link; a
/// code is accepted once (its time step is kept), and wrong codes count towards the lockout like wrong passwords.
/// </summary>
internal sealed class BuyerTwoFactor(CreditDb db, IDataProtectionProvider protection, IOptions<SellerOptions> seller)
{
    /// <summary>How long a buyer has between the password (or the link) and the code.</summary>
    public static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(5);

    public const int RecoveryCodeCount = 10;

    private IDataProtector KeyProtector => protection.CreateProtector("Credo.Portal.AuthenticatorKey.v1");

    private IDataProtector PendingProtector => protection.CreateProtector("Credo.Portal.TwoFactorPending.v1");

    /// <summary>The key to enrol with: the one waiting since the last visit, or a new one (20 random bytes).</summary>
    public async Task<Result<AuthenticatorSetup>> Begin(long buyerId, CancellationToken ct)
    {
        var user = await db.BuyerUsers.SingleAsync(u => u.Id == buyerId, ct);
        if (user.TwoFactorEnabled)
        {
            return new Refusal("two-factor-on", "The authenticator app is already set up.");
        }

        if (Key(user) is not { } key)
        {
            key = Base32Encoding.ToString(RandomNumberGenerator.GetBytes(20));
            user.AuthenticatorKey = KeyProtector.Protect(key);
            await db.SaveChangesAsync(ct);
        }

        return Setup(user.Email, key);
    }

    /// <summary>Turns the factor on when <paramref name="code"/> comes from the enrolment key; answers the recovery codes, shown once.</summary>
    public async Task<Result<IReadOnlyList<string>>> Enable(long buyerId, string? code, CancellationToken ct)
    {
        var user = await db.BuyerUsers.SingleAsync(u => u.Id == buyerId, ct);
        if (user.TwoFactorEnabled)
        {
            return new Refusal("two-factor-on", "The authenticator app is already set up.");
        }

        if (Key(user) is not { } key || MatchStep(key, code) is not { } step)
        {
            return new ValidationFailed("code", "That code is not right. Enter the 6 digits your authenticator app shows now.");
        }

        user.TwoFactorEnabled = true;
        user.AuthenticatorLastStep = step;
        var codes = NewRecoveryCodes(user);
        Audit(user, "two-factor-on");
        await db.SaveChangesAsync(ct);
        return Result<IReadOnlyList<string>>.Ok(codes);
    }

    /// <summary>New recovery codes (the old ones stop working), on a current authenticator code.</summary>
    public async Task<Result<IReadOnlyList<string>>> RenewRecoveryCodes(long buyerId, string? code, CancellationToken ct)
    {
        var user = await db.BuyerUsers.SingleAsync(u => u.Id == buyerId, ct);
        if (!user.TwoFactorEnabled || Key(user) is not { } key || MatchStep(key, code) is not { } step || step <= (user.AuthenticatorLastStep ?? -1))
        {
            return new ValidationFailed("code", "That code is not right. Enter the 6 digits your authenticator app shows now.");
        }

        user.AuthenticatorLastStep = step;
        var codes = NewRecoveryCodes(user);
        Audit(user, "recovery-codes-renewed");
        await db.SaveChangesAsync(ct);
        return Result<IReadOnlyList<string>>.Ok(codes);
    }

    /// <summary>Turns the factor off, on a current authenticator code or a recovery code; the key is forgotten.</summary>
    public async Task<Result<bool>> Disable(long buyerId, string? code, CancellationToken ct)
    {
        var user = await db.BuyerUsers.SingleAsync(u => u.Id == buyerId, ct);
        if (!user.TwoFactorEnabled || !Accept(user, code))
        {
            return new ValidationFailed("code", "That code is not right. Enter the 6 digits your authenticator app shows now, or a recovery code.");
        }

        user.TwoFactorEnabled = false;
        user.AuthenticatorKey = null;
        user.AuthenticatorLastStep = null;
        user.RecoveryCodeHashes = null;
        Audit(user, "two-factor-off");
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>The second step of sign-in: the buyer the pending token names, if <paramref name="code"/> is theirs.</summary>
    public async Task<Result<BuyerUser>> SignIn(string? pendingToken, string? code, CancellationToken ct)
    {
        var user = await OpenPending(pendingToken, ct);
        if (user is null)
        {
            return new Refusal("sign-in-expired", "Your sign-in took too long. Sign in again.");
        }

        var now = db.UtcNow;
        if (BuyerLockout.IsLockedOut(user.LockoutEndUtc, now))
        {
            return new Refusal("locked-out", "Too many failed attempts: this account is locked for 15 minutes. Try again later.", "code");
        }

        if (!Accept(user, code))
        {
            (user.AccessFailedCount, user.LockoutEndUtc) = BuyerLockout.AfterFailure(user.AccessFailedCount, now);
            await db.SaveChangesAsync(ct);
            return user.LockoutEndUtc is not null
                ? new Refusal("locked-out", "Too many failed attempts: this account is locked for 15 minutes. Try again later.", "code")
                : new ValidationFailed("code", "That code is not right. Enter the 6 digits your authenticator app shows now, or a recovery code.");
        }

        user.AccessFailedCount = 0;
        user.LockoutEndUtc = null;
        user.LastSignInAtUtc = now;
        await db.SaveChangesAsync(ct);
        return user;
    }

    /// <summary>A token saying "this buyer passed the first factor", for <see cref="PendingLifetime"/>, under their current stamp.</summary>
    public string Pending(BuyerUser user) => PendingProtector.Protect(string.Join('|',
        user.Id.ToString(CultureInfo.InvariantCulture), user.SecurityStamp, (db.UtcNow + PendingLifetime).Ticks.ToString(CultureInfo.InvariantCulture)));

    private async Task<BuyerUser?> OpenPending(string? token, CancellationToken ct)
    {
        string[] parts;
        try
        {
            parts = string.IsNullOrEmpty(token) ? [] : PendingProtector.Unprotect(token).Split('|');
        }
        catch (CryptographicException)
        {
            return null;
        }

        if (parts.Length != 3 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var expires) || db.UtcNow.Ticks > expires)
        {
            return null;
        }

        var user = await db.BuyerUsers.SingleOrDefaultAsync(u => u.Id == id, ct);
        return user is { TwoFactorEnabled: true } && user.SecurityStamp == parts[1] ? user : null;
    }

    /// <summary>A current TOTP code not used before, or an unused recovery code (spent by this).</summary>
    private bool Accept(BuyerUser user, string? code)
    {
        if (Key(user) is { } key && MatchStep(key, code) is { } step && step > (user.AuthenticatorLastStep ?? -1))
        {
            user.AuthenticatorLastStep = step;
            return true;
        }

        var hash = RecoveryHash(code);
        var hashes = (user.RecoveryCodeHashes ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (hash is null || !hashes.Remove(hash))
        {
            return false;
        }

        user.RecoveryCodeHashes = string.Join(' ', hashes);
        return true;
    }

    /// <summary>The time step of <paramref name="code"/> if it is the key's code now, one step before or one after (clock drift).</summary>
    private long? MatchStep(string key, string? code)
    {
        var digits = new string((code ?? string.Empty).Where(char.IsAsciiDigit).ToArray());
        if (digits.Length != 6 || (code ?? string.Empty).Any(ch => !char.IsAsciiDigit(ch) && ch != ' ' && ch != '-'))
        {
            return null;
        }

        var totp = new Totp(Base32Encoding.ToBytes(key));
        return totp.VerifyTotp(db.UtcNow, digits, out var step, VerificationWindow.RfcSpecifiedNetworkDelay) ? step : null;
    }

    private string? Key(BuyerUser user)
    {
        try
        {
            return user.AuthenticatorKey is null ? null : KeyProtector.Unprotect(user.AuthenticatorKey);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static List<string> NewRecoveryCodes(BuyerUser user)
    {
        const string Alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var codes = Enumerable.Range(0, RecoveryCodeCount)
            .Select(_ => RandomNumberGenerator.GetString(Alphabet, 10).Insert(5, "-"))
            .ToList();
        user.RecoveryCodeHashes = string.Join(' ', codes.Select(c => RecoveryHash(c)!));
        return codes;
    }

    /// <summary>Recovery codes are compared without case, spaces or dashes.</summary>
    private static string? RecoveryHash(string? code)
    {
        var plain = new string((code ?? string.Empty).Where(char.IsAsciiLetterOrDigit).ToArray()).ToUpperInvariant();
        return plain.Length == 10 ? Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(plain))) : null;
    }

    private AuthenticatorSetup Setup(string email, string key)
    {
        var issuer = seller.Value.DisplayName;
        var uri = $"otpauth://totp/{Uri.EscapeDataString(issuer)}:{Uri.EscapeDataString(email)}?secret={key}&issuer={Uri.EscapeDataString(issuer)}&digits=6&period=30";
        using var data = QRCodeGenerator.GenerateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4);
        var groups = string.Join(' ', key.Chunk(4).Select(c => new string(c))).ToLowerInvariant();
        return new AuthenticatorSetup(key, groups, uri, svg);
    }

    /// <summary>One audit row as the buyer (no customer: the account itself).</summary>
    private void Audit(BuyerUser user, string action) => db.Audit.Add(new AuditEntry
    {
        AtUtc = db.UtcNow,
        Actor = db.Actor.Name,
        Action = action,
        Entity = "BuyerUser",
        EntityId = user.Id.ToString(CultureInfo.InvariantCulture),
        AfterJson = JsonSerializer.Serialize(new { user.Email, user.TwoFactorEnabled }),
    });
}
