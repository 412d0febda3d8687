using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Portal;

/// <summary>
/// Any other address under /portal (a mistyped link, a document id that is not a number): the portal's own 404 page for
/// a signed-in buyer, the portal sign-in for anyone else (never the staff sign-in the app-wide fallback would show).
/// </summary>
internal sealed class PortalMissingModel : PageModel
{
    public IActionResult OnGet() => NotFound();
}
