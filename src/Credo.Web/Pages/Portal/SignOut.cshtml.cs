using Credo.Web.Features.Portal;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Portal;

/// <summary>Sign-out (POST with antiforgery): the security stamp changes, so the old cookie is refused everywhere.</summary>
[AllowAnonymous]
internal sealed class PortalSignOutModel(BuyerSignIn signIn, BuyerScope scope) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await HttpContext.AuthenticateAsync(PortalFeature.Scheme);
        if (result.Succeeded)
        {
            HttpContext.User = result.Principal!;
            if (scope.BuyerId is { } id)
            {
                await signIn.SignOut(id, ct);
            }
        }

        await HttpContext.SignOutAsync(PortalFeature.Scheme);
        return RedirectToPage();
    }
}
