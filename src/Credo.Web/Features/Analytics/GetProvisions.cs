using Credo.Domain.Analytics;
using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Features.Ledger;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Analytics;

internal sealed record ProvisionLineDto(string Bucket, decimal Balance, decimal LossRate, decimal Provision);

/// <summary>
/// A segment's schedule in one currency at the month end, its total, last month end's total and the change; and what was
/// written off in the window: when nothing was, every loss rate is 0 (the oldest bucket never rolled to write-off) and
/// the page says so.
/// </summary>
internal sealed record ProvisionGroupDto(
    string Segment, string Currency, IReadOnlyList<decimal> RollRates, decimal Adjustment, IReadOnlyList<ProvisionLineDto> Lines, decimal Total, decimal PreviousTotal, decimal Change, decimal WrittenOffInWindow);

internal sealed record ProvisionsReport(DateOnly MonthEnd, DateOnly PreviousMonthEnd, int WindowMonths, string Dimension, IReadOnlyList<ProvisionGroupDto> Segments);

/// <summary>
/// IFRS 9 simplified approach (issue 13 §7): for each segment (the codes of <c>Analytics:PredictionSegmentDimension</c>)
/// and currency, the month-end aging by due date in the standard buckets over the window (what was open at each month
/// end, <see cref="AsOfLedger"/>; disputed amounts age with the rest) and the write-offs of each month give the roll
/// rates and loss rates (<see cref="ProvisionMatrix"/>), adjusted by <c>Analytics:ForwardLooking:&lt;segment&gt;</c>;
/// the provision is Σ balance × rate at the month end, beside the previous month end's.
/// </summary>
internal sealed class GetProvisions(ReadDb read, IOptions<AnalyticsOptions> options)
{
    private readonly CreditDb db = read.Db; // issue 17 §5: a read-only report, served by the read replica when there is one (ADR 0022)

    public async Task<Result<ProvisionsReport>> Handle(DateOnly? asOf, int? windowMonths, CancellationToken ct)
    {
        var window = windowMonths ?? 12;
        if (window is < 1 or > 60)
        {
            return new ValidationFailed("window", "The window is 1 to 60 months.");
        }

        var day = asOf ?? db.Today();
        var lastOfMonth = new DateOnly(day.Year, day.Month, DateTime.DaysInMonth(day.Year, day.Month));
        var monthEnd = day == lastOfMonth ? day : new DateOnly(day.Year, day.Month, 1).AddDays(-1); // the month end on or before the day
        var ends = Enumerable.Range(0, window + 2).Select(m => MonthEndBefore(monthEnd, window + 1 - m)).ToList(); // one extra: the previous month's window
        var (entries, allocations) = await db.DatedLedger(monthEnd, ct);
        var dimension = options.Value.PredictionSegmentDimension;
        var segmentOf = (await db.CustomerSegments.AsNoTracking().Where(l => l.Segment!.Dimension == dimension).Select(l => new { l.CustomerId, l.Segment!.Code }).ToListAsync(ct))
            .GroupBy(l => l.CustomerId).ToDictionary(g => g.Key, g => g.Min(l => l.Code)!);
        string Segment(long customerId) => segmentOf.GetValueOrDefault(customerId, "none");
        var buckets = BucketSet.Standard;
        var aging = new Dictionary<(string Segment, string Currency), MonthEndAging[]>();
        for (var m = 0; m < ends.Count; m++)
        {
            var from = m == 0 ? DateOnly.MinValue : ends[m - 1];
            var items = AsOfLedger.OpenOn(ends[m], entries, allocations).Where(o => o.OpenMinor > 0)
                .Select(o => new AgedItem(Segment(o.Item.CustomerId), o.Item.Currency, o.OpenMinor, o.Item.PostedOn, o.Item.DueOn, false));
            var writtenOff = ProvisionMatrix.WrittenOff(entries, from, ends[m], e => (Segment(e.CustomerId), e.Currency));
            foreach (var row in Aging.Rows(ends[m], AgingBasis.Due, buckets, items))
            {
                Slot(aging, (row.Subject, row.Currency), ends)[m] = new MonthEndAging(ends[m], row.BucketsMinor, 0);
            }

            foreach (var (key, minor) in writtenOff)
            {
                var slots = Slot(aging, key, ends);
                slots[m] = slots[m] with { WrittenOffMinor = minor };
            }
        }

        var groups = aging.Where(a => a.Value[^1].BucketsMinor.Any(b => b != 0) || a.Value[^2].BucketsMinor.Any(b => b != 0))
            .OrderBy(a => a.Key.Segment, StringComparer.Ordinal).ThenBy(a => a.Key.Currency, StringComparer.Ordinal)
            .Select(a => Group(a.Key.Segment, a.Key.Currency, a.Value, buckets, options.Value.ForwardLooking.GetValueOrDefault(a.Key.Segment)))
            .ToList();
        return new ProvisionsReport(monthEnd, ends[^2], window, dimension, groups);
    }

    private static DateOnly MonthEndBefore(DateOnly monthEnd, int months)
    {
        var first = new DateOnly(monthEnd.Year, monthEnd.Month, 1).AddMonths(-months);
        return first.AddMonths(1).AddDays(-1);
    }

    private static MonthEndAging[] Slot(Dictionary<(string, string), MonthEndAging[]> aging, (string, string) key, List<DateOnly> ends) =>
        aging.TryGetValue(key, out var slots) ? slots : aging[key] = [.. ends.Select(e => new MonthEndAging(e, new long[BucketSet.Standard.Count], 0))];

    private static ProvisionGroupDto Group(string segment, string currency, MonthEndAging[] months, BucketSet buckets, decimal adjustment)
    {
        var now = ProvisionMatrix.RollRates(months[1..]);
        var before = ProvisionMatrix.RollRates(months[..^1]);
        var lines = ProvisionMatrix.Schedule(buckets.Labels, months[^1].BucketsMinor, ProvisionMatrix.LossRates(now, adjustment));
        var previous = ProvisionMatrix.Schedule(buckets.Labels, months[^2].BucketsMinor, ProvisionMatrix.LossRates(before, adjustment));
        var total = lines.Sum(l => l.ProvisionMinor);
        var previousTotal = previous.Sum(l => l.ProvisionMinor);
        return new ProvisionGroupDto(
            segment, currency, now, adjustment,
            [.. lines.Select(l => new ProvisionLineDto(l.Bucket, Documents.Major(l.BalanceMinor, currency), l.LossRate, Documents.Major(l.ProvisionMinor, currency)))],
            Documents.Major(total, currency), Documents.Major(previousTotal, currency), Documents.Major(total - previousTotal, currency),
            Documents.Major(months[2..].Sum(m => m.WrittenOffMinor), currency));
    }

    public static async Task<IResult> Endpoint(DateOnly? asOf, int? window, GetProvisions use, CancellationToken ct)
    {
        var result = await use.Handle(asOf, window, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}
