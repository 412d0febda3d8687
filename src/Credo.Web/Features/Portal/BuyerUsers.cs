using Credo.Domain.Common;
using Credo.Domain.Portal;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Portal;

/// <summary>A person who may act for a customer in the portal, with their role (or an invitation not yet used).</summary>
internal sealed record PortalUserDto(long? GrantId, long? InvitationId, string Email, BuyerRole Role, string Standing, DateTime? LastSignInAtUtc);

/// <summary>
/// Who may act for a customer in the portal: the signed-in users with their roles, and the invitations still waiting.
/// A buyer who may manage users invites a colleague (through <see cref="InviteBuyer"/>, so only one of the customer's
/// contacts) and removes one (never themselves); both audited as that buyer. Staff read the same list.
/// </summary>
internal sealed class BuyerUsers(CreditDb db, InviteBuyer invite)
{
    public async Task<IReadOnlyList<PortalUserDto>> Of(long customerId, CancellationToken ct)
    {
        var users = await db.BuyerGrants.AsNoTracking().Where(g => g.CustomerId == customerId)
            .Join(db.BuyerUsers, g => g.BuyerUserId, u => u.Id, (g, u) => new { g.Id, u.Email, g.Role, u.LastSignInAtUtc }).ToListAsync(ct);
        var now = db.UtcNow;
        var waiting = await db.BuyerInvitations.AsNoTracking().Where(i => i.CustomerId == customerId && i.Status == InvitationStatus.Pending && i.ExpiresAtUtc > now)
            .OrderByDescending(i => i.Id).Select(i => new { i.Id, i.Email, i.Role }).ToListAsync(ct);
        return
        [
            .. users.OrderBy(u => u.Email, StringComparer.OrdinalIgnoreCase).Select(u => new PortalUserDto(u.Id, null, u.Email, u.Role, "Signed up", u.LastSignInAtUtc)),
            .. waiting.Where(w => users.All(u => !string.Equals(u.Email, w.Email, StringComparison.OrdinalIgnoreCase)))
                .Select(w => new PortalUserDto(null, w.Id, w.Email, w.Role, "Invited, not signed up yet", null)),
        ];
    }

    public async Task<Result<InvitationDto>> Invite(ScopedCustomer customer, string? email, string? role, CancellationToken ct)
    {
        if (!InvitationFlow.Allows(customer.Role, BuyerRole.ManageUsers))
        {
            return new Refusal("buyer-role", "Your access does not let you manage your company's users.");
        }

        var audit = BuyerAudit.Record(db, "invite", customer, new { email, role });
        var invited = await invite.Handle(new InviteBuyerRequest(customer.Number, email, role), ct);
        if (!invited.IsOk)
        {
            db.Entry(audit).State = EntityState.Detached;
        }

        return invited;
    }

    public async Task<Result<string>> Remove(ScopedCustomer customer, long buyerId, long grantId, CancellationToken ct)
    {
        var grant = await db.BuyerGrants.SingleOrDefaultAsync(g => g.Id == grantId && g.CustomerId == customer.Id, ct);
        if (grant is null)
        {
            return new NotFound("User", grantId.ToString(System.Globalization.CultureInfo.InvariantCulture)); // another customer's: as if it did not exist
        }

        if (!InvitationFlow.Allows(customer.Role, BuyerRole.ManageUsers))
        {
            return new Refusal("buyer-role", "Your access does not let you manage your company's users.");
        }

        if (grant.BuyerUserId == buyerId)
        {
            return new Refusal("own-access", "You cannot remove your own access; ask another of your company's managers.");
        }

        var email = await db.BuyerUsers.Where(u => u.Id == grant.BuyerUserId).Select(u => u.Email).SingleAsync(ct);
        db.BuyerGrants.Remove(grant);
        BuyerAudit.Record(db, "remove-user", customer, new { email, role = InviteBuyer.Slug(grant.Role) });
        await db.SaveChangesAsync(ct);
        return email;
    }
}
