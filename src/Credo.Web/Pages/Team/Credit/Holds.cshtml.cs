using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Web.Features.Credit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.Credit;

/// <summary>
/// The hold queue for credit staff, oldest hold first, a page at a time: held orders with reasons, ways out, age and
/// the service level (Credit:HoldSlaHours); release (with an override), reject, convert to prepayment. Filters by
/// reason, age (past the SLA, or a minimum age) and customer are kept across pages and actions.
/// </summary>
internal sealed class HoldsModel(HoldQueue queue, ReleaseHold release, DecideHold decide, IAuthorizationService authorization, Microsoft.Extensions.Options.IOptions<CreditOptions> options) : PageModel
{
    public static IReadOnlyList<string> ReasonCodes => HoldQueue.ReasonCodes;

    public IReadOnlyList<HeldOrderDto> Held { get; private set; } = [];

    /// <summary>Held orders matching the filters (on every page).</summary>
    public int TotalMatching { get; private set; }

    /// <summary>Every held order, whatever the filters.</summary>
    public int TotalHeld { get; private set; }

    public string? Next { get; private set; }

    public string? Error { get; private set; }

    public int SlaHours => options.Value.HoldSlaHours;

    /// <summary>Page: the cursor of the page before this one's first hold (empty: the first page).</summary>
    [BindProperty(SupportsGet = true, Name = "after")]
    public string? After { get; set; }

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

    /// <summary>An age as days and hours, e.g. "2 d 5 h" or "7 h".</summary>
    public static string Hours(int hours) => hours >= 24 ? $"{hours / 24} d {hours % 24} h" : $"{hours} h";

    /// <summary>The link to this queue with the filters kept, at the page after <paramref name="after"/> (null: the first page).</summary>
    public string Link(string? after) =>
        Url.Page("/Team/Credit/Holds", new { why = Blank(Why), age = Blank(Age), customer = Blank(Customer), after }) ?? "/team/credit/holds";

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanDecide = (await authorization.AuthorizeAsync(User, CreditFeature.LimitsPolicy)).Succeeded;
        var filter = new HoldFilter(Blank(Why), Blank(Customer), Age == "sla" ? true : null, int.TryParse(Age, out var days) ? days : null);
        var page = await queue.Page(filter, Blank(After), null, ct);
        if (!page.IsOk)
        {
            Error = page.Error!.Message;
            return;
        }

        Held = page.Value!.Items;
        TotalMatching = page.Value.Total;
        Next = page.Value.Next;
        TotalHeld = filter == new HoldFilter() ? TotalMatching : (await queue.Page(new HoldFilter(), null, 1, ct)).Value!.Total;
    }

    public Task<IActionResult> OnPostReleaseAsync(string orderReference, string? reason, bool overrideLimits, CancellationToken ct) =>
        Act(() => release.Handle(orderReference, reason, overrideLimits, ct), orderReference, overrideLimits ? "released with override" : "released");

    public Task<IActionResult> OnPostRejectAsync(string orderReference, string? reason, CancellationToken ct) =>
        Act(() => decide.Reject(orderReference, reason, ct), orderReference, "rejected");

    public Task<IActionResult> OnPostPrepaymentAsync(string orderReference, string? reason, CancellationToken ct) =>
        Act(() => decide.ConvertToPrepayment(orderReference, reason, ct), orderReference, "converted to prepayment");

    private async Task<IActionResult> Act(Func<Task<Result<ReservationDto>>> action, string orderReference, string done)
    {
        if (!(await authorization.AuthorizeAsync(User, CreditFeature.LimitsPolicy)).Succeeded)
        {
            return Forbid();
        }

        var result = await action();
        Failed = !result.IsOk;
        Message = result.IsOk ? $"Order {orderReference} {done}." : $"Order {orderReference}: {result.Error!.Message}";
        return RedirectToPage(new { why = Blank(Why), age = Blank(Age), customer = Blank(Customer), after = Blank(After) });
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
