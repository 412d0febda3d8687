using Credo.Domain.Credit;
using Credo.Web.Data;

namespace Credo.Web.Features.Credit;

/// <summary>
/// What the SQLite check writer knows between batches: customers, their paths, the lines' current values, block
/// rules, rates and overdue debits. It is valid only while nobody else has changed those tables: triggers on each
/// of them count changes in <c>credit_book_changes</c> (migration CreditBookChanges), the writer reads the count under
/// its write lock at the start of every batch, and any change by another writer (a limit set, a ledger posting, a void,
/// reconcile, a customer moved, another process) moves it, so the book is dropped and reloaded lazily. Commits that
/// touch none of them (webhook deliveries, emails sent, sessions) leave it. The writer's own changes are mirrored here
/// as they are made, and it reads the count again just before its commit.
/// </summary>
internal sealed class CreditBook
{
    /// <summary>The change count of the book's tables when it was last read (null: nothing held yet).</summary>
    public long? Changes { get; set; }

    public DateOnly AsOf { get; set; }

    public Dictionary<string, CustomerFacts> Customers { get; } = new(StringComparer.Ordinal);

    public Dictionary<long, List<PathLine>> Paths { get; } = [];

    public Dictionary<long, CreditLine> Lines { get; } = [];

    public Dictionary<long, (long? ParentId, string Code)>? Groups { get; set; }

    public List<BlockRule>? Rules { get; set; }

    public Dictionary<string, RateTable> Rates { get; } = new(StringComparer.Ordinal);

    public Dictionary<long, List<OpenDebit>> Debits { get; } = [];

    /// <summary>How often the book was dropped (another writer changed its tables, the day turned, a batch failed).</summary>
    public long Clears { get; private set; }

    /// <summary>Customer paths read from the database (misses).</summary>
    public long PathsLoaded { get; set; }

    public void Clear()
    {
        Clears++;
        Changes = null;
        Customers.Clear();
        Paths.Clear();
        Lines.Clear();
        Groups = null;
        Rules = null;
        Rates.Clear();
        Debits.Clear();
    }
}
