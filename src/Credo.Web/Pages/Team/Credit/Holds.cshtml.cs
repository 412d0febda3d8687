using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Web.Features.Credit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.Credit;

/// <summary>
/// The hold queue for credit staff: held orders with reasons and ways out; release (with an override), reject,
/// convert to prepayment. Filters by reason, age and customer are kept across actions.
/// </summary>
internal sealed class HoldsModel(HoldQueue queue, IAuthorizationService authorization, TimeProvider clock) : PageModel
{
    /// <summary>A hold older than this many days is past the team's response target and is flagged.</summary>
    public const int SlaDays = 2;

    public static readonly IReadOnlyList<string> ReasonCodes =
    [
        HoldReason.LimitExceeded, HoldReason.Overdue, HoldReason.CustomerStatus, HoldReason.LimitExpired,
        HoldReason.ReviewOverdue, HoldReason.NoLimit, HoldReason.NoExchangeRate,
    ];

    public IReadOnlyList<HeldOrderDto> Held { get; private set; } = [];

    public int TotalHeld { get; private set; }

    public DateOnly Today { get; private set; }

    /// <summary>Filter: a reason code.</summary>
    [BindProperty(SupportsGet = true, Name = "why")]
    public string? Why { get; set; }

    /// <summary>Filter: "sla" (past the target) or a minimum age in days.</summary>
    [BindProperty(SupportsGet = true, Name = "age")]
    public string? Age { get; set; }

    /// <summary>Filter: part of the customer number.</summary>
    [BindProperty(SupportsGet = true, Name = "customer")]
    public string? Customer { get; set; }

    [TempData]
    public string? Message { get; set; }

    [TempData]
    public bool Failed { get; set; }

    public bool CanDecide { get; private set; }

    public int AgeDays(HeldOrderDto h) => Today.DayNumber - h.CheckedOn.DayNumber;

    public bool PastSla(HeldOrderDto h) => AgeDays(h) > SlaDays;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        CanDecide = (await authorization.AuthorizeAsync(User, CreditFeature.LimitsPolicy)).Succeeded;
        var all = await queue.List(ct);
        TotalHeld = all.Count;
        var minAge = Age == "sla" ? SlaDays + 1 : int.TryParse(Age, out var days) ? days : 0;
        Held = [.. all
            .Where(h => string.IsNullOrEmpty(Why) || h.Reasons.Any(r => r.Code == Why))
            .Where(h => AgeDays(h) >= minAge)
            .Where(h => string.IsNullOrWhiteSpace(Customer) || h.Customer.Contains(Customer.Trim(), StringComparison.OrdinalIgnoreCase))];
    }

    public Task<IActionResult> OnPostReleaseAsync(string orderReference, string? reason, bool overrideLimits, CancellationToken ct) =>
        Act(() => queue.Release(orderReference, reason, overrideLimits, ct), orderReference, overrideLimits ? "released with override" : "released");

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
        Failed = !result.IsOk;
        Message = result.IsOk ? $"Order {orderReference} {done}." : $"Order {orderReference}: {result.Error!.Message}";
        return RedirectToPage(new { why = Blank(Why), age = Blank(Age), customer = Blank(Customer) });
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
