using System.Text.Json;
using Credo.Web.Features.Analytics;
using Credo.Web.Pages.Shared;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Pages.Team.Analytics;

/// <summary>
/// Team → Analytics → Cash outlook: the 13-week collection forecast with its P10–P90 band (chart and table), the
/// late-payment model card, the open invoices most likely to be paid late, and the IFRS 9 provision schedule. All from
/// the same use cases as the API (<see cref="GetForecast"/>, <see cref="GetPredictions"/>, <see cref="GetProvisions"/>).
/// </summary>
internal sealed class OutlookModel(GetForecast forecast, GetPredictions predictions, GetProvisions provisions, ForecastAccuracy accuracy, Credo.Web.Data.CreditDb db) : PageModel
{
    public const int MostLikelyLate = 15;

    [BindProperty(SupportsGet = true)]
    public string? AsOf { get; set; }

    public string? Problem { get; private set; }

    public ForecastReport? Forecast { get; private set; }

    public PredictionsReport? Predictions { get; private set; }

    public ModelCardDto? Card { get; private set; }

    public ProvisionsReport? Provisions { get; private set; }

    /// <summary>The provision schedule's segment codes → the names people know them by.</summary>
    public IReadOnlyDictionary<string, string> SegmentNames { get; private set; } = new Dictionary<string, string>();

    /// <summary>A segment of the schedule in words: its name, or "No channel" for customers outside every segment.</summary>
    public string SegmentName(string code, string dimension) =>
        code == "none" ? $"No {dimension}" : SegmentNames.TryGetValue(code, out var name) ? name : code;

    public string ForecastJson { get; private set; } = "{}";

    public ForecastAccuracyReport? Accuracy { get; private set; }

    public string AccuracyJson { get; private set; } = "{}";

    /// <summary>The portfolio's weeks in the reporting currency, or (a rate missing) in the first native currency.</summary>
    public IReadOnlyList<ForecastWeekDto> Weeks { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var asOf = MoneyText.ParseDate(AsOf);
        if (!string.IsNullOrWhiteSpace(AsOf) && asOf is null)
        {
            Problem = "Give the date as year-month-day, for example 2026-06-30.";
            return;
        }

        var f = await forecast.Handle(asOf, 13, ct);
        Forecast = f.Value;
        Predictions = await predictions.Handle(asOf, null, ct);
        if (await TrainPredictions.Current(db, ct) is { } current)
        {
            Card = TrainPredictions.ToDto(current.Entry, current.Model.Card);
        }

        Accuracy = await accuracy.Handle(asOf, ct);
        AccuracyJson = JsonSerializer.Serialize(new
        {
            labels = Accuracy.Horizons.Select(h => $"{h.WeeksAhead} week{(h.WeeksAhead == 1 ? "" : "s")} ahead ({h.Currency})"),
            accuracy = Accuracy.Horizons.Select(h => Math.Round(h.MeanAccuracy * 100, 1)),
            inBand = Accuracy.Horizons.Select(h => Math.Round(h.InBand * 100, 1)),
        });
        var p = await provisions.Handle(asOf, null, ct);
        Provisions = p.Value;
        if (Provisions is { } pv)
        {
            SegmentNames = await db.Segments.Where(x => x.Dimension == pv.Dimension).ToDictionaryAsync(x => x.Code, x => x.Name, StringComparer.Ordinal, ct);
        }
        if (Forecast is { } report)
        {
            var first = report.Weeks.Count > 0 ? report.Weeks[0].Currency : null;
            Weeks = report.Reporting.Count > 0 ? report.Reporting : [.. report.Weeks.Where(w => w.Segment == "all" && w.Currency == first)];
            ForecastJson = JsonSerializer.Serialize(new
            {
                currency = Weeks.Count > 0 ? Weeks[0].Currency : null,
                weeks = Weeks.Select(w => w.From.ToString("d MMM", System.Globalization.CultureInfo.InvariantCulture)),
                p10 = Weeks.Select(w => w.P10),
                p50 = Weeks.Select(w => w.P50),
                p90 = Weeks.Select(w => w.P90),
            });
        }
    }
}
