using Credo.Web.Features.Portal;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Portal;

/// <summary>Buyer sign-in with the buyer scheme (never staff Identity); lockout after repeated failures.</summary>
[AllowAnonymous]
internal sealed class PortalSignInModel(BuyerSignIn signIn, SignInLinks links, BuyerTwoFactor twoFactor) : PageModel
{
    [BindProperty]
    public string? Email { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    /// <summary>Set once a sign-in link was asked for: the same words whether or not the address has an account.</summary>
    public string? LinkSent { get; private set; }

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

        return await PortalSignInStep.Complete(this, result.Value!, twoFactor, PortalSignInStep.SafeReturnUrl(this, ReturnUrl));
    }

    /// <summary>Emails a single-use sign-in link (passwordless), when the address has an account.</summary>
    public async Task<IActionResult> OnPostLinkAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Email))
        {
            Error = "Enter your email to get a sign-in link.";
            return Page();
        }

        await links.Send(Email, ct);
        LinkSent = $"If {Email.Trim()} has an account with us, a sign-in link is on its way. It works once, within {SignInLinks.Lifetime.TotalMinutes:0} minutes.";
        return Page();
    }
}
