using System.Globalization;
using Credo.Domain.Common;

namespace Credo.Domain.Analytics;

/// <summary>Which date an item's age counts from.</summary>
public enum AgingBasis
{
    /// <summary>Days past the due date (an item without one is due on its posting date): "current" is not yet due.</summary>
    Due,

    /// <summary>Days since the document date.</summary>
    Document,
}

/// <summary>
/// A named set of aging buckets as data: the upper bounds in days, ascending. Bounds [0, 30, 60] give the buckets
/// "Current" (age ≤ 0), "1–30", "31–60" and "Over 60"; the last bucket is open-ended.
/// </summary>
public sealed record BucketSet(string Name, IReadOnlyList<int> UpperBounds)
{
    public const int MaxBuckets = 12;

    /// <summary>Current, 1–30, 31–60, 61–90, 91–120, over 120.</summary>
    public static BucketSet Standard { get; } = new("standard", [0, 30, 60, 90, 120]);

    public int Count => UpperBounds.Count + 1;

    /// <summary>The bucket labels in order, in words.</summary>
    public IReadOnlyList<string> Labels =>
    [
        .. UpperBounds.Select((upper, i) => i == 0
            ? (upper == 0 ? "Current" : $"0–{upper}")
            : $"{UpperBounds[i - 1] + 1}–{upper}"),
        $"Over {UpperBounds[^1].ToString(CultureInfo.InvariantCulture)}",
    ];

    /// <summary>The index of the bucket an item of <paramref name="ageDays"/> falls in.</summary>
    public int IndexOf(int ageDays)
    {
        for (var i = 0; i < UpperBounds.Count; i++)
        {
            if (ageDays <= UpperBounds[i])
            {
                return i;
            }
        }

        return UpperBounds.Count;
    }

    /// <summary>A user's bucket set, checked: a name, 1 to 11 bounds, the first ≥ 0, strictly ascending.</summary>
    public static Result<BucketSet> Create(string? name, IReadOnlyList<int>? upperBounds)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Trim().Length > 64)
        {
            return new ValidationFailed("name", "Give the bucket set a name of 1 to 64 characters.");
        }

        if (upperBounds is null || upperBounds.Count is < 1 or >= MaxBuckets)
        {
            return new ValidationFailed("upperBounds", $"Give 1 to {MaxBuckets - 1} upper bounds in days.");
        }

        if (upperBounds[0] < 0)
        {
            return new ValidationFailed("upperBounds", "The first bound is 0 days (current) or more.");
        }

        for (var i = 1; i < upperBounds.Count; i++)
        {
            if (upperBounds[i] <= upperBounds[i - 1])
            {
                return new ValidationFailed("upperBounds", $"The bounds must go up: {upperBounds[i]} follows {upperBounds[i - 1]}.");
            }
        }

        return new BucketSet(name.Trim(), [.. upperBounds]);
    }
}

/// <summary>Which cell of an aging row a sum belongs to.</summary>
public enum AgedCell
{
    /// <summary>Owed and not disputed: in the bucket given beside it.</summary>
    Bucket,

    /// <summary>Unapplied cash and unallocated credits (negative).</summary>
    Unapplied,

    /// <summary>Owed and disputed.</summary>
    Disputed,
}

/// <summary>One customer's open amounts in one currency and cell, summed.</summary>
public readonly record struct AgedSum(long CustomerId, string Currency, AgedCell Cell, int Bucket, long Minor);

/// <summary>One open item as aging sees it: whom it counts for, its currency and open amount on the as-of date.</summary>
public readonly record struct AgedItem(string Subject, string Currency, long OpenMinor, DateOnly PostedOn, DateOnly? DueOn, bool Disputed);

/// <summary>
/// One row of an aging: a subject (customer, group, segment, portfolio) in one currency. Open debits that are not
/// disputed fall in <see cref="BucketsMinor"/>; disputed debits are apart in <see cref="DisputedMinor"/>; unapplied
/// cash and unallocated credits are <see cref="UnappliedMinor"/> (≤ 0). <see cref="TotalMinor"/> is their sum: the
/// balance the statement shows on that date.
/// </summary>
public sealed record AgingRow(string Subject, string Currency, IReadOnlyList<long> BucketsMinor, long UnappliedMinor, long DisputedMinor)
{
    public long TotalMinor => checked(BucketsMinor.Sum() + UnappliedMinor + DisputedMinor);

    /// <summary>The part past due (every bucket after the first when the first is "current").</summary>
    public long OverdueMinor(BucketSet buckets) => buckets.UpperBounds[0] == 0 ? BucketsMinor.Skip(1).Sum() : BucketsMinor.Sum();
}

public static class Aging
{
    /// <summary>Age in days of an item on <paramref name="asOf"/> on the chosen basis.</summary>
    public static int AgeDays(DateOnly asOf, AgingBasis basis, DateOnly postedOn, DateOnly? dueOn) => basis switch
    {
        AgingBasis.Due => asOf.DayNumber - (dueOn ?? postedOn).DayNumber,
        AgingBasis.Document => asOf.DayNumber - postedOn.DayNumber,
    };

    /// <summary>Rows per subject and currency, ordered by subject then currency.</summary>
    public static IReadOnlyList<AgingRow> Rows(DateOnly asOf, AgingBasis basis, BucketSet buckets, IEnumerable<AgedItem> items) =>
    [
        .. items.GroupBy(i => (i.Subject, i.Currency))
            .OrderBy(g => g.Key.Subject, StringComparer.Ordinal).ThenBy(g => g.Key.Currency, StringComparer.Ordinal)
            .Select(g => Row(asOf, basis, buckets, g.Key.Subject, g.Key.Currency, g)),
    ];

