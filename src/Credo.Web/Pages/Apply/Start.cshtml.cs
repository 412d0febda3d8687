using Credo.Domain.Applications;
using Credo.Web.Data;
using Credo.Web.Features.ApplicationForms;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Apply;

/// <summary>The public link of a template: what the application asks, and the email that starts it.</summary>
internal sealed class StartModel(CreditDb db, ApplicantDrafts drafts, StartApplication start) : PageModel
{
    [FromRoute]
    public string TemplateKey { get; set; } = string.Empty;

    [BindProperty]
    public string? Email { get; set; }

    public TemplateDefinition? Definition { get; private set; }

    public bool HasDraft { get; private set; }

    public string? EmailError { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        ApplicantCookies.PrivatePage(Response);
        ApplicantCookies.DeviceId(HttpContext);
        if (await db.LivePublishedTemplate(TemplateKey, ct) is not { } template)
        {
            return NotFound();
        }

        Definition = template.Definition();
        HasDraft = await drafts.Find(TemplateKey, ApplicantCookies.Token(Request), ct) is not null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ApplicantCookies.PrivatePage(Response);
        var started = await start.Start(new StartRequest(TemplateKey, Email), ct);
        if (!started.IsOk)
        {
            if (started.Error is Credo.Domain.Common.NotFound)
            {
                return NotFound();
            }

            EmailError = started.Error!.Message;
            Definition = (await db.LivePublishedTemplate(TemplateKey, ct))?.Definition();
            var page = Page();
            page.StatusCode = StatusCodes.Status400BadRequest;
            return page;
        }

        ApplicantCookies.SetToken(Response, started.Value!.ResumeToken);
        return Redirect($"/apply/{Uri.EscapeDataString(TemplateKey)}/form?started=true");
    }
}
