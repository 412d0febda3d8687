using Credo.Domain.Common;
using Credo.Domain.Portal;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Portal;

/// <summary>What the invitation page shows before the buyer accepts.</summary>
internal sealed record InvitationView(string Email, string CustomerName, InvitationStatus Status, bool HasAccount);

/// <summary>
/// A buyer follows an invitation link: a new buyer sets a password; a buyer who already has an account (invited for
/// another customer) confirms theirs. Either way the grant is made, the invitation is used up, and the buyer is
/// returned to be signed in.
/// </summary>
internal sealed class AcceptInvitation(CreditDb db, IPasswordHasher<BuyerUser> hasher)
{
    public const int MinPasswordLength = 12;

    public async Task<InvitationView?> Find(string token, CancellationToken ct)
    {
        var invitation = await Load(token, ct);
        if (invitation is null)
        {
            return null;
        }

        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == invitation.CustomerId).Select(c => c.TradingName ?? c.LegalName).SingleAsync(ct);
        var normalized = invitation.Email.ToUpperInvariant();
        var hasAccount = await db.BuyerUsers.AnyAsync(u => u.NormalizedEmail == normalized && u.PasswordHash != null, ct);
        return new InvitationView(invitation.Email, customer, InvitationFlow.Effective(invitation.Status, invitation.ExpiresAtUtc, db.UtcNow), hasAccount);
    }

    public async Task<Result<BuyerUser>> Handle(string token, string? password, string? confirm, CancellationToken ct)
    {
        var invitation = await Load(token, ct);
        if (invitation is null)
        {
            return new NotFound("Invitation", "link");
        }

        var now = db.UtcNow;
        var next = InvitationFlow.Next(invitation.Status, invitation.ExpiresAtUtc, InvitationAction.Accept, now);
        if (!next.IsOk)
        {
            return next.Error!;
        }

        var normalized = invitation.Email.ToUpperInvariant();
        var user = await db.BuyerUsers.SingleOrDefaultAsync(u => u.NormalizedEmail == normalized, ct);
        if (user?.PasswordHash is { } existing)
        {
            if (hasher.VerifyHashedPassword(user, existing, password ?? string.Empty) == PasswordVerificationResult.Failed)
            {
                return new ValidationFailed("password", "That is not the password of your account.");
            }
        }
        else
        {
            if (Weak(password, confirm) is { } problem)
            {
                return problem;
            }

            user ??= db.BuyerUsers.Add(new BuyerUser { Email = invitation.Email, NormalizedEmail = normalized, SecurityStamp = NewStamp(), CreatedAtUtc = now }).Entity;
            user.PasswordHash = hasher.HashPassword(user, password!);
        }

        // Two saves (the grant needs the new user's id), one transaction: nothing half-written.
        await using var tx = await OwnedTransaction.Begin(db, ct);
        invitation.Status = next.Value;
        invitation.AcceptedAtUtc = now;
        invitation.Version++;
        user.LastSignInAtUtc = now;
        await db.SaveChangesAsync(ct);
        invitation.BuyerUserId = user.Id;
        if (!await db.BuyerGrants.AnyAsync(g => g.BuyerUserId == user.Id && g.CustomerId == invitation.CustomerId, ct))
        {
            db.BuyerGrants.Add(new BuyerGrant { BuyerUserId = user.Id, CustomerId = invitation.CustomerId, Role = invitation.Role, GrantedAtUtc = now, GrantedBy = invitation.InvitedBy });
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return user;
    }

    public static string NewStamp() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));

    private static ValidationFailed? Weak(string? password, string? confirm) =>
        (password ?? string.Empty).Length < MinPasswordLength ? new ValidationFailed("password", $"Choose a password of at least {MinPasswordLength} characters.")
        : password != confirm ? new ValidationFailed("confirm", "The two passwords differ.")
        : null;

    private Task<BuyerInvitation?> Load(string token, CancellationToken ct)
    {
        var hash = LinkSecrets.Hash(token ?? string.Empty);
        return db.BuyerInvitations.SingleOrDefaultAsync(i => i.TokenHash == hash, ct);
    }
}
