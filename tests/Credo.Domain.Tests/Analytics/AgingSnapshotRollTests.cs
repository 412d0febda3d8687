using Credo.Domain.Analytics;

namespace Credo.Domain.Tests.Analytics;

/// <summary>
/// The rule month-end snapshots rest on (issue 13 §9): with no movement of its own, an item changes bucket between two
/// dates only when its basis date lies in a bucket crossing, so a snapshot rolled forward over those items (and the
/// touched ones) equals the aging made afresh on the later date.
/// </summary>
public sealed class AgingSnapshotRollTests
{
    [Theory]
    [InlineData("2026-11-30", "2026-11-30")]
    [InlineData("2026-12-01", "2026-11-30")]
    [InlineData("2026-12-07", "2026-11-30")]
    [InlineData("2026-02-28", "2026-02-28")]
    [InlineData("2024-02-28", "2024-01-31")]
    [InlineData("2024-02-29", "2024-02-29")]
    [InlineData("2026-01-15", "2025-12-31")]
    public void The_month_end_on_or_before_a_day(string day, string monthEnd) =>
        Assert.Equal(DateOnly.Parse(monthEnd, System.Globalization.CultureInfo.InvariantCulture), Aging.MonthEndOnOrBefore(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Crossings_are_the_basis_dates_between_each_floor_on_the_two_dates()
    {
        var crossings = Aging.BucketCrossings(new DateOnly(2026, 10, 31), new DateOnly(2026, 11, 6), new BucketSet("two", [0, 30]));
        Assert.Equal([(new DateOnly(2026, 10, 31), new DateOnly(2026, 11, 6)), (new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 7))], crossings);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_snapshot_rolled_forward_over_the_crossing_items_is_the_aging_made_afresh(int seed)
    {
        var random = new Random(seed);
        for (var run = 0; run < 200; run++)
        {
            var buckets = random.Next(2) == 0 ? BucketSet.Standard : new BucketSet("odd", [3, 7, 45]);
            var then = new DateOnly(2026, 1, 1).AddDays(random.Next(300));
            var now = then.AddDays(random.Next(0, 45));
            var items = Enumerable.Range(0, random.Next(1, 40)).Select(_ => Item(random, then)).ToList();
            var crossings = Aging.BucketCrossings(then, now, buckets);
            foreach (var basis in new[] { AgingBasis.Due, AgingBasis.Document })
            {
                List<AgedItem> crossing = [.. items.Where(i => crossings.Any(c => Basis(i, basis) >= c.From && Basis(i, basis) < c.Until))];
                var rolled = Aging.RollForward(Sums(then, basis, buckets, items), Sums(then, basis, buckets, crossing), Sums(now, basis, buckets, crossing));
                Assert.Equal(Flat(Sums(now, basis, buckets, items)), Flat(rolled));
            }
        }
    }

    private static DateOnly Basis(AgedItem item, AgingBasis basis) => basis switch
    {
        AgingBasis.Due => item.DueOn ?? item.PostedOn,
        AgingBasis.Document => item.PostedOn,
    };

    private static AgedItem Item(Random random, DateOnly then)
    {
        var posted = then.AddDays(-random.Next(0, 200));
        DateOnly? due = random.Next(5) == 0 ? null : posted.AddDays(random.Next(0, 60));
        var minor = random.Next(4) == 0 ? -random.Next(1, 10_000) : random.Next(1, 100_000);
        return new AgedItem(random.Next(1, 4).ToString(System.Globalization.CultureInfo.InvariantCulture), random.Next(3) == 0 ? "EUR" : "USD", minor, posted, due, random.Next(6) == 0);
    }

    /// <summary>The aging's rows as sums per customer, currency and cell.</summary>
    private static List<AgedSum> Sums(DateOnly on, AgingBasis basis, BucketSet buckets, IEnumerable<AgedItem> items) =>
    [
        .. Aging.Rows(on, basis, buckets, items).SelectMany(r => r.BucketsMinor.Select((m, i) => new AgedSum(long.Parse(r.Subject, System.Globalization.CultureInfo.InvariantCulture), r.Currency, AgedCell.Bucket, i, m))
            .Append(new AgedSum(long.Parse(r.Subject, System.Globalization.CultureInfo.InvariantCulture), r.Currency, AgedCell.Unapplied, 0, r.UnappliedMinor))
            .Append(new AgedSum(long.Parse(r.Subject, System.Globalization.CultureInfo.InvariantCulture), r.Currency, AgedCell.Disputed, 0, r.DisputedMinor)))
            .Where(s => s.Minor != 0),
    ];

    private static IEnumerable<string> Flat(IEnumerable<AgedSum> sums) =>
        sums.Select(s => $"{s.CustomerId}|{s.Currency}|{s.Cell}|{s.Bucket}|{s.Minor}").Order(StringComparer.Ordinal);
}
