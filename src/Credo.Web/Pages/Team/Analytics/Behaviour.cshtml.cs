using Credo.Web.Features.Analytics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.Analytics;

/// <summary>A customer's payment behaviour panel (<see cref="GetPaymentBehaviour"/>), loaded into the customer page by htmx.</summary>
internal sealed class BehaviourModel(GetPaymentBehaviour behaviour) : PageModel
{
    public PaymentBehaviourDto? Behaviour { get; private set; }

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct)
    {
        var result = await behaviour.Handle(number, null, ct);
        if (!result.IsOk)
        {
            return NotFound();
        }

        Behaviour = result.Value;
        return Page();
    }
}
