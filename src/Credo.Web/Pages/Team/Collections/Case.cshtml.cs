using Credo.Domain.Collections;
using Credo.Domain.Common;
using Credo.Web.Features.Collections;
using Credo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.Collections;

/// <summary>One dispute or deduction case: its facts, notes and attachments, and the collector's next steps (move it on, resolve it, add a note or a file).</summary>
internal sealed class CaseModel(ListCases cases, MoveCase move, AddCaseNote notes, IAuthorizationService authorization) : PageModel
{
    public CaseDto Case { get; private set; } = null!;

    public bool CanWork { get; private set; }

    public bool CanWriteOff { get; private set; }

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public bool Failed { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (await cases.One(id, false, ct) is not { } found)
        {
            return NotFound();
        }

        Case = found;
        CanWork = (await authorization.AuthorizeAsync(User, CollectionsFeature.WorkPolicy)).Succeeded;
        CanWriteOff = (await authorization.AuthorizeAsync(User, AccessPolicies.Corrections)).Succeeded;
        return Page();
    }

    public async Task<IActionResult> OnGetAttachmentAsync(long id, long attachmentId, CancellationToken ct) =>
        await cases.Attachment(id, attachmentId, ct) is { } a ? File(a.Content, a.ContentType, a.FileName) : NotFound();

    public Task<IActionResult> OnPostMoveAsync(long id, string? step, string? note, string? amount, bool share, CancellationToken ct) =>
        Act(id, async () =>
        {
            var request = new MoveCaseRequest(step, note, Shared.MoneyText.Parse(amount), share);
            if (!await MoveCase.MayPost(request, User, authorization))
            {
                return "Writing off needs a credit manager or an admin.";
            }

            var result = await move.Handle(id, request, ct);
            return Done(result, result.IsOk ? $"The case is now {result.Value!.StatusText}." : "");
        });

    public Task<IActionResult> OnPostNoteAsync(long id, string? text, bool share, IFormFile? attachment, CancellationToken ct) =>
        Act(id, async () => Done(await notes.Handle(id, new CaseNoteRequest(text, share), await CaseUpload.Read(attachment, ct), null, ct), "Note added."));

    private async Task<IActionResult> Act(long id, Func<Task<string?>> action)
    {
        if (!(await authorization.AuthorizeAsync(User, CollectionsFeature.WorkPolicy)).Succeeded)
        {
            return Forbid();
        }

        var error = await action();
        Failed = error is not null;
        Message ??= error;
        return RedirectToPage(new { id });
    }

    private string? Done<T>(Result<T> result, string ok)
    {
        if (result.IsOk)
        {
            Message = ok;
            return null;
        }

        return CaseText.Problem(result.Error!);
    }
}

/// <summary>Case words shared by the staff and portal pages.</summary>
internal static class CaseText
{
    public static string Problem(DomainError error) => error.Field is { } field ? $"{Field(field)}: {error.Message}" : error.Message;

    public static string Field(string field) => field switch
    {
        "reason" => "Reason",
        "amount" => "Amount",
        "message" or "text" or "note" => "Message",
        "attachment" => "Attachment",
        "invoice" => "Invoice",
        "owner" => "Owner",
        "event" => "Step",
        "status" => "Status",
        _ => "Input",
    };

    /// <summary>The button's words for a next step.</summary>
    public static string Step(string slug) => DisputeCaseFlow.ParseEvent(slug) switch
    {
        CaseEvent.Investigate => "Start investigating",
        CaseEvent.AskCustomer => "Ask the customer",
        CaseEvent.CustomerAnswered => "The customer answered",
        CaseEvent.ResolveByCreditNote => "Resolve with a credit note",
        CaseEvent.ResolveAsValid => "Resolve: the invoice stands",
        CaseEvent.WriteOff => "Write it off",
        null => slug,
    };

    public static string Size(long bytes) => bytes < 1024 ? $"{bytes} bytes" : bytes < 1024 * 1024 ? $"{bytes / 1024} KB" : $"{bytes / (1024.0 * 1024):0.0} MB";
}
