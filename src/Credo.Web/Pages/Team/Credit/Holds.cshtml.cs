using Credo.Domain.Common;
using Credo.Web.Features.Credit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.Credit;

/// <summary>The hold queue for credit staff: held orders with reasons and ways out; release, reject, prepayment.</summary>
internal sealed class HoldsModel(HoldQueue queue, IAuthorizationService authorization) : PageModel
{
    public IReadOnlyList<HeldOrderDto> Held { get; private set; } = [];

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Held = await queue.List(ct);

    public Task<IActionResult> OnPostReleaseAsync(string orderReference, string? reason, bool overrideLimits, CancellationToken ct) =>
        Act(() => queue.Release(orderReference, reason, overrideLimits, ct), orderReference, "released");

    public Task<IActionResult> OnPostRejectAsync(string orderReference, string? reason, CancellationToken ct) =>
        Act(() => queue.Reject(orderReference, reason, ct), orderReference, "rejected");

    public Task<IActionResult> OnPostPrepaymentAsync(string orderReference, string? reason, CancellationToken ct) =>
        Act(() => queue.ConvertToPrepayment(orderReference, reason, ct), orderReference, "converted to prepayment");

    private async Task<IActionResult> Act(Func<Task<Result<ReservationDto>>> action, string orderReference, string done)
    {
        if (!(await authorization.AuthorizeAsync(User, CreditFeature.LimitsPolicy)).Succeeded)
        {
            return Forbid();
        }

        var result = await action();
        Message = result.IsOk ? $"Order {orderReference} {done}." : $"Order {orderReference}: {result.Error!.Message}";
        return RedirectToPage();
    }
}
