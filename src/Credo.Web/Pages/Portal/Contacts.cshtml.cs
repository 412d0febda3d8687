using Credo.Domain.Portal;
using Credo.Web.Data;
using Credo.Web.Features.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Pages.Portal;

/// <summary>The buyer keeps the list of people who receive invoices, statements and reminders.</summary>
internal sealed class PortalContactsModel(BuyerScope scope, CreditDb db, UpdateBillingContacts update) : PortalPage(scope)
{
    /// <summary>Empty rows offered after the saved contacts, to add people.</summary>
    public const int SpareRows = 2;

    [BindProperty]
    public List<BillingContact> Contacts { get; set; } = [];

    public Dictionary<string, string> Errors { get; } = new(StringComparer.Ordinal);

    [TempData]
    public string? Message { get; set; }

    public bool MayChange => InvitationFlow.Allows(Customer.Role, BuyerRole.Pay);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await Resolve(ct))
        {
            return Missing();
        }

        var customerId = Customer.Id;
        var saved = await db.Customers.AsNoTracking().Where(c => c.Id == customerId).Select(c => c.Contacts).SingleAsync(ct);
        Contacts = [.. saved.Where(UpdateBillingContacts.IsBilling).Select(c => new BillingContact(c.Name, c.Email, c.Phone)), .. Enumerable.Repeat(new BillingContact(null, null, null), SpareRows)];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!await Resolve(ct))
        {
            return Missing();
        }

        var saved = await update.Handle(Customer, Contacts, ct);
        if (saved.IsOk)
        {
            Message = saved.Value!.Count == 0 ? "Saved: you have no billing contact now." : $"Saved: {string.Join(", ", saved.Value.Select(c => c.Name))}.";
            return Redirect(PortalText.For("/portal/contacts", Customer.Number));
        }

        Errors[saved.Error!.Field ?? "form"] = saved.Error.Message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }
}
