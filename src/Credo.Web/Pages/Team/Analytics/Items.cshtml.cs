using Credo.Web.Features.Analytics;
using Credo.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.Analytics;

/// <summary>The items behind one cell of the aging (<see cref="GetAgingItems"/>), with links to each customer.</summary>
internal sealed class AgingItemsModel(GetAgingItems items, Data.CreditDb db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? AsOf { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? By { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Basis { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Buckets { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Segment { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Group { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Currency { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Subject { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Bucket { get; set; }

    public AgingItemsDto? Cell { get; private set; }

    public string? Problem { get; private set; }

    /// <summary>The cell in words: "61–90 days past due", "Unapplied cash and credits"…</summary>
    public string BucketWords { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken ct)
    {
        var asOf = MoneyText.ParseDate(AsOf);
        var query = new AgingCellQuery(new AgingQuery(asOf, By, Basis, Buckets, Segment, Group, Currency), Subject, Bucket);
        var result = await items.Handle(query, ct);
        if (!result.IsOk)
        {
            Problem = result.Error!.Message;
            return;
        }

        Cell = result.Value;
        var sets = await SaveBucketSet.Find(db, Buckets, ct);
        BucketWords = Cell!.Bucket switch
        {
            "total" => "All open items",
            "unapplied" => "Unapplied cash and credits",
            "disputed" => "Disputed",
            var n when sets.IsOk && int.TryParse(n, out var i) && i < sets.Value!.Count => sets.Value.Labels[i] + (Basis == "document" ? " days since the document date" : i == 0 ? "" : " days past due"),
            var other => other,
        };
    }
}
