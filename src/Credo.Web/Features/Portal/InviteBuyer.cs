using System.Globalization;
using Credo.Domain.Common;
using Credo.Domain.Portal;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Portal;

/// <summary>Invite <c>email</c>, one of the customer's contacts, to act for it in the portal; role is view (default), pay or manage-users.</summary>
internal sealed record InviteBuyerRequest(string? Customer, string? Email, string? Role);

internal sealed record InvitationDto(long Id, string Customer, string Email, string Role, string Status, DateTime ExpiresAtUtc);

/// <summary>
/// A seller's staff invites a buyer: the address must be one of the customer's contacts (or its main email); the link is
/// single-use, expires after <see cref="InvitationFlow.Lifetime"/>, and only its hash is stored. The email is queued in
/// the same save.
/// </summary>
internal sealed class InviteBuyer(CreditDb db, PublicLinks links, IOptions<SellerOptions> seller, ICurrentActor actor)
{
    public async Task<Result<InvitationDto>> Handle(InviteBuyerRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Customer))
        {
            return new ValidationFailed("customer", "Say which customer the buyer acts for.");
        }

        if (ParseRole(request.Role) is not { } role)
        {
            return new ValidationFailed("role", "The role is view, pay or manage-users.");
        }

        var customer = await db.Customers.AsNoTracking().SingleOrDefaultAsync(c => c.Number == request.Customer.Trim(), ct);
        if (customer is null)
        {
            return new NotFound("Customer", request.Customer.Trim());
        }

        var email = request.Email?.Trim() ?? string.Empty;
        var known = customer.Contacts.Select(c => c.Email).Append(customer.Email).Where(e => !string.IsNullOrWhiteSpace(e));
        if (!known.Any(e => string.Equals(e!.Trim(), email, StringComparison.OrdinalIgnoreCase)))
        {
            return new ValidationFailed("email", $"{(email.Length == 0 ? "An email" : email)} is not one of {customer.Number}'s contacts: add the contact to the customer first.");
        }

        var (token, hash) = LinkSecrets.New();
        var now = db.UtcNow;
        var invitation = new BuyerInvitation
        {
            CustomerId = customer.Id,
            Email = email,
            TokenHash = hash,
            Role = role,
            Status = InvitationStatus.Pending,
            CreatedAtUtc = now,
            ExpiresAtUtc = now + InvitationFlow.Lifetime,
            InvitedBy = actor.Name,
        };
        db.BuyerInvitations.Add(invitation);
        db.QueueEmail(Email(email, customer.TradingName ?? customer.LegalName, links.To("/portal/invitation/" + token), invitation.ExpiresAtUtc));
        await db.SaveChangesAsync(ct);
        return ToDto(invitation, customer.Number);
    }

    public async Task<Result<InvitationDto>> Revoke(long id, CancellationToken ct)
    {
        var invitation = await db.BuyerInvitations.SingleOrDefaultAsync(i => i.Id == id, ct);
        if (invitation is null)
        {
            return new NotFound("Invitation", id.ToString(CultureInfo.InvariantCulture));
        }

        var next = InvitationFlow.Next(invitation.Status, invitation.ExpiresAtUtc, InvitationAction.Revoke, db.UtcNow);
        if (!next.IsOk)
        {
            return next.Error!;
        }

        invitation.Status = next.Value;
        invitation.Version++;
        await db.SaveChangesAsync(ct);
        var number = await db.Customers.Where(c => c.Id == invitation.CustomerId).Select(c => c.Number).SingleAsync(ct);
        return ToDto(invitation, number);
    }

    public static BuyerRole? ParseRole(string? role) => role?.Trim().ToLowerInvariant() switch
    {
        null or "" or "view" => BuyerRole.View,
        "pay" => BuyerRole.Pay,
        "manage-users" => BuyerRole.ManageUsers,
        _ => null,
    };

    public static string Slug(BuyerRole role) => role switch
    {
        BuyerRole.View => "view",
        BuyerRole.Pay => "pay",
        BuyerRole.ManageUsers => "manage-users",
    };

    private OutboxEmail Email(string to, string customerName, Uri link, DateTime expiresAtUtc)
    {
        var from = seller.Value.DisplayName;
        var body = $"""
            Hello,

            {from} invites you to see {customerName}'s account online: invoices, statements, payments, your credit limit and the credit still available.

            Open this link to set your password (it works once, until {expiresAtUtc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}):
            {link}

            If you did not expect this email, you can ignore it.

            {from}
            """;
        return new OutboxEmail(to, $"{from}: your online account for {customerName}", body, "portal-invitation");
    }

    private static InvitationDto ToDto(BuyerInvitation i, string customer) =>
        new(i.Id, customer, i.Email, Slug(i.Role), i.Status.ToString().ToLowerInvariant(), i.ExpiresAtUtc);

    public static async Task<IResult> Endpoint(InviteBuyerRequest request, InviteBuyer use, CancellationToken ct) =>
        await use.Handle(request, ct) is var result && result.IsOk
            ? TypedResults.Created($"/api/portal/invitations/{result.Value!.Id}", result.Value)
            : result.Error!.ToProblem();

    public static async Task<IResult> RevokeEndpoint(long id, InviteBuyer use, CancellationToken ct) =>
        await use.Revoke(id, ct) is var result && result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
}
