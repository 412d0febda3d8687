using Credo.Domain.Analytics;
using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Ledger;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Analytics;

/// <summary>Month-end metrics for every month end from <see cref="From"/> to <see cref="To"/>, by customer, group, segment or portfolio.</summary>
internal sealed record MetricsQuery(DateOnly From, DateOnly To, string? By = null);

/// <summary>A subject's month-end metrics, in the reporting currency.</summary>
internal sealed record SubjectMetrics(string Subject, string Name, string Currency, IReadOnlyList<MonthMetrics> Months);

internal sealed record MetricsReport(DateOnly From, DateOnly To, AgingBy By, IReadOnlyList<SubjectMetrics> Subjects);

/// <summary>
/// Month-end history: for each month end, what was owed then (<see cref="AsOfLedger"/>, from the dated facts) and the
/// month's net credit sales, per subject and currency, converted to the reporting currency at that month end's rate
/// (a missing rate refuses, naming the pair and date), then <see cref="MetricsHistory"/>. The 24 months before the first
/// month end feed the countback.
/// </summary>
internal sealed class GetMetrics(ReadDb read, IOptions<AnalyticsOptions> options)
{
    private readonly CreditDb db = read.Db; // issue 17 §5: a read-only report, served by the read replica when there is one (ADR 0022)

    public const int MaxMonths = 120;

    public const int CountbackMonths = 24;

    public async Task<Result<MetricsReport>> Handle(MetricsQuery request, CancellationToken ct)
    {
        if (!AgingSubjects.TryParse(request.By, out var by))
        {
            return new ValidationFailed("by", "Report by customer, group, segment or portfolio.");
        }

        var reported = MetricsHistory.MonthEnds(request.From, request.To).Where(e => e <= request.To).ToList();
        if (request.From > request.To || reported.Count == 0)
        {
            return new ValidationFailed("from", "The period must contain at least one month end: from on or before to, and to on or after a month's last day.");
        }

        if (reported.Count > MaxMonths)
        {
            return new ValidationFailed("to", $"At most {MaxMonths} month ends at once.");
        }

        var all = MetricsHistory.MonthEnds(reported[0].AddMonths(-CountbackMonths), reported[^1]);
        var firstReported = all.Count - reported.Count;
        var (entries, allocations) = await db.DatedLedger(reported[^1], ct);
        var subjects = await AgingSubjects.Load(db, by, ct);
        var figures = NativeFigures(all, firstReported, entries, allocations, subjects);
        var reporting = options.Value.Reporting;
        var rates = await db.Rates(figures.Keys.Select(k => k.Currency).Append(reporting.Code), ct);
        var converted = new Dictionary<string, MonthFigures[]>(StringComparer.Ordinal);
        foreach (var ((subject, currency), months) in figures)
        {
            var target = converted.TryGetValue(subject, out var existing) ? existing : converted[subject] = [.. all.Select(e => Zero(e, reporting))];
            for (var i = 0; i < all.Count; i++)
            {
                var sum = Add(target[i], months[i], rates, reporting);
                if (!sum.IsOk)
                {
                    return sum.Error!;
                }

                target[i] = sum.Value!;
            }
        }

        return new MetricsReport(request.From, request.To, by, [
            .. converted.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c =>
                new SubjectMetrics(c.Key, subjects.Names.GetValueOrDefault(c.Key, c.Key), reporting.Code, MetricsHistory.Of(c.Value, firstReported))),
        ]);
    }

    private static MonthFigures Zero(DateOnly end, Currency currency) => new(end, Money.Zero(currency), Money.Zero(currency), Money.Zero(currency));

    private static Result<MonthFigures> Add(MonthFigures sum, MonthFigures native, RateTable rates, Currency to)
    {
        var parts = new[] { native.Receivables, native.Current, native.Sales }.Select(m => Reporting.Convert(m, rates, to, native.MonthEnd)).ToList();
        if (parts.FirstOrDefault(p => !p.IsOk) is { Error: { } error })
        {
            return error;
        }

        return new MonthFigures(sum.MonthEnd, sum.Receivables + parts[0].Value, sum.Current + parts[1].Value, sum.Sales + parts[2].Value);
    }

    /// <summary>Per subject and native currency, each month's figures (receivables only from the month before the first reported).</summary>
    private static Dictionary<(string Subject, string Currency), MonthFigures[]> NativeFigures(
        IReadOnlyList<DateOnly> ends, int firstReported, List<DatedEntry> entries, List<DatedAllocation> allocations, AgingSubjects subjects)
    {
        var result = new Dictionary<(string, string), MonthFigures[]>();
        MonthFigures[] Row(string subject, string currency)
        {
            if (!result.TryGetValue((subject, currency), out var row))
            {
                var c = Currency.Of(currency);
                result[(subject, currency)] = row = [.. ends.Select(e => Zero(e, c))];
            }

            return row;
        }

        var kinds = entries.ToDictionary(e => e.Id, e => e.Kind);
        foreach (var e in entries.Where(e => IsSale(e, kinds)))
        {
            var month = MonthIndex(ends, e.PostedOn);
            if (month < 0)
            {
                continue;
            }

            foreach (var subject in subjects.For(e.CustomerId))
            {
                var row = Row(subject, e.Currency);
                row[month] = row[month] with { Sales = row[month].Sales + new Money(e.AmountMinor, Currency.Of(e.Currency)) };
            }
        }

        for (var i = Math.Max(0, firstReported - 1); i < ends.Count; i++)
        {
            foreach (var o in AsOfLedger.OpenOn(ends[i], entries, allocations).Where(o => o.OpenMinor > 0))
            {
                var owed = new Money(o.OpenMinor, Currency.Of(o.Item.Currency));
                var current = Aging.AgeDays(ends[i], AgingBasis.Due, o.Item.PostedOn, o.Item.DueOn) <= 0;
                foreach (var subject in subjects.For(o.Item.CustomerId))
                {
                    var row = Row(subject, o.Item.Currency);
                    row[i] = row[i] with { Receivables = row[i].Receivables + owed, Current = current ? row[i].Current + owed : row[i].Current };
                }
            }
        }

        return result;
    }

    /// <summary>Net credit sales: invoices and credit notes, and the reversals of either.</summary>
    private static bool IsSale(DatedEntry e, Dictionary<long, EntryKind> kinds) => e.Kind switch
    {
        EntryKind.Invoice or EntryKind.CreditNote => e.AppliesToId is null,
        EntryKind.Reversal => e.AppliesToId is { } target && kinds.GetValueOrDefault(target) is EntryKind.Invoice or EntryKind.CreditNote,
        EntryKind.Payment or EntryKind.Adjustment or EntryKind.WriteOff => false,
    };

    private static int MonthIndex(IReadOnlyList<DateOnly> ends, DateOnly on)
    {
        var start = new DateOnly(ends[0].Year, ends[0].Month, 1);
        var index = ((on.Year - start.Year) * 12) + on.Month - start.Month;
        return on < start || index >= ends.Count ? -1 : index;
    }

    public static async Task<IResult> Endpoint(DateOnly? from, DateOnly? to, string? by, GetMetrics use, CreditDb db, CancellationToken ct)
    {
        var end = to ?? new DateOnly(db.Today().Year, db.Today().Month, 1).AddDays(-1);
        var result = await use.Handle(new MetricsQuery(from ?? end.AddMonths(-23), end, by), ct);
        return result.IsOk ? TypedResults.Ok(MetricsCsv.ToDto(result.Value!)) : result.Error!.ToProblem();
    }
}
