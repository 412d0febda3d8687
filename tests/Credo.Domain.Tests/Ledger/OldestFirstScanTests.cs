using Credo.Domain.Ledger;

namespace Credo.Domain.Tests.Ledger;

/// <summary>
/// <see cref="Allocation.OldestFirst"/> finds the next oldest item by a scan and sorts only when a credit settles more
/// than a few (the import asks it once per row). It must give exactly what sorting every open item gives.
/// </summary>
public sealed class OldestFirstScanTests
{
    private static List<Application> Reference(long available, IEnumerable<OpenDebit> debits)
    {
        var result = new List<Application>();
        var left = available;
        foreach (var d in debits.Where(d => d.OpenMinor > 0).OrderBy(d => d.DueOn).ThenBy(d => d.IssuedOn).ThenBy(d => d.ItemId))
        {
            if (left == 0)
            {
                break;
            }

            var take = Math.Min(left, d.OpenMinor);
            result.Add(new Application(d.ItemId, take));
            left -= take;
        }

        return result;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void The_scan_gives_what_sorting_every_open_item_gives(int seed)
    {
        var random = new Random(seed);
        var start = new DateOnly(2026, 1, 1);
        for (var round = 0; round < 400; round++)
        {
            var count = random.Next(0, 40);
            var ids = Enumerable.Range(1, 1000).OrderBy(_ => random.Next()).Take(count).ToList();
            var debits = ids.Select(id => new OpenDebit(id, start.AddDays(random.Next(0, 8)), start.AddDays(random.Next(0, 4)), random.Next(0, 4) == 0 ? 0 : random.Next(1, 500))).ToList();
            var available = (long)random.Next(0, 6000);
            Assert.Equal(Reference(available, debits), Allocation.OldestFirst(available, debits));
        }
    }
}
