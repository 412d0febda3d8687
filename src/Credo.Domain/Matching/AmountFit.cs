using Credo.Domain.Amounts;
namespace Credo.Domain.Matching;

/// <summary>How a line's amount fits a set of invoices, in order of how much it says.</summary>
public enum FitKind
{
    /// <summary>The line pays exactly what is open.</summary>
    Exact,

    /// <summary>Exactly what is open less the cash discount of invoices paid within their discount period.</summary>
    Discount,

    /// <summary>Short by no more than the tolerance (bank charges, rounding): the difference stays open.</summary>
    WithinTolerance,

    /// <summary>More than is open: the invoices are paid and the rest stays on account.</summary>
    Over,

    /// <summary>Less than is open: paid oldest-first as far as the money goes.</summary>
    Partial,
}

/// <summary>A fit: the allocations (never more than the line, never more than an invoice's open amount) and why.</summary>
public sealed record Fit(FitKind Kind, IReadOnlyList<InvoiceAllocation> Allocations, Money OnAccount, string Said);

/// <summary>Pure amount arithmetic for the third stage: one invoice, several, partial, discount, tolerance.</summary>
public static class AmountFit
{
    public static Fit Of(Money amount, IReadOnlyList<OpenInvoice> invoices, DateOnly paidOn, long toleranceMinor)
    {
        var ordered = invoices.OrderBy(i => i.DueOn).ThenBy(i => i.Id).ToList();
        var open = ordered.Sum(i => i.Open.Minor);
        var numbers = string.Join(", ", ordered.Select(i => i.Number));
        if (open == amount.Minor)
        {
            return new(FitKind.Exact, Full(ordered), amount with { Minor = 0 }, $"{amount.ToDisplayString()} is exactly what is open on {numbers}");
        }

        var discounted = ordered.Select(i => Discounted(i, paidOn)).ToList();
        if (discounted.Sum(d => d.Minor) == amount.Minor && discounted.Zip(ordered).Any(p => p.First != p.Second.Open))
        {
            var allocations = ordered.Zip(discounted, (i, d) => new InvoiceAllocation(i.Id, i.Number, d)).ToList();
            return new(FitKind.Discount, allocations, amount with { Minor = 0 }, $"{amount.ToDisplayString()} is what is open on {numbers} less the cash discount taken within its terms ({new Money(open - amount.Minor, amount.Currency).ToDisplayString()} left open as the discount)");
        }

        if (amount.Minor < open && open - amount.Minor <= toleranceMinor)
        {
            return new(FitKind.WithinTolerance, Oldest(ordered, amount), amount with { Minor = 0 }, $"{amount.ToDisplayString()} is short of {numbers} by {new Money(open - amount.Minor, amount.Currency).ToDisplayString()}, within the tolerance; the difference stays open");
        }

        return amount.Minor > open
            ? new(FitKind.Over, Full(ordered), amount with { Minor = amount.Minor - open }, $"{amount.ToDisplayString()} pays {numbers} in full and leaves {new Money(amount.Minor - open, amount.Currency).ToDisplayString()} on account")
            : new(FitKind.Partial, Oldest(ordered, amount), amount with { Minor = 0 }, $"{amount.ToDisplayString()} pays part of the {new Money(open, amount.Currency).ToDisplayString()} open on {numbers}, oldest first");
    }

    /// <summary>
    /// Sets of the invoices that add up to the line exactly (open or discounted amounts): every single invoice and
    /// every pair first (hashed, so all of a customer's invoices are looked at, not only the oldest), then the bounded
    /// search for larger sets among the oldest. At most nine sets.
    /// </summary>
    public static List<IReadOnlyList<OpenInvoice>> ExactSets(Money amount, IReadOnlyList<OpenInvoice> invoices, DateOnly paidOn, int maxSize, int maxInvoices)
    {
        ArgumentNullException.ThrowIfNull(invoices);
        var found = new List<IReadOnlyList<OpenInvoice>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Keep(IReadOnlyList<OpenInvoice> set)
        {
            if (found.Count < 9 && seen.Add(AnswerSignature.Of(0, set.Select(i => i.Id))))
            {
                found.Add(set);
            }
        }

        invoices.Where(i => i.Open == amount || Discounted(i, paidOn) == amount).ToList().ForEach(i => Keep([i]));
        if (maxSize >= 2)
        {
            Pairs(amount, invoices, paidOn).ForEach(Keep);
        }

        if (maxSize >= 3)
        {
            ExactSubsets(amount, invoices, paidOn, maxSize, maxInvoices).Where(s => s.Count >= 3).ToList().ForEach(Keep);
        }

        return found;
    }

