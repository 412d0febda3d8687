using Credo.Web.Features.Collections;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.Collections;

/// <summary>The collector's worklist: their queue ranked by the score, with the reasons for each rank.</summary>
internal sealed class IndexModel(Worklist worklist) : PageModel
{
    public WorklistDto List { get; private set; } = null!;

    [BindProperty(SupportsGet = true, Name = "queue")]
    public string? Queue { get; set; }

    public bool CanChooseQueue { get; private set; }

    /// <summary>How many rows the page shows (the first 100, then 100 more per "Show more"): a queue of 10,000 stays one quick page.</summary>
    [BindProperty(SupportsGet = true, Name = "show")]
    public int? Show { get; set; }

    public const int PageRows = 100;

    public int Shown => Math.Clamp(Show ?? PageRows, PageRows, Math.Max(PageRows, List.Rows.Count));

    public async Task OnGetAsync(CancellationToken ct)
    {
        var queue = Worklist.QueueFor(User, Queue ?? (User.IsInRole(Infrastructure.Roles.Collector) ? "mine" : "all"));
        CanChooseQueue = queue != "mine" || !User.IsInRole(Infrastructure.Roles.Collector);
        List = await worklist.Handle(queue, Worklist.Me(User), ct);
    }

    public string QueueName => List.Queue switch
    {
        "mine" => "My queue",
        "all" => "Every customer",
        "unassigned" => "Unassigned customers",
        var email => "Queue of " + email,
    };
}
