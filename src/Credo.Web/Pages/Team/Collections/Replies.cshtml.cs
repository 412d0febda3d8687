using System.Globalization;
using Credo.Domain.Collections;
using Credo.Domain.Collections.Replies;
using Credo.Domain.Common;
using Credo.Web.Features.Collections;
using Credo.Web.Features.Replies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.Collections;

/// <summary>The reply inbox: customers' replies with what the rules read and why; a collector confirms (making the promise or the case) or discards.</summary>
internal sealed class RepliesModel(ListReplies list, DecideReply decide, IAuthorizationService authorization, AssistModel model, Microsoft.Extensions.Options.IOptions<AssistOptions> options) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    public IReadOnlyList<ReplyDto> List { get; private set; } = [];

    public bool CanWork { get; private set; }

    public bool ModelOn => model.IsOn;

    /// <summary>The automatic-apply setting in words.</summary>
    public string AutoApplyWords => options.Value.AutoApplyAtPercent is { } at
        ? $"Replies the rules read at least {at}% sure are applied without a person, recorded as done by Credo's assistant: a promise to pay is recorded, a dispute opens a case, " +
          $"an out-of-office answer with a return date holds the next reminder until then. \u201cIt is paid\u201d and \u201cwrong contact\u201d hold reminders for {ReplyAutoApply.CheckDays} days and still wait for you to check. The rest wait for you."
        : "Every reply waits for you: applying replies without a person is off.";

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public bool Failed { get; set; }

    public static IReadOnlyList<(string Slug, string Text)> Reasons { get; } = DisputeCaseFlow.Reasons.Select(r => (DisputeCaseFlow.Slug(r), DisputeCaseFlow.Describe(r))).ToList();

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanWork = (await authorization.AuthorizeAsync(User, CollectionsFeature.WorkPolicy)).Succeeded;
        List = await list.Handle(Status, null, ct);
    }

    public Task<IActionResult> OnPostConfirmAsync(long id, string? label, string? on, string? amount, string? invoices, string? reason, CancellationToken ct) =>
        Act(async () =>
        {
            DateOnly? date = null;
            if (!string.IsNullOrWhiteSpace(on))
            {
                if (!DateOnly.TryParseExact(on.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                {
                    return "The date is written like 2026-12-31.";
                }

                date = d;
            }

            decimal? value = null;
            if (!string.IsNullOrWhiteSpace(amount))
            {
                if (!decimal.TryParse(amount.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var v))
                {
                    return "The amount is a number like 1250.50.";
                }

                value = v;
            }

            var numbers = invoices?.Split([',', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return Done(await decide.Confirm(id, new ConfirmReplyRequest(label, date, value, numbers, string.IsNullOrWhiteSpace(reason) ? null : reason), ct));
        });

    public Task<IActionResult> OnPostDiscardAsync(long id, CancellationToken ct) => Act(async () => Done(await decide.Discard(id, ct)));

    private async Task<IActionResult> Act(Func<Task<string?>> action)
    {
        if (!(await authorization.AuthorizeAsync(User, CollectionsFeature.WorkPolicy)).Succeeded)
        {
            return Forbid();
        }

        var error = await action();
        Failed = error is not null;
        Message ??= error;
        return RedirectToPage(new { Status });
    }

    private string? Done(Result<ReplyDto> result)
    {
        if (result.IsOk)
        {
            Message = result.Value!.Outcome;
            return null;
        }

        return result.Error!.Message;
    }
}
