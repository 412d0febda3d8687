using System.Text.Json;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Imports;

/// <summary>
/// At start, an import left "Running" by a process that stopped (a crash, kill -9, a power cut) is marked
/// <see cref="ImportStatus.Interrupted"/> with what it had committed (issue 12 §5: 9 of 9 such imports stayed
/// Running forever). An import writes its rows in one transaction, so it committed either none of them or all of them
/// (it stopped after the commit, before its report): the ledger rows carrying its batch id say which. A customers or
/// exchange-rates import's rows carry no batch id; its report says so.
/// </summary>
internal static class InterruptedImports
{
    public static async Task<int> MarkAsync(CreditDb db, CancellationToken ct)
    {
        if (!await NoImportRunsAnywhere(db, ct))
        {
            return 0; // another instance is importing now: its Running batch is not interrupted
        }

        var running = await db.ImportBatches.Where(b => b.Status == ImportStatus.Running).ToListAsync(ct);
        foreach (var batch in running)
        {
            var committed = await db.Entries.LongCountAsync(e => e.ImportBatchId == batch.Id, ct);
            batch.Status = ImportStatus.Interrupted;
            batch.RowsAdded = committed;
            batch.FinishedAtUtc = db.UtcNow;
            batch.ErrorsJson = JsonSerializer.Serialize(new List<RowError> { new(0, "import", Explain(batch.Kind, committed)) }, ImportFile.ErrorJson);
        }

        await db.SaveChangesAsync(ct);
        return running.Count;
    }

    public static string Explain(ImportKind kind, long committed) => kind switch
    {
        ImportKind.Customers or ImportKind.ExchangeRates or ImportKind.BankLines =>
            "The import was interrupted: Credo stopped while it ran. Its rows carry no batch number, so whether it committed cannot be told from here; import the file again: rows already in are reported unchanged.",
        ImportKind.Invoices or ImportKind.CreditNotes or ImportKind.Payments => committed > 0
            ? $"The import was interrupted after it committed: all {committed:N0} of its ledger rows are in. Only its report was lost."
            : "The import was interrupted before it committed: nothing was written. Import the file again.",
    };

    /// <summary>
    /// PostgreSQL: an import holds the import advisory lock for its whole transaction, so taking it here (and letting
    /// it go at once) proves no instance is importing. SQLite is one file served by one process: at start, nothing runs.
    /// </summary>
    private static async Task<bool> NoImportRunsAnywhere(CreditDb db, CancellationToken ct)
    {
        if (db.Provider != DatabaseProvider.Postgres)
        {
            return true;
        }

        // Transaction-scoped, so the lock goes with the transaction and never stays on a pooled connection.
        await using var probe = await OwnedTransaction.Begin(db, ct);
        var free = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({ImportFile.ImportLockKey}) AS \"Value\"").SingleAsync(ct);
        await probe.RollbackAsync(ct);
        return free;
    }
}
