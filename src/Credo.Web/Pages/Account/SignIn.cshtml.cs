using System.ComponentModel.DataAnnotations;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Account;

/// <summary>
/// Email and password sign-in. Failures are rate limited per address and per account (<see cref="SignInThrottle"/>)
/// instead of locking accounts; an unknown email costs the same password hash as a known one and gets the same
/// answer, so neither timing nor wording tells which emails exist (issue 12 §3).
/// </summary>
internal sealed class SignInModel(
    SignInManager<CreditUser> signIn, UserManager<CreditUser> users, IPasswordHasher<CreditUser> hasher, SignInThrottle throttle, ILogger<SignInModel> log) : PageModel
{
    public const string WrongCredentials = "Wrong email or password.";
    public const string TooManyAttempts = "Too many failed sign-ins. Wait a few minutes and try again, or ask an administrator to reset your password.";

    // A hash of a random password with the same cost as real ones: verified against when the email is unknown.
    private static readonly Lazy<string> DecoyHash = new(() => new PasswordHasher<CreditUser>(
        Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = AuthSetup.PasswordIterations })).HashPassword(new CreditUser(), Guid.NewGuid().ToString("N")));

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

        var email = Email.Trim();
        var ip = HttpContext.Connection.RemoteIpAddress?.ToString();
        if (throttle.Refused(ip, email) is not null)
        {
            log.LogWarning("Sign-in refused by the rate limit for an attempt from {Ip}", ip);
            return Answer(TooManyAttempts);
        }

        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            hasher.VerifyHashedPassword(new CreditUser(), DecoyHash.Value, Password);
            throttle.Failed(ip, email);
            return Answer(WrongCredentials);
        }

        var result = await signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: false);
        if (result.Succeeded)
        {
            throttle.Succeeded(ip, email);
            return LocalRedirect(SafeReturnUrl());
        }

        throttle.Failed(ip, email);
        if (result.IsLockedOut)
        {
            log.LogWarning("Sign-in refused: an account locked by an administrator");
        }

        // Locked, not allowed, or wrong: one answer.
        return Answer(WrongCredentials);
    }

    private PageResult Answer(string error)
    {
        Error = error;
        Password = null;
        return Page();
    }

    /// <summary>Only local paths: an absolute or protocol-relative return URL would be an open redirect.</summary>
    private string SafeReturnUrl() =>
        !string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl) && !ReturnUrl.StartsWith("/account/", StringComparison.OrdinalIgnoreCase)
            ? ReturnUrl
            : "/team";
}
