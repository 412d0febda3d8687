using Credo.Domain.Amounts;
using Credo.Domain.Analytics;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Features.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Analytics;

/// <summary>How well the stored forecasts did at one horizon (weeks ahead), per currency: mean accuracy and share in band.</summary>
internal sealed record HorizonAccuracy(int WeeksAhead, string Currency, int Weeks, double MeanAccuracy, double InBand);

/// <summary>One stored week beside what came in.</summary>
internal sealed record ForecastVersusActual(DateOnly MadeOn, int Week, DateOnly From, string Currency, decimal P10, decimal P50, decimal P90, decimal Actual, double Accuracy, bool InBand);

internal sealed record ForecastAccuracyReport(DateOnly AsOf, IReadOnlyList<HorizonAccuracy> Horizons, IReadOnlyList<ForecastVersusActual> Weeks);

/// <summary>
/// Forecast vs actual (issue 13 §6). <see cref="Record"/> stores the portfolio forecast made on a day (native currencies,
/// 13 weeks) once: the unique (day, currency, week) index makes a second call, or a second instance, store nothing.
/// <see cref="Handle"/> compares every stored week that is over with the receipts posted in it (payments, less their
/// reversals) and summarises accuracy at 1, 4 and 13 weeks ahead (<see cref="CollectionForecast.Accuracy"/>).
/// </summary>
internal sealed class ForecastAccuracy(CreditDb db, GetForecast forecast)
{
    public static readonly int[] Horizons = [1, 4, 13];

    /// <summary>Stores today's (or <paramref name="asOf"/>'s) forecast unless one was stored for that day; the weeks stored.</summary>
    public async Task<int> Record(DateOnly? asOf, CancellationToken ct)
    {
        var on = asOf ?? db.Today();
        if (await db.ForecastWeeks.AnyAsync(f => f.MadeOn == on, ct))
        {
            return 0;
        }

        var report = await forecast.Handle(on, 13, ct);
        var rows = report.Value!.Weeks.Where(w => w.Segment == "all").Select(w => new ForecastWeekEntry
        {
            MadeOn = on, Currency = w.Currency, Week = w.Week, From = w.From,
            P10Minor = Minor(w.P10, w.Currency), P50Minor = Minor(w.P50, w.Currency), P90Minor = Minor(w.P90, w.Currency),
        }).ToList();
        db.ForecastWeeks.AddRange(rows);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (!await db.ForecastWeeks.AnyAsync(f => f.MadeOn == on, ct))
            {
                throw;
            }

            return 0; // another instance stored this day's forecast first
        }

        return rows.Count;
    }

    private static long Minor(decimal major, string currency) => Domain.Amounts.Money.FromMajor(major, Domain.Amounts.Currency.Of(currency)).Value.Minor;

    public async Task<ForecastAccuracyReport> Handle(DateOnly? asOf, CancellationToken ct)
    {
        var on = asOf ?? db.Today();
        var stored = await db.ForecastWeeks.AsNoTracking().Where(f => f.From.AddDays(6) < on).ToListAsync(ct);
        if (stored.Count == 0)
        {
            return new ForecastAccuracyReport(on, [], []);
        }

        var first = stored.Min(f => f.From);
        var payments = await db.Entries.AsNoTracking()
            .Where(e => (e.Kind == EntryKind.Payment || e.Kind == EntryKind.Reversal) && e.AppliesToId == null && e.PostedOn >= first && e.PostedOn < on)
            .Select(e => new { e.Kind, e.Currency, e.PostedOn, e.AmountMinor }).ToListAsync(ct);
        var reversedPayments = payments.Where(p => p.Kind == EntryKind.Reversal && p.AmountMinor > 0).ToList(); // a reversed payment is a debit
        long Received(string currency, DateOnly from) =>
            -payments.Where(p => p.Kind == EntryKind.Payment && p.Currency == currency && p.PostedOn >= from && p.PostedOn <= from.AddDays(6)).Sum(p => p.AmountMinor)
            - reversedPayments.Where(p => p.Currency == currency && p.PostedOn >= from && p.PostedOn <= from.AddDays(6)).Sum(p => p.AmountMinor);
        var weeks = stored.OrderBy(f => f.MadeOn).ThenBy(f => f.Currency, StringComparer.Ordinal).ThenBy(f => f.Week).Select(f =>
        {
            var actual = Received(f.Currency, f.From);
            var (accuracy, inBand) = CollectionForecast.Accuracy(actual, f.P10Minor, f.P50Minor, f.P90Minor);
            return new ForecastVersusActual(
                f.MadeOn, f.Week, f.From, f.Currency, Documents.Major(f.P10Minor, f.Currency), Documents.Major(f.P50Minor, f.Currency), Documents.Major(f.P90Minor, f.Currency),
                Documents.Major(actual, f.Currency), Math.Round(accuracy, 4), inBand);
        }).ToList();
        var horizons = weeks.Where(w => Horizons.Contains(w.Week)).GroupBy(w => (w.Week, w.Currency))
            .OrderBy(g => g.Key.Week).ThenBy(g => g.Key.Currency, StringComparer.Ordinal)
            .Select(g => new HorizonAccuracy(g.Key.Week, g.Key.Currency, g.Count(), Math.Round(g.Average(w => w.Accuracy), 4), Math.Round(g.Average(w => w.InBand ? 1.0 : 0.0), 4)))
            .ToList();
        return new ForecastAccuracyReport(on, horizons, weeks);
    }

    public static async Task<IResult> Endpoint(DateOnly? asOf, ForecastAccuracy use, CancellationToken ct) => TypedResults.Ok(await use.Handle(asOf, ct));

    public static async Task<IResult> RecordEndpoint(DateOnly? asOf, ForecastAccuracy use, CancellationToken ct) => TypedResults.Ok(new { stored = await use.Record(asOf, ct) });
}