    private static List<IReadOnlyList<OpenInvoice>> Pairs(Money amount, IReadOnlyList<OpenInvoice> invoices, DateOnly paidOn)
    {
        var byOpen = invoices.ToLookup(i => i.Open.Minor);
        var byDiscounted = invoices.ToLookup(i => Discounted(i, paidOn).Minor);
        var pairs = new List<IReadOnlyList<OpenInvoice>>();
        foreach (var first in invoices)
        {
            var partners = byOpen[amount.Minor - first.Open.Minor].Concat(byDiscounted[amount.Minor - Discounted(first, paidOn).Minor]);
            foreach (var second in partners.Where(p => p.Id > first.Id).DistinctBy(p => p.Id).Take(9 - pairs.Count))
            {
                pairs.Add([first, second]);
            }

            if (pairs.Count >= 9)
            {
                break;
            }
        }

        return pairs;
    }

    /// <summary>
    /// Subsets of up to <paramref name="maxSize"/> of the first <paramref name="maxInvoices"/> invoices (by due date)
    /// whose open amounts, or discounted amounts, add up to the line exactly. Bounded: at most C(16, 4) sets.
    /// </summary>
    public static List<IReadOnlyList<OpenInvoice>> ExactSubsets(Money amount, IReadOnlyList<OpenInvoice> invoices, DateOnly paidOn, int maxSize, int maxInvoices)
    {
        var pool = invoices.Where(i => i.Open.Minor <= amount.Minor).OrderBy(i => i.DueOn).ThenBy(i => i.Id).Take(maxInvoices).ToList();
        var found = new List<IReadOnlyList<OpenInvoice>>();
        var chosen = new List<OpenInvoice>();
        Search(0, 0, 0);
        return found;

        void Search(int start, long open, long discounted)
        {
            if (chosen.Count > 0 && (open == amount.Minor || discounted == amount.Minor))
            {
                found.Add([.. chosen]);
                return;
            }

            if (chosen.Count == maxSize || found.Count > 8)
            {
                return;
            }

            for (var i = start; i < pool.Count; i++)
            {
                var invoice = pool[i];
                var cut = Discounted(invoice, paidOn).Minor;
                if (cut + discounted > amount.Minor)
                {
                    continue;
                }

                chosen.Add(invoice);
                Search(i + 1, open + invoice.Open.Minor, discounted + cut);
                chosen.RemoveAt(chosen.Count - 1);
            }
        }
    }

    /// <summary>The open amount less the cash discount when paid on or before the discount date; else the open amount.</summary>
    public static Money Discounted(OpenInvoice invoice, DateOnly paidOn)
    {
        if (invoice.DiscountBasisPoints <= 0 || invoice.DiscountUntil is not { } until || paidOn > until)
        {
            return invoice.Open;
        }

        var discount = (long)Math.Round(invoice.Open.Minor * (decimal)invoice.DiscountBasisPoints / 10_000m, MidpointRounding.AwayFromZero);
        return invoice.Open with { Minor = invoice.Open.Minor - discount };
    }

    private static List<InvoiceAllocation> Full(List<OpenInvoice> invoices) => [.. invoices.Select(i => new InvoiceAllocation(i.Id, i.Number, i.Open))];

    private static List<InvoiceAllocation> Oldest(List<OpenInvoice> invoices, Money amount)
    {
        var left = amount.Minor;
        var allocations = new List<InvoiceAllocation>();
        foreach (var invoice in invoices)
        {
            if (left == 0)
            {
                break;
            }

            var take = Math.Min(left, invoice.Open.Minor);
            allocations.Add(new InvoiceAllocation(invoice.Id, invoice.Number, invoice.Open with { Minor = take }));
            left -= take;
        }

        return allocations;
    }
}
