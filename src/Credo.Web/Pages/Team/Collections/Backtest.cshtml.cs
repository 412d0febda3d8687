using Credo.Web.Features.Collections;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.Collections;

/// <summary>The dunning policy backtest: how many messages each recent version would have sent over a period, and to whom.</summary>
internal sealed class BacktestModel(BacktestDunning backtest) : PageModel
{
    public DunningBacktestDto? Result { get; private set; }

    public string? Problem { get; private set; }

    [BindProperty(SupportsGet = true, Name = "from")]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "through")]
    public string? Through { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var result = await backtest.Handle(Shared.MoneyText.ParseDate(From), Shared.MoneyText.ParseDate(Through), ct);
        Result = result.Value;
        Problem = result.Error?.Message;
    }
}
