using Credo.Web.Features.Portal;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Portal;

/// <summary>
/// Where an emailed sign-in link lands. Opening the link signs nobody in (mail scanners open links): the buyer presses
/// the button, and the post spends the link and signs them in with the buyer scheme.
/// </summary>
[AllowAnonymous]
internal sealed class PortalSignInLinkModel(SignInLinks signInLinks, BuyerTwoFactor twoFactor) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "t")]
    public string? Token { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await signInLinks.Redeem(Token, ct);
        if (!result.IsOk)
        {
            Error = result.Error!.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        return await PortalSignInStep.Complete(this, result.Value!, twoFactor, "/portal");
    }
}
