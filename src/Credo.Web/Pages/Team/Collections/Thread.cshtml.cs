using Credo.Web.Features.Replies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.Collections;

/// <summary>The conversation with a customer summarised (<see cref="SummarizeThread"/>), loaded into the collector's customer page by htmx.</summary>
internal sealed class ThreadModel(SummarizeThread summarize) : PageModel
{
    public ThreadSummaryDto? Summary { get; private set; }

    public async Task<IActionResult> OnGetAsync(string number, CancellationToken ct)
    {
        var result = await summarize.Handle(number, ct);
        if (!result.IsOk)
        {
            return NotFound();
        }

        Summary = result.Value;
        return Page();
    }
}
