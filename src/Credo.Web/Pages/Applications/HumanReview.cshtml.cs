using Credo.Web.Features.Applications;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Applications;

/// <summary>
/// Public: the applicant of a declined application asks for a human review from the link in the decline email (the
/// token is the credential). The case returns to the analysts' queue.
/// </summary>
[AllowAnonymous]
internal sealed class HumanReviewModel(RequestHumanReview request) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "token")]
    public string? Token { get; set; }

    public string Reference { get; private set; } = string.Empty;

    public string? Error { get; private set; }

    public bool Done { get; private set; }

    public void OnGet(string reference) => Reference = reference;

    public async Task<IActionResult> OnPostAsync(string reference, string? comment, CancellationToken ct)
    {
        Reference = reference;
        var result = await request.Request(reference, Token, comment is { Length: > 2000 } ? comment[..2000] : comment, ct);
        if (result.IsOk)
        {
            Done = true;
            return Page();
        }

        Error = result.Error!.Code == "not-found" ? "This link is not valid. Use the link from your email." : result.Error.Message;
        Response.StatusCode = result.Error.Code == "not-found" ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict;
        return Page();
    }
}
