using Credo.Web.Features.Portal;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Portal;

/// <summary>Accept an invitation: set (or confirm) a password, and be signed in.</summary>
[AllowAnonymous]
internal sealed class PortalInvitationModel(AcceptInvitation accept, BuyerTwoFactor twoFactor) : PageModel
{
    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? Confirm { get; set; }

    public InvitationView? View { get; private set; }

    public string? Error { get; private set; }

    public Dictionary<string, string> Errors { get; } = [];

    public async Task OnGetAsync(string token, CancellationToken ct) => View = await accept.Find(token, ct);

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        var result = await accept.Handle(token, Password, Confirm, ct);
        if (result.IsOk)
        {
            // A buyer who already has an account with an authenticator still gives its code.
            return await PortalSignInStep.Complete(this, result.Value!, twoFactor, "/portal");
        }

        View = await accept.Find(token, ct);
        if (result.Error!.Field is "password" or "confirm")
        {
            Errors[result.Error.Field] = result.Error.Message;
        }
        else
        {
            Error = result.Error.Message;
        }

        return Page();
    }
}
