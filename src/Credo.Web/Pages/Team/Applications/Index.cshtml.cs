using Credo.Domain.Applications;
using Credo.Web.Data;
using Credo.Web.Features.Applications;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.Applications;

/// <summary>The application queue: open applications oldest first by default, filtered by status, kind, age and assignee, with counts per status.</summary>
internal sealed class IndexModel(FindApplications find) : PageModel
{
    public ApplicationList List { get; private set; } = new([], new Dictionary<ApplicationStatus, int>());

    [BindProperty(SupportsGet = true, Name = "status")]
    public ApplicationStatus? Status { get; set; }

    [BindProperty(SupportsGet = true, Name = "kind")]
    public ApplicationKind? Kind { get; set; }

    /// <summary>Minimum age in days.</summary>
    [BindProperty(SupportsGet = true, Name = "age")]
    public int? Age { get; set; }

    /// <summary>An assignee, "-" for unassigned.</summary>
    [BindProperty(SupportsGet = true, Name = "assignee")]
    public string? Assignee { get; set; }

    /// <summary>Everything, including drafts and decided applications (default: open ones only).</summary>
    [BindProperty(SupportsGet = true, Name = "all")]
    public bool All { get; set; }

    public async Task OnGetAsync(CancellationToken ct) =>
        List = await find.List(new ApplicationFilter(Status, Kind, string.IsNullOrWhiteSpace(Assignee) ? null : Assignee.Trim(), Age, Open: !All), ct);

    public int Count(ApplicationStatus status) => List.CountsByStatus.TryGetValue(status, out var n) ? n : 0;
}
