namespace Credo.Domain.Ledger;

/// <summary>One statement line: a posted ledger entry in date order.</summary>
public readonly record struct StatementEntry(long EntryId, DateOnly On, EntryKind Kind, string? Document, long AmountMinor);

/// <summary>A statement line with the balance after it.</summary>
public readonly record struct StatementLine(StatementEntry Entry, long BalanceMinor)
{
    public long DebitMinor => Entry.AmountMinor > 0 ? Entry.AmountMinor : 0;

    public long CreditMinor => Entry.AmountMinor < 0 ? -Entry.AmountMinor : 0;
}

public static class Statement
{
    /// <summary>Running balance from an opening balance over entries already in statement order.</summary>
    public static IEnumerable<StatementLine> Run(long openingMinor, IEnumerable<StatementEntry> entries)
    {
        var balance = openingMinor;
        foreach (var entry in entries)
        {
            balance = checked(balance + entry.AmountMinor);
            yield return new StatementLine(entry, balance);
        }
    }
}

/// <summary>Aging-style summary of a customer's balance in one currency as of a date.</summary>
public readonly record struct BalanceSummary(long BalanceMinor, long OpenInvoicesMinor, long OverdueMinor, long UnappliedMinor, long DisputedMinor, int OpenInvoiceCount, int OverdueInvoiceCount, DateOnly? OldestOverdueDueOn);

/// <summary>An open item as the balance summary sees it.</summary>
public readonly record struct OpenPosition(long OpenMinor, DateOnly? DueOn, bool Disputed);

public static class Balances
{
    public static BalanceSummary Summarise(DateOnly asOf, IEnumerable<OpenPosition> positions)
    {
        long open = 0, overdue = 0, unapplied = 0, disputed = 0;
        int openCount = 0, overdueCount = 0;
        DateOnly? oldest = null;
        foreach (var p in positions)
        {
            if (p.OpenMinor > 0)
            {
                open += p.OpenMinor;
                openCount++;
                if (p.Disputed)
                {
                    disputed += p.OpenMinor;
                }

                if (p.DueOn is { } due && due < asOf)
                {
                    overdue += p.OpenMinor;
                    overdueCount++;
                    oldest = oldest is null || due < oldest ? due : oldest;
                }
            }
            else if (p.OpenMinor < 0)
            {
                unapplied += -p.OpenMinor;
            }
        }

        return new BalanceSummary(open - unapplied, open, overdue, unapplied, disputed, openCount, overdueCount, oldest);
    }
}
