using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Features.Evidence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Pages.Team.Evidence;

/// <summary>
/// What every evidence page of one application shares: the application from the URL (404 when unknown), whether the
/// user may record evidence, and the flash message after a post. The workflow's application page links here by reference.
/// </summary>
internal abstract class EvidencePage(CreditDb db, IAuthorizationService authorization) : PageModel
{
    protected CreditDb Db { get; } = db;

    public CreditApplication Application { get; private set; } = null!;

    public EvidenceTarget Target { get; private set; } = null!;

    public bool CanRecord { get; private set; }

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public bool Failed { get; set; }

    public abstract string Section { get; }

    /// <summary>Loads the application; false (and a 404 result) when the reference is unknown.</summary>
    protected async Task<IActionResult?> Load(string reference, CancellationToken ct)
    {
        var application = await Db.Applications.AsNoTracking().SingleOrDefaultAsync(a => a.Reference == reference, ct);
        if (application is null)
        {
            return NotFound();
        }

        Application = application;
        Target = EvidenceTarget.Of(application);
        CanRecord = (await authorization.AuthorizeAsync(User, EvidenceFeature.RecordPolicy)).Succeeded;
        return null;
    }

    /// <summary>Loads and checks the record policy for a post; the result to return early, or null to go on.</summary>
    protected async Task<IActionResult?> LoadForRecording(string reference, CancellationToken ct)
    {
        if (await Load(reference, ct) is { } early)
        {
            return early;
        }

        return CanRecord ? null : Forbid();
    }

    protected IActionResult Done<T>(Result<T> result, string ok)
    {
        Failed = !result.IsOk;
        Message = result.IsOk ? ok : result.Error!.Field is { } field ? $"{field}: {result.Error.Message}" : result.Error.Message;
        return RedirectToPage(new { reference = Application.Reference });
    }
}
