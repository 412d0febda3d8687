using Credo.Domain.Credit;
using Credo.Web.Data;

namespace Credo.Web.Features.Credit;

/// <summary>
/// What the SQLite check writer knows between batches: customers, their paths, the lines' current values, block
/// rules, rates and overdue debits. It is valid only while nobody else has written to the database: the writer
/// reads <c>PRAGMA data_version</c> under its write lock at the start of every batch, and any commit by another
/// connection (a limit set, a ledger posting, a void, reconcile, a customer moved) changes it, so the book is
/// dropped and reloaded lazily. The writer's own commits do not change it: they are mirrored here as they are made.
/// </summary>
internal sealed class CreditBook
{
    public long? DataVersion { get; set; }

    public DateOnly AsOf { get; set; }

    public Dictionary<string, CustomerFacts> Customers { get; } = new(StringComparer.Ordinal);

    public Dictionary<long, List<PathLine>> Paths { get; } = [];

    public Dictionary<long, CreditLine> Lines { get; } = [];

    public Dictionary<long, (long? ParentId, string Code)>? Groups { get; set; }

    public List<BlockRule>? Rules { get; set; }

    public Dictionary<string, RateTable> Rates { get; } = new(StringComparer.Ordinal);

    public Dictionary<long, List<OpenDebit>> Debits { get; } = [];

    /// <summary>How often the book was dropped (another writer committed, the day turned, a batch failed).</summary>
    public long Clears { get; private set; }

    /// <summary>Customer paths read from the database (misses).</summary>
    public long PathsLoaded { get; set; }

    public void Clear()
    {
        Clears++;
        DataVersion = null;
        Customers.Clear();
        Paths.Clear();
        Lines.Clear();
        Groups = null;
        Rules = null;
        Rates.Clear();
        Debits.Clear();
    }
}
