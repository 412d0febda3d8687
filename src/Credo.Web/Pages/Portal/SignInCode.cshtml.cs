using Credo.Web.Features.Portal;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Portal;

/// <summary>The second step of sign-in for a buyer with an authenticator app: a 6-digit code, or one of their recovery codes.</summary>
[AllowAnonymous]
internal sealed class PortalSignInCodeModel(BuyerTwoFactor twoFactor) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public bool Expired { get; private set; }

    public IActionResult OnGet()
    {
        Expired = string.IsNullOrEmpty(Request.Cookies[PortalSignInStep.PendingCookie]);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await twoFactor.SignIn(Request.Cookies[PortalSignInStep.PendingCookie], Code, ct);
        if (!result.IsOk)
        {
            Expired = result.Error!.Code == "sign-in-expired";
            Error = result.Error.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Response.Cookies.Delete(PortalSignInStep.PendingCookie, new CookieOptions { Path = "/portal/sign-in" });
        await HttpContext.SignInAsync(PortalFeature.Scheme, PortalFeature.Principal(result.Value!));
        return LocalRedirect(PortalSignInStep.SafeReturnUrl(this, ReturnUrl));
    }
}
