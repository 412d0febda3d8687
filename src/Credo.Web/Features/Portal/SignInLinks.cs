using System.Globalization;
using System.Security.Cryptography;
using Credo.Domain.Common;
using Credo.Domain.Portal;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Portal;

/// <summary>
/// Passwordless sign-in: a buyer asks for a link by email and follows it. The link is absolute (<see cref="PublicLinks"/>),
/// expires after <see cref="Lifetime"/> on the app's clock, and works once: it carries, sealed by Data Protection, the
/// buyer, their security stamp and the moment of their last sign-in, so any sign-in (this link's included) or sign-out
/// spends it. Nothing is stored. Whether the address has an account is never said.
/// </summary>
internal sealed class SignInLinks(CreditDb db, IDataProtectionProvider protection, PublicLinks links, IOptions<SellerOptions> seller)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private IDataProtector Protector => protection.CreateProtector("Credo.Portal.SignInLink.v1");

    /// <summary>Emails a link when the address belongs to a buyer who has accepted an invitation and is not locked out.</summary>
    public async Task Send(string? email, CancellationToken ct)
    {
        var normalized = (email ?? string.Empty).Trim().ToUpperInvariant();
        var user = normalized.Length == 0 ? null : await db.BuyerUsers.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
        var now = db.UtcNow;
        if (user?.PasswordHash is null || BuyerLockout.IsLockedOut(user.LockoutEndUtc, now))
        {
            return;
        }

        var payload = string.Join('|', user.Id.ToString(CultureInfo.InvariantCulture), user.SecurityStamp, Ticks(user.LastSignInAtUtc), (now + Lifetime).Ticks.ToString(CultureInfo.InvariantCulture));
        var url = links.To("/portal/sign-in/link?t=" + Uri.EscapeDataString(Protector.Protect(payload)));
        db.QueueEmail(new OutboxEmail(
            user.Email,
            $"Your sign-in link for {seller.Value.DisplayName}",
            $"Follow this link to sign in to your account with {seller.Value.DisplayName}:\n\n{url}\n\nIt works once, within {Lifetime.TotalMinutes:0} minutes. If you did not ask for it, ignore this email: nobody can use it without your mailbox.\n",
            "portal-sign-in-link"));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Signs the buyer in by the link's token: refused when forged, expired, already used, or the account is locked.</summary>
    public async Task<Result<BuyerUser>> Redeem(string? token, CancellationToken ct)
    {
        var parts = Open(token);
        if (parts is null || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || !long.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var expires))
        {
            return Spent();
        }

        var user = await db.BuyerUsers.SingleOrDefaultAsync(u => u.Id == id, ct);
        var now = db.UtcNow;
        if (user is null || now.Ticks > expires || user.SecurityStamp != parts[1] || Ticks(user.LastSignInAtUtc) != parts[2])
        {
            return Spent();
        }

        if (BuyerLockout.IsLockedOut(user.LockoutEndUtc, now))
        {
            return new Refusal("locked-out", "Too many failed attempts: this account is locked for 15 minutes. Try again later.");
        }

        user.AccessFailedCount = 0;
        user.LastSignInAtUtc = now;
        await db.SaveChangesAsync(ct);
        return user;
    }

    private string[]? Open(string? token)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return null;
        }

        try
        {
            var parts = Protector.Unprotect(token).Split('|');
            return parts.Length == 4 ? parts : null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static string Ticks(DateTime? at) => at is { } t ? t.Ticks.ToString(CultureInfo.InvariantCulture) : "0";

    private static Refusal Spent() => new("link-spent", "This sign-in link has expired or was already used. Ask for a new one below.");
}
