using Credo.Web.Data;
using Credo.Web.Features.Portal;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.Portal;

/// <summary>
/// Buyers' questions from the portal, those waiting for an answer first, each with its thread and a reply box (the
/// buyer reads the answer in the portal and is emailed a link). Staff who may invite buyers may answer; every reader
/// sees the threads.
/// </summary>
internal sealed class QuestionsModel(CreditDb db, AnswerQuestion answers, IAuthorizationService authorization) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Customer { get; set; }

    public IReadOnlyList<QuestionThread> Threads { get; private set; } = [];

    public bool CanAnswer { get; private set; }

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        CanAnswer = (await authorization.AuthorizeAsync(User, PortalFeature.InvitePolicy)).Succeeded;
        long? customerId = null;
        if (!string.IsNullOrWhiteSpace(Customer))
        {
            customerId = await db.CustomerId(Customer.Trim(), ct);
            if (customerId is null)
            {
                return NotFound();
            }
        }

        Threads = await answers.Threads(customerId, null, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(long id, string? text, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, PortalFeature.InvitePolicy)).Succeeded)
        {
            return Forbid();
        }

        var answered = await answers.Answer(id, text, ct);
        if (!answered.IsOk && answered.Error is Credo.Domain.Common.NotFound)
        {
            return NotFound();
        }

        Message = answered.IsOk ? "Answer sent: the buyer reads it in the portal and was emailed a link." : answered.Error!.Message;
        return Redirect("/team/portal/questions" + (string.IsNullOrWhiteSpace(Customer) ? string.Empty : "?customer=" + Uri.EscapeDataString(Customer)) + "#q-" + id);
    }
}
