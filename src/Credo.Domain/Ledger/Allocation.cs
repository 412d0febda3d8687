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
        var left = availableMinor;
        foreach (var debit in openDebits.Where(d => d.OpenMinor > 0).OrderBy(d => d.DueOn).ThenBy(d => d.IssuedOn).ThenBy(d => d.ItemId))
        {
            if (left == 0)
            {
                break;
            }

            var take = Math.Min(left, debit.OpenMinor);
            result.Add(new Application(debit.ItemId, take));
            left -= take;
        }

        return result;
    }
}
