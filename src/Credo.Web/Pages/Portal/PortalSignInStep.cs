using Credo.Web.Data;
using Credo.Web.Features.Portal;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Portal;

/// <summary>
/// The end of a first factor (password, sign-in link, accepted invitation): a buyer without an authenticator is signed
/// in; one with an authenticator gets a short-lived, sealed "password passed" cookie and is sent to the code page.
/// </summary>
internal static class PortalSignInStep
{
    public const string PendingCookie = "credo.buyer.2fa";

    public const string CodePath = "/portal/sign-in/code";

    public static async Task<IActionResult> Complete(PageModel page, BuyerUser user, BuyerTwoFactor twoFactor, string returnUrl)
    {
        if (user.TwoFactorEnabled)
        {
            page.Response.Cookies.Append(PendingCookie, twoFactor.Pending(user), new CookieOptions
            {
                HttpOnly = true,
                Path = "/portal/sign-in",
                SameSite = SameSiteMode.Strict,
                Secure = page.Request.IsHttps,
                MaxAge = BuyerTwoFactor.PendingLifetime,
            });
            return page.LocalRedirect(CodePath + "?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
        }

        await page.HttpContext.SignInAsync(PortalFeature.Scheme, PortalFeature.Principal(user));
        return page.LocalRedirect(returnUrl);
    }

    /// <summary>Only portal paths: anything else would be an open redirect or lead a buyer to staff pages.</summary>
    public static string SafeReturnUrl(PageModel page, string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && page.Url.IsLocalUrl(returnUrl) && returnUrl.StartsWith("/portal", StringComparison.OrdinalIgnoreCase)
            && !returnUrl.StartsWith("/portal/sign-", StringComparison.OrdinalIgnoreCase)
            ? returnUrl
            : "/portal";
}
