using System.ComponentModel.DataAnnotations;
using Credo.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Account;

/// <summary>Email and password sign-in; repeated failures lock the account (Identity lockout options).</summary>
internal sealed class SignInModel(SignInManager<CreditUser> signIn, ILogger<SignInModel> log) : PageModel
{
    public const string WrongCredentials = "Wrong email or password.";
    public const string LockedOut = "This account is locked after too many failed sign-in attempts. Try again in 15 minutes or ask an administrator to unlock it.";

    [BindProperty]
    [Display(Name = "Email")]
    public string? Email { get; set; }

    [BindProperty]
    [Display(Name = "Password")]
    public string? Password { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public IActionResult OnGet() =>
        User.Identity?.IsAuthenticated == true ? LocalRedirect(SafeReturnUrl()) : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(Email) || string.IsNullOrEmpty(Password))
        {
            Error = "Enter your email and password.";
            return Page();
        }

        var result = await signIn.PasswordSignInAsync(Email.Trim(), Password, isPersistent: false, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(SafeReturnUrl());
        }

        if (result.IsLockedOut)
        {
            log.LogWarning("Sign-in refused: {Email} is locked out", Email);
            Error = LockedOut;
        }
        else if (result.IsNotAllowed)
        {
            Error = "This account is not allowed to sign in yet (email not confirmed).";
        }
        else
        {
            Error = WrongCredentials;
        }

        Password = null;
        return Page();
    }

    /// <summary>Only local paths: an absolute or protocol-relative return URL would be an open redirect.</summary>
    private string SafeReturnUrl() =>
        !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) && !ReturnUrl.StartsWith("/account/", StringComparison.OrdinalIgnoreCase)
            ? ReturnUrl
            : "/team";
}
