using Credo.Domain.Portal;
using Credo.Web.Features.Portal;
using Microsoft.AspNetCore.Mvc;

namespace Credo.Web.Pages.Portal;

/// <summary>The company's portal users and their roles; a manager of users invites colleagues and removes them.</summary>
internal sealed class PortalUsersModel(BuyerScope scope, BuyerUsers users) : PortalPage(scope)
{
    public IReadOnlyList<PortalUserDto> Users { get; private set; } = [];

    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Role { get; set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    [TempData]
    public string? Message { get; set; }

    public bool MayManage => InvitationFlow.Allows(Customer.Role, BuyerRole.ManageUsers);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await Resolve(ct))
        {
            return Missing();
        }

        Users = await users.Of(Customer.Id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await Resolve(ct))
        {
            return Missing();
        }

        var invited = await users.Invite(Customer, Email, Role, ct);
        if (invited.IsOk)
        {
            Message = $"Invitation sent to {invited.Value!.Email}.";
            return Redirect(PortalText.For("/portal/users", Customer.Number));
        }

        Errors[PortalForms.Field(invited.Error!, "email", "role")] = invited.Error!.Message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        Users = await users.Of(Customer.Id, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(long grant, CancellationToken ct)
    {
        if (!await Resolve(ct))
        {
            return Missing();
        }

        var removed = await users.Remove(Customer, Scope.BuyerId!.Value, grant, ct);
        if (!removed.IsOk && removed.Error is Credo.Domain.Common.NotFound)
        {
            return Missing();
        }

        Message = removed.IsOk ? $"{removed.Value} may no longer act for {Customer.Name}." : removed.Error!.Message;
        return Redirect(PortalText.For("/portal/users", Customer.Number));
    }

    public static string Describe(BuyerRole role)
    {
        var words = InvitationFlow.Describe(role);
        return char.ToUpperInvariant(words[0]) + words[1..];
    }
}
