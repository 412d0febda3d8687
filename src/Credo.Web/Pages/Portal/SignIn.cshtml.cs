using Credo.Web.Features.Portal;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Portal;

/// <summary>Buyer sign-in with the buyer scheme (never staff Identity); lockout after repeated failures.</summary>
[AllowAnonymous]
internal sealed class PortalSignInModel(BuyerSignIn signIn) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Email) || string.IsNullOrEmpty(Password))
        {
            Error = "Enter your email and your password.";
            return Page();
        }

        var result = await signIn.Handle(Email, Password, ct);
        if (!result.IsOk)
        {
            Error = result.Error!.Message;
            return Page();
        }

        await HttpContext.SignInAsync(PortalFeature.Scheme, PortalFeature.Principal(result.Value!));
        return LocalRedirect(SafeReturnUrl());
    }

    /// <summary>Only portal paths: anything else would be an open redirect or lead a buyer to staff pages.</summary>
    private string SafeReturnUrl() =>
        !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) && ReturnUrl.StartsWith("/portal", StringComparison.OrdinalIgnoreCase)
            && !ReturnUrl.StartsWith("/portal/sign-", StringComparison.OrdinalIgnoreCase)
            ? ReturnUrl
            : "/portal";
}
