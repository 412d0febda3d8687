using System.Text.Json.Nodes;
using Credo.Domain.Applications;
using Credo.Domain.Common;
using Credo.Web.Features.ApplicationForms;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Apply;

/// <summary>The applicant's form: one page of sections, saved at any time, verified, documents uploaded, signed and submitted.</summary>
internal sealed class FormModel(
    ApplicantDrafts drafts,
    SaveApplicationAnswers save,
    VerifyApplicantEmail verify,
    UploadApplicationDocument upload,
    SubmitApplication submit) : PageModel
{
    [FromRoute]
    public string TemplateKey { get; set; } = string.Empty;

    public ApplicantView View { get; private set; } = null!;

    public JsonObject Answers { get; private set; } = [];

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    public string? Notice { get; private set; }

    public string? SignedName { get; private set; }

    public bool Consented { get; private set; }

    public string ConsentSha256 => SubmitApplication.ConsentHash(View.Definition);

    public Task<IActionResult> OnGetAsync(bool started, CancellationToken ct) => Load(view =>
    {
        if (started)
        {
            Notice = $"We emailed a code and a link to {view.Application.ApplicantEmail}. Enter the code below; use the link to come back later.";
        }

        return Task.FromResult<IActionResult>(Page());
    }, ct);

    public Task<IActionResult> OnPostSaveAsync(CancellationToken ct) => Load(async view =>
    {
        Answers = FormAnswers.Read(view.Definition, Request.Form);
        var saved = await save.Save(view, Answers, ct);
        if (!saved.IsOk)
        {
            return Refused(saved.Error!, StatusCodes.Status409Conflict);
        }

        Answers = ApplicantDrafts.ReadAnswers(saved.Value!, HttpContext.RequestServices.GetRequiredService<ApplicantSecrets>());
        Notice = "Your answers are saved. Come back any time with the link we emailed you.";
        return Page();
    }, ct);

    public Task<IActionResult> OnPostVerifyAsync(string? code, CancellationToken ct) => Load(async view =>
    {
        var verified = await verify.Verify(view.Application, code, ct);
        if (!verified.IsOk)
        {
            return Refused(verified.Error!, StatusCodes.Status400BadRequest);
        }

        Notice = "Thank you, your email address is verified.";
        return Page();
    }, ct);

    public Task<IActionResult> OnPostUploadAsync(string? fieldKey, IFormFile? file, CancellationToken ct) => Load(async view =>
    {
        if (file is null || file.Length == 0)
        {
            return Refused(new ValidationFailed(fieldKey ?? "file", "Choose a file to upload."), StatusCodes.Status400BadRequest);
        }

        await using var stream = file.OpenReadStream();
        var uploaded = await upload.Upload(view, fieldKey, file.FileName, stream, ct);
        if (!uploaded.IsOk)
        {
            var status = uploaded.Error!.Code switch
            {
                "file-too-large" => StatusCodes.Status413PayloadTooLarge,
                "file-type-refused" => StatusCodes.Status415UnsupportedMediaType,
                _ => StatusCodes.Status400BadRequest,
            };
            return Refused(uploaded.Error, status);
        }

        View = await drafts.Find(TemplateKey, ApplicantCookies.Token(Request), ct) ?? view;
        Notice = $"{uploaded.Value!.OriginalName} uploaded.";
        return Page();
    }, ct);

    public Task<IActionResult> OnPostSubmitAsync(string? signedName, bool consent, CancellationToken ct) => Load(async view =>
    {
        Answers = FormAnswers.Read(view.Definition, Request.Form);
        SignedName = signedName;
        Consented = consent;
        var ip = HttpContext.Connection.RemoteIpAddress?.ToString();
        var submitted = await submit.Submit(view, new SubmitRequest(Answers, signedName, consent, ip, ApplicantCookies.DeviceId(HttpContext)), ct);
        if (!submitted.IsOk)
        {
            if (submitted.Error is AnswersIncomplete incomplete)
            {
                // Error paths count the kept group items, blank rows left out: show the answers the same way.
                Answers = Credo.Domain.Applications.Answers.Prune(view.Definition, Answers);
                foreach (var error in incomplete.Errors)
                {
                    Errors.TryAdd(error.Path, error.Reason);
                }

                Notice = $"Your answers are saved, but {incomplete.Errors.Count} need attention before you can submit.";
                var page = Page();
                page.StatusCode = StatusCodes.Status400BadRequest;
                return page;
            }

            return Refused(submitted.Error!, StatusCodes.Status409Conflict);
        }

        return Redirect($"/apply/{Uri.EscapeDataString(TemplateKey)}/form");
    }, ct);

    private IActionResult Refused(DomainError error, int status)
    {
        Errors.TryAdd(error.Field ?? "form", error.Message);
        var page = Page();

        // htmx swaps only successful responses: the refusal is in the fragment it swaps in.
        page.StatusCode = Request.Headers.ContainsKey("HX-Request") ? StatusCodes.Status200OK : status;
        return page;
    }

    private async Task<IActionResult> Load(Func<ApplicantView, Task<IActionResult>> then, CancellationToken ct)
    {
        ApplicantCookies.PrivatePage(Response);
        ApplicantCookies.DeviceId(HttpContext);
        var view = await drafts.Find(TemplateKey, ApplicantCookies.Token(Request), ct);
        if (view is null)
        {
            return Redirect($"/apply/{Uri.EscapeDataString(TemplateKey)}");
        }

        View = view;
        Answers = view.Answers;
        return await then(view);
    }

    public string? ErrorFor(string path) => Errors.GetValueOrDefault(path);

    public IEnumerable<KeyValuePair<string, string>> ErrorsUnder(string path) =>
        Errors.Where(e => e.Key == path || e.Key.StartsWith(path + ".", StringComparison.Ordinal) || e.Key.StartsWith(path + "[", StringComparison.Ordinal));
}

/// <summary>What the field partial needs to render one input.</summary>
internal sealed record FieldView(FieldDefinition Field, string Path, JsonNode? Value, JsonObject Scope, string ScopePrefix, FormModel Page)
{
    public string Name => FormAnswers.Prefix + Path;

    public string Id => FormAnswers.Id(Path);

    public string? Text => Credo.Domain.Applications.Answers.Scalar(Value);

    public string? Error => Page.ErrorFor(Path);

    public bool Hidden => !Credo.Domain.Applications.Answers.IsVisible(Field, Scope);

    public string? ConditionName => Field.VisibleWhen is { } c ? FormAnswers.Prefix + ScopePrefix + c.Field : null;
}
