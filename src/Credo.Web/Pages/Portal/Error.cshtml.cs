using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Portal;

/// <summary>The page a buyer sees instead of a bare status (re-executed by UsePortalErrorPages, keeping the status).</summary>
[AllowAnonymous]
[Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryToken]
internal sealed class PortalErrorModel : PageModel
{
    public string Title { get; private set; } = "Something went wrong";

    public string Text { get; private set; } = "Please try again in a moment.";

    public void OnGet(int code) => Show(code);

    public void OnPost(int code) => Show(code);

    private void Show(int code) => (Title, Text) = code switch
    {
        404 => ("Not found", "There is nothing at this address in your account. The link may be old, or it may belong to another account."),
        403 => ("Not allowed", "Your account does not allow this. Ask the person who manages your company's users."),
        400 => ("Something in the request was not right", "Go back, check what you entered and try again."),
        _ => ("Something went wrong", "Please try again in a moment. If it keeps happening, contact us."),
    };
}
