using Credo.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Account;

/// <summary>
/// Sign-out is a POST (with antiforgery) so that a link or image cannot sign someone out. It ends the session on the
/// server too: the security stamp changes, so a copy of the old cookie is refused on its next request.
/// </summary>
internal sealed class SignOutModel(SignInManager<CreditUser> signIn, UserManager<CreditUser> users) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is { } user)
        {
            await users.UpdateSecurityStampAsync(user);
        }

        await signIn.SignOutAsync();
        return LocalRedirect("/account/sign-in");
    }
}
