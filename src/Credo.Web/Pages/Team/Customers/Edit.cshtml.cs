using Credo.Domain.Customers;
using Credo.Web.Data;
using Credo.Web.Features.Customers;
using Credo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Pages.Team.Customers;

/// <summary>Fields of the customer form, as typed.</summary>
internal sealed class CustomerFields
{
    public string? Number { get; set; }

    public string? LegalName { get; set; }

    public string? TradingName { get; set; }

    public string? TaxId { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? Website { get; set; }

    public string? Currency { get; set; } = "USD";

    public string? Terms { get; set; } = "NET30";

    public CustomerStatus Status { get; set; } = CustomerStatus.Active;

    public string? GroupCode { get; set; }

    public AddressDto Billing { get; set; } = new(null, null, null, null, null, null);

    public AddressDto Shipping { get; set; } = new(null, null, null, null, null, null);

    public List<ContactDto> Contacts { get; set; } = [];

    public List<string> Segments { get; set; } = [];

    public string? Notes { get; set; }

    public int? Version { get; set; }

    public static CustomerFields From(Customer c) => new()
    {
        Number = c.Number,
        LegalName = c.LegalName,
        TradingName = c.TradingName,
        TaxId = c.TaxId,
        Email = c.Email,
        Phone = c.Phone,
        Website = c.Website,
        Currency = c.Currency,
        Terms = c.TermsCode,
        Status = c.Status,
        GroupCode = c.Group?.Code,
        Billing = AddressDto.From(c.BillingAddress),
        Shipping = AddressDto.From(c.ShippingAddress),
        Contacts = [.. c.Contacts.Select(x => new ContactDto(x.Name, x.Role, x.Email, x.Phone))],
        Segments = [.. c.Segments.Where(s => s.Segment is not null).Select(s => $"{s.Segment!.Dimension}:{s.Segment.Code}")],
        Notes = c.Notes,
        Version = c.Version,
    };

    public CustomerRequest ToRequest() => new(
        Number,
        LegalName,
        TradingName,
        TaxId,
        Email,
        Phone,
        Website,
        Currency,
        Terms,
        Status,
        GroupCode,
        Billing,
        Shipping,
        [.. Contacts.Where(c => !string.IsNullOrWhiteSpace(c.Name) || !string.IsNullOrWhiteSpace(c.Email) || !string.IsNullOrWhiteSpace(c.Phone))],
        [.. Segments.Select(s => s.Split(':', 2)).Where(p => p.Length == 2).Select(p => new SegmentRef(p[0], p[1]))],
        Notes,
        Version);
}

/// <summary>The customer master-data form (SaveCustomer), for a new customer or an existing one.</summary>
[Authorize(Policy = AccessPolicies.Customers)]
internal abstract class CustomerEditorModel(CreditDb db, SaveCustomer save) : PageModel
{
    public const int ContactRows = 3;

    /// <summary>Null for a new customer.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Number { get; set; }

    [BindProperty]
    public CustomerFields Fields { get; set; } = new();

    public bool IsNew => Number is null;

    public FormErrors Errors { get; } = new();

    public IReadOnlyList<(string Code, string Name)> GroupOptions { get; private set; } = [];

    public IReadOnlyList<(string Value, string Name)> SegmentOptions { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!IsNew)
        {
            var customer = await db.FindCustomer(Number!, ct);
            if (customer is null)
            {
                return NotFound();
            }

            Fields = CustomerFields.From(customer);
        }

        await LoadOptions(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var request = Fields.ToRequest();
        var result = IsNew ? await save.Create(request, ct) : await save.Update(Number!, request with { Number = null }, ct);
        if (result.IsOk)
        {
            TempData["Flash"] = IsNew ? $"Customer {result.Value!.Number} created." : "Customer saved.";
            return Redirect("/team/customers/" + Uri.EscapeDataString(result.Value!.Number));
        }

        if (result.Error is Credo.Domain.Common.NotFound)
        {
            return NotFound();
        }

        Errors.Add(result.Error!, Inputs);
        await LoadOptions(ct);
        return Page();
    }

    private static readonly Dictionary<string, string> Inputs = new()
    {
        ["number"] = "number", ["legalname"] = "legalName", ["tradingname"] = "tradingName", ["taxid"] = "taxId", ["email"] = "email",
        ["phone"] = "phone", ["website"] = "website", ["currency"] = "currency", ["terms"] = "terms", ["status"] = "status",
        ["groupcode"] = "groupCode", ["billingaddress"] = "billing", ["shippingaddress"] = "shipping", ["contacts"] = "contacts",
        ["segments"] = "segments", ["notes"] = "notes",
    };

    private async Task LoadOptions(CancellationToken ct)
    {
        GroupOptions = [.. (await db.Groups.AsNoTracking().OrderBy(g => g.Name).Select(g => new { g.Code, g.Name }).ToListAsync(ct)).Select(g => (g.Code, g.Name))];
        SegmentOptions = [.. (await db.Segments.AsNoTracking().OrderBy(s => s.Dimension).ThenBy(s => s.Name).Select(s => new { s.Dimension, s.Code, s.Name }).ToListAsync(ct))
            .Select(s => ($"{s.Dimension}:{s.Code}", $"{s.Dimension}: {s.Name}"))];
        while (Fields.Contacts.Count < ContactRows)
        {
            Fields.Contacts.Add(new ContactDto(string.Empty, null, null, null));
        }
    }
}

/// <summary>/team/customers/new</summary>
internal sealed class NewCustomerModel(CreditDb db, SaveCustomer save) : CustomerEditorModel(db, save);

/// <summary>/team/customers/{number}/edit</summary>
internal sealed class EditCustomerModel(CreditDb db, SaveCustomer save) : CustomerEditorModel(db, save);
