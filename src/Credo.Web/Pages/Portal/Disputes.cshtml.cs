using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Features.Collections;
using Credo.Web.Features.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Pages.Portal;

/// <summary>
/// The buyer disputes an invoice (why, how much, a message, a file) and follows its cases: a case the collectors see,
/// opened as this buyer (the audit names the buyer), on a customer of the buyer's <see cref="BuyerScope"/> only.
/// </summary>
internal sealed class PortalDisputesModel(BuyerScope scope, CreditDb db, OpenCase openCase, ListCases cases, AddCaseNote notes) : PortalPage(scope)
{
    [BindProperty(SupportsGet = true)]
    public string? Invoice { get; set; }

    public IReadOnlyList<LedgerEntry> Open { get; private set; } = [];

    public IReadOnlyList<CaseDto> Cases { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public bool Failed { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await Resolve(ct))
        {
            return Missing();
        }

        await Load(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? reason, string? amount, string? message, IFormFile? attachment, CancellationToken ct)
    {
        if (!await Resolve(ct))
        {
            return Missing();
        }

        var request = new OpenCaseRequest(Invoice, reason, Shared.MoneyText.Parse(amount), message);
        var result = await openCase.Handle(request, CaseOrigin.Portal(Customer.Id), await CaseUpload.Read(attachment, ct), ct);
        Failed = !result.IsOk;
        Message = result.IsOk
            ? $"Thank you: invoice {result.Value!.Invoice} is disputed (case {result.Value.Id}). We will answer by {PortalText.Date(result.Value.DueOn)}; no reminder is sent for the disputed amount meanwhile."
            : Team.Collections.CaseText.Problem(result.Error!);
        return Redirect(PortalText.For("/portal/disputes", Customer.Number));
    }

    public async Task<IActionResult> OnPostNoteAsync(long caseId, string? text, IFormFile? attachment, CancellationToken ct)
    {
        if (!await Resolve(ct))
        {
            return Missing();
        }

        var result = await notes.Handle(caseId, new CaseNoteRequest(text), await CaseUpload.Read(attachment, ct), Customer.Id, ct);
        Failed = !result.IsOk;
        Message = result.IsOk ? "Your message was added to the case." : Team.Collections.CaseText.Problem(result.Error!);
        return Redirect(PortalText.For("/portal/disputes", Customer.Number));
    }

    private async Task Load(CancellationToken ct)
    {
        var customerId = Customer.Id;
        Open = await db.Entries.AsNoTracking()
            .Where(e => e.CustomerId == customerId && e.Kind == EntryKind.Invoice && e.OpenMinor > 0 && !e.Disputed)
            .OrderBy(e => e.DueOn).ThenBy(e => e.Id).Take(500).ToListAsync(ct);
        var listed = await cases.ForBuyer(customerId, ct);
        Cases = [.. await Task.WhenAll(listed.Select(async c => (await cases.One(c.Id, true, ct))!))];
    }
}
