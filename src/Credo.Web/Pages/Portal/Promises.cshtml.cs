using Credo.Domain.Ledger;
using Credo.Domain.Portal;
using Credo.Web.Data;
using Credo.Web.Features.Collections;
using Credo.Web.Features.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Pages.Portal;

/// <summary>The buyer promises to pay chosen invoices by a date (reminders pause meanwhile) and sees their promises.</summary>
internal sealed class PortalPromisesModel(BuyerScope scope, CreditDb db, PromiseToPay promise, ListPromises promises) : PortalPage(scope)
{
    public IReadOnlyList<PortalPayModel.OpenInvoice> Open { get; private set; } = [];

    public IReadOnlyList<PromiseDto> Promises { get; private set; } = [];

    [BindProperty]
    public List<string> Invoices { get; set; } = [];

    [BindProperty]
    public DateOnly? PromisedOn { get; set; }

    [BindProperty]
    public string? Amount { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    [TempData]
    public string? Message { get; set; }

    public bool MayPromise => InvitationFlow.Allows(Customer.Role, BuyerRole.Pay);

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

        var amount = Shared.MoneyText.Parse(Amount);
        if (!string.IsNullOrWhiteSpace(Amount) && amount is null)
        {
            Errors["amount"] = "Write the amount as a number, such as 1200.00.";
        }
        else
        {
            var made = await promise.Handle(Customer, new BuyerPromise(PromisedOn, amount, Invoices, Note), ct);
            if (made.IsOk)
            {
                Message = $"Thank you: we have noted your promise to pay {PortalText.Money(made.Value!.Amount.Value, made.Value.Amount.Currency)} by {PortalText.Date(made.Value.PromisedOn)}. We send no reminder for these invoices meanwhile.";
                return Redirect(PortalText.For("/portal/promises", Customer.Number));
            }

            Errors[PortalForms.Field(made.Error!, "promisedOn", "amount", "invoices", "note")] = made.Error!.Message;
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        await Load(ct);
        return Page();
    }

    private async Task Load(CancellationToken ct)
    {
        var customerId = Customer.Id;
        Open = await db.Entries.AsNoTracking()
            .Where(e => e.CustomerId == customerId && e.Kind == EntryKind.Invoice && e.OpenMinor > 0 && !e.Disputed)
            .OrderBy(e => e.DueOn).ThenBy(e => e.Id).Take(200)
            .Select(e => new PortalPayModel.OpenInvoice(e.Id, e.Document ?? "", e.DueOn, e.OpenMinor, e.Currency)).ToListAsync(ct);
        Promises = await promises.Handle(Customer.Number, ct) ?? [];
    }
}