    /// <summary>
    /// The same rows from sums already made per customer, currency and cell (by a database, say): each sum counts for
    /// every subject of its customer. Equal to <see cref="Rows"/> over the items those sums were made of.
    /// </summary>
    public static IReadOnlyList<AgingRow> RowsFromSums(BucketSet buckets, IEnumerable<AgedSum> sums, Func<long, IReadOnlyList<string>> subjectsOf)
    {
        var rows = new Dictionary<(string Subject, string Currency), (long[] Buckets, long Unapplied, long Disputed)>();
        foreach (var sum in sums)
        {
            foreach (var subject in subjectsOf(sum.CustomerId))
            {
                var key = (subject, sum.Currency);
                (long[] Buckets, long Unapplied, long Disputed) row = rows.TryGetValue(key, out var found) ? found : (new long[buckets.Count], 0L, 0L);
                row = sum.Cell switch
                {
                    AgedCell.Unapplied => row with { Unapplied = checked(row.Unapplied + sum.Minor) },
                    AgedCell.Disputed => row with { Disputed = checked(row.Disputed + sum.Minor) },
                    AgedCell.Bucket => Add(row, sum.Bucket, sum.Minor),
                };
                rows[key] = row;
            }
        }

        return
        [
            .. rows.OrderBy(r => r.Key.Subject, StringComparer.Ordinal).ThenBy(r => r.Key.Currency, StringComparer.Ordinal)
                .Select(r => new AgingRow(r.Key.Subject, r.Key.Currency, r.Value.Buckets, r.Value.Unapplied, r.Value.Disputed)),
        ];
    }

    /// <summary>
    /// The lower bound of each bucket's date (the first is the as-of date itself for an upper bound of 0): an item
    /// falls in the first bucket whose bound its basis date is on or after, and in the last when none. What a database
    /// compares dates with, so that it buckets exactly as <see cref="BucketSet.IndexOf"/> does.
    /// </summary>
    public static IReadOnlyList<DateOnly> BucketFloors(DateOnly asOf, BucketSet buckets) => [.. buckets.UpperBounds.Select(upper => asOf.AddDays(-upper))];

    /// <summary>The month end on or before <paramref name="on"/>: <paramref name="on"/> itself when it is a month's last day.</summary>
    public static DateOnly MonthEndOnOrBefore(DateOnly on) =>
        on.AddDays(1).Day == 1 ? on : new DateOnly(on.Year, on.Month, 1).AddDays(-1);

    /// <summary>
    /// The basis dates whose items may change bucket between two as-of dates with no movement of their own: for each
    /// bucket floor, [floor on <paramref name="from"/>, floor on <paramref name="to"/>). An item whose basis date lies
    /// outside every range is in the same bucket on both dates (a bucket compares the basis date with its floor).
    /// </summary>
    public static IReadOnlyList<(DateOnly From, DateOnly Until)> BucketCrossings(DateOnly from, DateOnly to, BucketSet buckets) =>
        [.. BucketFloors(from, buckets).Zip(BucketFloors(to, buckets), (a, b) => (a, b))];

    /// <summary>
    /// Aging sums rolled forward from a snapshot: the snapshot's sums, less what the items touched since contributed on
    /// the snapshot's date, plus what the same items contribute on the later date (<paramref name="touchedThen"/> and
    /// <paramref name="touchedNow"/> are the same items' sums on the two dates). Every other item contributes the same
    /// on both dates, so the result equals the sums made afresh on the later date. Zero sums are left out.
    /// </summary>
    public static IReadOnlyList<AgedSum> RollForward(IEnumerable<AgedSum> snapshot, IEnumerable<AgedSum> touchedThen, IEnumerable<AgedSum> touchedNow)
    {
        var sums = new Dictionary<(long, string, AgedCell, int), long>();
        void Add(IEnumerable<AgedSum> part, int sign)
        {
            foreach (var s in part)
            {
                var key = (s.CustomerId, s.Currency, s.Cell, s.Bucket);
                sums[key] = checked(sums.GetValueOrDefault(key) + (sign * s.Minor));
            }
        }

        Add(snapshot, 1);
        Add(touchedThen, -1);
        Add(touchedNow, 1);
        return [.. sums.Where(s => s.Value != 0).Select(s => new AgedSum(s.Key.Item1, s.Key.Item2, s.Key.Item3, s.Key.Item4, s.Value))];
    }

    private static (long[] Buckets, long Unapplied, long Disputed) Add((long[] Buckets, long Unapplied, long Disputed) row, int bucket, long minor)
    {
        row.Buckets[bucket] = checked(row.Buckets[bucket] + minor);
        return row;
    }

    private static AgingRow Row(DateOnly asOf, AgingBasis basis, BucketSet buckets, string subject, string currency, IEnumerable<AgedItem> items)
    {
        var sums = new long[buckets.Count];
        long unapplied = 0, disputed = 0;
        foreach (var item in items)
        {
            if (item.OpenMinor < 0)
            {
                unapplied = checked(unapplied + item.OpenMinor);
            }
            else if (item.Disputed)
            {
                disputed = checked(disputed + item.OpenMinor);
            }
            else
            {
                var index = buckets.IndexOf(AgeDays(asOf, basis, item.PostedOn, item.DueOn));
                sums[index] = checked(sums[index] + item.OpenMinor);
            }
        }

        return new AgingRow(subject, currency, sums, unapplied, disputed);
    }
}
