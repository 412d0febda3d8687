namespace Credo.Domain.Ledger;

/// <summary>An invoice that can receive cash: its id, due date and open amount (minor units, &gt; 0).</summary>
public readonly record struct OpenDebit(long ItemId, DateOnly DueOn, DateOnly IssuedOn, long OpenMinor);

/// <summary>A share of a credit applied to one invoice.</summary>
public readonly record struct Application(long ItemId, long AmountMinor);

public static class Allocation
{
    /// <summary>
    /// Applies <paramref name="availableMinor"/> to invoices oldest first (by due date, then issue date, then id).
    /// What does not fit stays unapplied, on account.
    /// </summary>
    public static IReadOnlyList<Application> OldestFirst(long availableMinor, IEnumerable<OpenDebit> openDebits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(availableMinor);
        var result = new List<Application>();
        var open = new List<OpenDebit>();
        foreach (var debit in openDebits)
        {
            if (debit.OpenMinor > 0)
            {
                open.Add(debit);
            }
        }

        // A credit usually settles one or two of a customer's many open items, and the import asks this once per
        // row: the next oldest is found by a scan, and only a credit that settles more than a few sorts the rest.
        // Same order and amounts as sorting them all (ids are unique, so the order is total).
        var left = availableMinor;
        var sorted = false;
        var next = 0;
        while (left > 0 && next < open.Count)
        {
            if (!sorted && result.Count == ScansBeforeSorting)
            {
                open.Sort(next, open.Count - next, Oldest.Instance);
                sorted = true;
            }

            if (!sorted)
            {
                var oldest = next;
                for (var i = next + 1; i < open.Count; i++)
                {
                    if (Oldest.Instance.Compare(open[i], open[oldest]) < 0)
                    {
                        oldest = i;
                    }
                }

                (open[next], open[oldest]) = (open[oldest], open[next]);
            }

            var take = Math.Min(left, open[next].OpenMinor);
            result.Add(new Application(open[next].ItemId, take));
            left -= take;
            next++;
        }

        return result;
    }

    private const int ScansBeforeSorting = 4;

    /// <summary>Oldest first: by due date, then issue date, then id.</summary>
    private sealed class Oldest : IComparer<OpenDebit>
    {
        public static readonly Oldest Instance = new();

        public int Compare(OpenDebit x, OpenDebit y)
        {
            var byDue = x.DueOn.CompareTo(y.DueOn);
            if (byDue != 0)
            {
                return byDue;
            }

            var byIssue = x.IssuedOn.CompareTo(y.IssuedOn);
            return byIssue != 0 ? byIssue : x.ItemId.CompareTo(y.ItemId);
        }
    }
}
