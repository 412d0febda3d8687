using Credo.Domain.Customers;
using Credo.Web.Data;
using Credo.Web.Features.Customers;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.Customers;

/// <summary>One customer: master data, corporate group hierarchy, and (from the ledger) balances and forms.</summary>
internal sealed class CustomerDetailsModel(CreditDb db, Groups groups) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Number { get; set; } = string.Empty;

    public Customer Customer { get; private set; } = null!;

    public Hierarchy? Hierarchy { get; private set; }

    public string TermsDescription => PaymentTerms.Parse(Customer.TermsCode).Value?.Description ?? Customer.TermsCode;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await Load(ct))
        {
            return NotFound();
        }

        return Page();
    }

    private async Task<bool> Load(CancellationToken ct)
    {
        var customer = await db.FindCustomer(Number, ct);
        if (customer is null)
        {
            return false;
        }

        Customer = customer;
        var hierarchy = await groups.ForCustomer(Number, ct);
        Hierarchy = hierarchy.Value;
        return true;
    }
}
