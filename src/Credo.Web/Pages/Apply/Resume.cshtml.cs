using Credo.Web.Features.ApplicationForms;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Apply;

/// <summary>
/// The emailed link: puts the resume secret into this browser's cookie and, when the link carries the code,
/// verifies the email address (only someone who reads that inbox has both). Then shows the form.
/// </summary>
internal sealed class ResumeModel(ApplicantDrafts drafts, VerifyApplicantEmail verify) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string templateKey, string token, string? code, CancellationToken ct)
    {
        ApplicantCookies.PrivatePage(Response);
        if (await drafts.Find(templateKey, token, ct) is not { } view)
        {
            return NotFound();
        }

        ApplicantCookies.SetToken(Response, token);
        if (!string.IsNullOrEmpty(code) && view.Application.EmailVerifiedAtUtc is null)
        {
            await verify.Verify(view.Application, code, ct);
        }

        return Redirect($"/apply/{Uri.EscapeDataString(templateKey)}/form");
    }
}
