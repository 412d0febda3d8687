using Credo.Domain.Analytics;
using Credo.Domain.Common;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Features.Ledger;
using Credo.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Analytics;

/// <summary>One week's band in major units: the segment ("all" for the portfolio), the currency, P10/P50/P90 and the mean.</summary>
internal sealed record ForecastWeekDto(string Segment, string Currency, int Week, DateOnly From, DateOnly To, decimal P10, decimal P50, decimal P90, decimal Mean);

internal sealed record ForecastDayDto(DateOnly On, string Currency, decimal Expected);

/// <summary>
/// The forecast: <see cref="Weeks"/> per segment and currency (segment "all": the portfolio), the same in the reporting
/// currency (currency = <see cref="ReportingCurrency"/>, segment "all", unless <see cref="ReportingProblem"/> names a
/// missing rate), expected receipts per day per native currency, and the model or baseline the pay days came from.
/// </summary>
internal sealed record ForecastReport(
    DateOnly AsOf, int WeekCount, string ReportingCurrency, IReadOnlyList<ForecastWeekDto> Weeks, IReadOnlyList<ForecastWeekDto> Reporting, string? ReportingProblem,
    IReadOnlyList<ForecastDayDto> Days, string Source, string? Fallback);

/// <summary>
/// The 13-week collection forecast (issue 13 §6): the open invoices' predicted pay days (<see cref="GetPredictions"/>) as
/// receipts, simulated by <see cref="CollectionForecast"/> per currency, per segment, and converted to the reporting
/// currency at the as-of date's rates. What may never be paid is taken off: each invoice is left out of a simulation
/// with its age bucket's IFRS 9 loss rate (see docs/metrics.md).
/// </summary>
internal sealed class GetForecast(CreditDb db, GetPredictions predictions, GetProvisions provisions, IOptions<AnalyticsOptions> options)
{
    public const int MaxWeeks = 52;

    public async Task<Result<ForecastReport>> Handle(DateOnly? asOf, int? weeks, CancellationToken ct)
    {
        var count = weeks ?? 13;
        if (count is < 1 or > MaxWeeks)
        {
            return new ValidationFailed("weeks", $"Forecast 1 to {MaxWeeks} weeks.");
        }

        var report = await predictions.Handle(asOf, null, ct);
        var on = report.AsOf;
        var seed = options.Value.PredictionSeed;
        var neverPaid = await NeverPaid(on, ct);
        var receipts = report.Invoices
            .Select(p => new ExpectedReceipt(p.Currency, p.Segment, p.OpenMinor, p.PayDateLow, p.ExpectedPayDate, p.PayDateHigh, neverPaid(p)))
            .ToList();
        var (all, days) = CollectionForecast.Forecast(on, count, receipts, seed);
        var rows = all.Select(w => Dto("all", w)).ToList();
        foreach (var segment in receipts.Select(r => r.Segment).Distinct().Order(StringComparer.Ordinal))
        {
            rows.AddRange(CollectionForecast.Forecast(on, count, [.. receipts.Where(r => r.Segment == segment)], seed).Weeks.Select(w => Dto(segment, w)));
        }

        var reporting = options.Value.Reporting;
        var rates = await db.Rates(receipts.Select(r => r.Currency).Append(reporting.Code), ct);
        var missing = receipts.Select(r => r.Currency).Distinct().Where(c => c != reporting.Code && rates.RateOn(c, reporting.Code, on) is null).Order(StringComparer.Ordinal).ToList();
        IReadOnlyList<ForecastWeekDto> converted = [];
        string? problem = null;
        if (missing.Count > 0)
        {
            problem = string.Join("; ", missing.Select(c => $"No rate from {c} to {reporting.Code} on {on:yyyy-MM-dd}")) + ".";
        }
        else
        {
            var inReporting = receipts.Select(r => r with { Currency = reporting.Code, AmountMinor = rates.Convert(new Money(r.AmountMinor, Currency.Of(r.Currency)), reporting, on).Value.Minor }).ToList();
            converted = [.. CollectionForecast.Forecast(on, count, inReporting, seed).Weeks.Select(w => Dto("all", w))];
        }

        return new ForecastReport(
            on, count, reporting.Code, rows, converted, problem,
            [.. days.Select(d => new ForecastDayDto(d.On, d.Currency, Documents.Major(d.MeanMinor, d.Currency)))], report.Source, report.Fallback);
    }

    /// <summary>
    /// The probability an open invoice is never paid: its age bucket's IFRS 9 loss rate in its segment and currency at
    /// the last month end on or before the as-of date (<see cref="GetProvisions"/>), 0 where there is none.
    /// </summary>
    private async Task<Func<InvoicePrediction, double>> NeverPaid(DateOnly on, CancellationToken ct)
    {
        var schedule = await provisions.Handle(on, null, ct);
        var rates = schedule.IsOk
            ? schedule.Value!.Segments.ToDictionary(g => (g.Segment, g.Currency), g => g.Lines.Select(l => (double)l.LossRate).ToArray())
            : new Dictionary<(string Segment, string Currency), double[]>();
        return p => rates.TryGetValue((p.Segment, p.Currency), out var byBucket)
            ? byBucket[BucketSet.Standard.IndexOf(Aging.AgeDays(on, AgingBasis.Due, p.DueOn, p.DueOn))]
            : 0;
    }

    private static ForecastWeekDto Dto(string segment, ForecastWeek w) =>
        new(segment, w.Currency, w.Week, w.From, w.From.AddDays(6), Documents.Major(w.P10Minor, w.Currency), Documents.Major(w.P50Minor, w.Currency),
            Documents.Major(w.P90Minor, w.Currency), Documents.Major(w.MeanMinor, w.Currency));

    public static async Task<IResult> Endpoint(DateOnly? asOf, int? weeks, GetForecast use, CancellationToken ct)
    {
        var result = await use.Handle(asOf, weeks, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}
