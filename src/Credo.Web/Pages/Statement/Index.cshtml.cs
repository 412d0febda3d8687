using Credo.Web.Features.Collections;
using Credo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Credo.Web.Pages.Statement;

/// <summary>What a reminder's link opens: the reminder's invoices and what is open on them now, and who to contact.</summary>
[AllowAnonymous]
internal sealed class IndexModel(ReadStatementLink read, IOptions<SellerOptions> seller) : PageModel
{
    public StatementView? View { get; private set; }

    public SellerOptions Seller => seller.Value;

    public async Task OnGetAsync(string token, CancellationToken ct)
    {
        Response.Headers["Referrer-Policy"] = "no-referrer"; // the URL holds the secret
        View = await read.Handle(token, ct);
        if (View is null)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
        }
    }
}
