using Credo.Web.Data;
using Credo.Web.Features.Evidence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.References;

/// <summary>
/// The public page a referee reaches from the emailed link: no account, the secret in the URL is the only key.
/// Rate-limited per client IP, antiforgery on the form, no referrer sent onwards (the URL holds the secret), and
/// nothing about the application shown beyond the applicant's name and the referee's own company.
/// </summary>
[AllowAnonymous]
internal sealed class AnswerModel(AnswerReference answers, ReferenceAnswerLimiter limiter) : PageModel
{
    public ReferenceInvitation? Invitation { get; private set; }

    public string? Error { get; private set; }

    public bool Thanks { get; private set; }

    [BindProperty]
    public string? Experience { get; set; }

    [BindProperty]
    public decimal? HighestCredit { get; set; }

    [BindProperty]
    public string? Terms { get; set; }

    [BindProperty]
    public int? YearsKnown { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken ct)
    {
        if (Limited() is { } limited)
        {
            return limited;
        }

        var invitation = await answers.Invitation(token, ct);
        if (!invitation.IsOk)
        {
            return Refused(invitation.Error!);
        }

        Invitation = invitation.Value;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string token, CancellationToken ct)
    {
        if (Limited() is { } limited)
        {
            return limited;
        }

        var invitation = await answers.Invitation(token, ct);
        if (!invitation.IsOk)
        {
            return Refused(invitation.Error!);
        }

        Invitation = invitation.Value;
        var result = await answers.ByReferee(token, new ReferenceAnswer(Experience, HighestCredit, null, Terms, YearsKnown, Comment), ct);
        if (!result.IsOk)
        {
            Error = result.Error!.Message;
            Response.StatusCode = result.Error is Domain.Common.ValidationFailed ? StatusCodes.Status400BadRequest : StatusCodes.Status409Conflict;
            return Page();
        }

        Thanks = true;
        return Page();
    }

    private IActionResult? Limited()
    {
        Response.Headers["Referrer-Policy"] = "no-referrer";
        Response.Headers["X-Robots-Tag"] = "noindex";
        Response.Headers.CacheControl = "no-store";
        if (limiter.TryAcquire(HttpContext.Connection.RemoteIpAddress?.ToString()))
        {
            return null;
        }

        Error = "Too many attempts from your address. Please wait a minute and try again.";
        Response.StatusCode = StatusCodes.Status429TooManyRequests;
        return Page();
    }

    private PageResult Refused(Domain.Common.DomainError error)
    {
        Error = error is Domain.Common.NotFound ? "This link is not valid. Please check you copied the whole link from the email." : error.Message;
        Response.StatusCode = error is Domain.Common.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status410Gone;
        return Page();
    }

    public static string Describe(ReferenceKind kind) => kind switch
    {
        ReferenceKind.Trade => "as a supplier that has given them trade credit",
        ReferenceKind.Bank => "as their bank",
    };
}
