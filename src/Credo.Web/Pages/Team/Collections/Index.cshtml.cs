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
