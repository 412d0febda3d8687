using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Features.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Pages.Portal;

/// <summary>The buyer asks the collector a question (about an invoice or the account) and reads the answers.</summary>
internal sealed class PortalQuestionsModel(BuyerScope scope, CreditDb db, AskQuestion ask, AnswerQuestion answers) : PortalPage(scope)
{
    public IReadOnlyList<string> Invoices { get; private set; } = [];

    public IReadOnlyList<QuestionThread> Threads { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? Invoice { get; set; }

    [BindProperty]
    public string? Text { get; set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    [TempData]
    public string? Message { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await Resolve(ct))
        {
            return Missing();
        }

        await Load(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await Resolve(ct))
        {
            return Missing();
        }

        var asked = await ask.Handle(Customer, Scope.BuyerId!.Value, new BuyerQuestion(Invoice, Text), ct);
        if (asked.IsOk)
        {
            Message = "Thank you: your question is with us. We answer here, and email you when we do.";
            return Redirect(PortalText.For("/portal/questions", Customer.Number));
        }

        Errors[PortalForms.Field(asked.Error!, "invoice", "text")] = asked.Error!.Message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await Load(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostFollowUpAsync(long id, CancellationToken ct)
    {
        if (!await Resolve(ct))
        {
            return Missing();
        }

        var written = await answers.FollowUp(Customer, id, Text, ct);
        if (!written.IsOk && written.Error is Credo.Domain.Common.NotFound)
        {
            return Missing();
        }

        Message = written.IsOk ? "Your message was added." : written.Error!.Message;
        return Redirect(PortalText.For("/portal/questions", Customer.Number) + "#q-" + id);
    }

    private async Task Load(CancellationToken ct)
    {
        var customerId = Customer.Id;
        Invoices = await db.Entries.AsNoTracking().Where(e => e.CustomerId == customerId && e.Kind == EntryKind.Invoice && e.Document != null)
            .OrderByDescending(e => e.PostedOn).ThenByDescending(e => e.Id).Take(200).Select(e => e.Document!).ToListAsync(ct);
        Threads = await answers.Threads(customerId, null, ct);
    }
}
