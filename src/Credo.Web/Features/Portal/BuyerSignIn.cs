using Credo.Domain.Common;
using Credo.Domain.Portal;
using Credo.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Portal;

/// <summary>
/// Buyer sign-in and sign-out. A wrong password counts towards lockout (<see cref="BuyerLockout"/>); a locked-out
/// account is refused even with the right password, with the same words as a wrong one until the lockout ends.
/// Sign-out changes the security stamp, so the cookie it ends (and any copy of it) is refused from then on.
/// </summary>
internal sealed class BuyerSignIn(CreditDb db, IPasswordHasher<BuyerUser> hasher)
{
    public async Task<Result<BuyerUser>> Handle(string? email, string? password, CancellationToken ct)
    {
        var normalized = (email ?? string.Empty).Trim().ToUpperInvariant();
        var user = await db.BuyerUsers.SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
        var now = db.UtcNow;
        if (user?.PasswordHash is null)
        {
            return Wrong();
        }

        if (BuyerLockout.IsLockedOut(user.LockoutEndUtc, now))
        {
            return new Refusal("locked-out", "Too many failed attempts: this account is locked for 15 minutes. Try again later.", "email");
        }

        if (hasher.VerifyHashedPassword(user, user.PasswordHash, password ?? string.Empty) == PasswordVerificationResult.Failed)
        {
            (user.AccessFailedCount, user.LockoutEndUtc) = BuyerLockout.AfterFailure(user.AccessFailedCount, now);
            await db.SaveChangesAsync(ct);
            return user.LockoutEndUtc is not null
                ? new Refusal("locked-out", "Too many failed attempts: this account is locked for 15 minutes. Try again later.", "email")
                : Wrong();
        }

        user.AccessFailedCount = 0;
        user.LockoutEndUtc = null;
        user.LastSignInAtUtc = now;
        await db.SaveChangesAsync(ct);
        return user;
    }

    /// <summary>Ends every session of the buyer: cookies issued before carry the old stamp.</summary>
    public async Task SignOut(long buyerId, CancellationToken ct) =>
        await db.BuyerUsers.Where(u => u.Id == buyerId)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.SecurityStamp, AcceptInvitation.NewStamp()), ct);

    private static ValidationFailed Wrong() => new("password", "The email or the password is not right.");
}
