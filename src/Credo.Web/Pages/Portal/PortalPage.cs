using Credo.Web.Features.Portal;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Portal;

/// <summary>
/// A portal page about one customer: the customer comes from <see cref="BuyerScope"/> (the <c>c</c> query names one
/// of the buyer's, never anyone else's: a number outside the scope is answered 404, like one that does not exist).
/// </summary>
internal abstract class PortalPage(BuyerScope scope) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "c")]
    public string? CustomerNumber { get; set; }

    public ScopedCustomer Customer { get; private set; } = null!;

    protected BuyerScope Scope { get; } = scope;

    /// <summary>Resolves the page's customer in scope, or null when it is not the buyer's.</summary>
    protected async Task<bool> Resolve(CancellationToken ct)
    {
        if (await Scope.Customer(CustomerNumber, ct) is not { } customer)
        {
            return false;
        }

        Customer = customer;
        ViewData["Customer"] = customer;
        return true;
    }

    protected async Task<bool> ResolveEntry(long entryId, CancellationToken ct)
    {
        if (await Scope.CustomerOfEntry(entryId, ct) is not { } customer)
        {
            return false;
        }

        Customer = customer;
        ViewData["Customer"] = customer;
        return true;
    }

    protected async Task<bool> ResolvePaymentRequest(long requestId, CancellationToken ct)
    {
        if (await Scope.CustomerOfPaymentRequest(requestId, ct) is not { } customer)
        {
            return false;
        }

        Customer = customer;
        ViewData["Customer"] = customer;
        return true;
    }

    protected IActionResult Missing() => NotFound();
}
