using Credo.Domain.Portal;
using Credo.Web.Data;
using Credo.Web.Features.Portal;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Pages.Team.Portal;

/// <summary>
/// Staff invite a customer's contact to the buyer portal (the same <see cref="InviteBuyer"/> as the API), see the
/// invitations and withdraw one not yet used, and see who acts for a customer with which role.
/// </summary>
internal sealed class InvitationsModel(CreditDb db, InviteBuyer invite, BuyerUsers users, IAuthorizationService authorization) : PageModel
{
    public sealed record Row(long Id, string Customer, string Email, BuyerRole Role, InvitationStatus Status, DateTime CreatedAtUtc, DateTime ExpiresAtUtc, string InvitedBy);

    [BindProperty(SupportsGet = true)]
    public string? Customer { get; set; }

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Role { get; set; }

    public IReadOnlyList<Row> Invitations { get; private set; } = [];

    public IReadOnlyList<PortalUserDto> Users { get; private set; } = [];

    public bool CanInvite { get; private set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await Load(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, PortalFeature.InvitePolicy)).Succeeded)
        {
            return Forbid();
        }

        var invited = await invite.Handle(new InviteBuyerRequest(Customer, Email, Role), ct);
        if (invited.IsOk)
        {
            Message = $"Invitation emailed to {invited.Value!.Email}: the link works once, until {Shared.Words.Date(DateOnly.FromDateTime(invited.Value.ExpiresAtUtc))}.";
            return Redirect("/team/portal/invitations?customer=" + Uri.EscapeDataString(invited.Value.Customer));
        }

        Errors[invited.Error!.Field is "customer" or "email" or "role" ? invited.Error.Field : "form"] = invited.Error.Message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await Load(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(long id, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, PortalFeature.InvitePolicy)).Succeeded)
        {
            return Forbid();
        }

        var revoked = await invite.Revoke(id, ct);
        Message = revoked.IsOk ? $"The invitation of {revoked.Value!.Email} was withdrawn." : revoked.Error!.Message;
        return Redirect("/team/portal/invitations" + (string.IsNullOrWhiteSpace(Customer) ? string.Empty : "?customer=" + Uri.EscapeDataString(Customer)));
    }

    public static string Standing(InvitationStatus status)
    {
        var words = InvitationFlow.Describe(status);
        return char.ToUpperInvariant(words[0]) + words[1..];
    }

    private async Task Load(CancellationToken ct)
    {
        CanInvite = (await authorization.AuthorizeAsync(User, PortalFeature.InvitePolicy)).Succeeded;
        var number = Customer?.Trim();
        var customerId = string.IsNullOrEmpty(number) ? null : await db.CustomerId(number, ct);
        Invitations = await db.BuyerInvitations.AsNoTracking().Where(i => customerId == null || i.CustomerId == customerId)
            .OrderByDescending(i => i.Id).Take(200)
            .Join(db.Customers, i => i.CustomerId, c => c.Id, (i, c) => new Row(i.Id, c.Number, i.Email, i.Role, i.Status, i.CreatedAtUtc, i.ExpiresAtUtc, i.InvitedBy))
            .ToListAsync(ct);
        Users = customerId is { } id ? await users.Of(id, ct) : [];
    }
}
