using System.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Credo.Web.Data;

/// <summary>
/// The one way Credo opens or joins a database transaction (issue 11 §5, ADR 0020). When the context already has a
/// transaction (the caller's: the ledger posting an invoice that also moves the order's reservation, a bank line
/// applied with the payment it posts), this joins it and commit and rollback do nothing: the caller decides. Otherwise
/// it begins one that this holder owns (BEGIN IMMEDIATE on SQLite: the writer takes the lock before it reads), and
/// disposing an uncommitted one rolls it back. Every use case, the audit's save, the two save interceptors and the
/// ledger's unit of work use it; nobody calls <c>Database.BeginTransactionAsync</c> directly.
/// The owner's commit first appends the transaction's audit rows to the hash chain (<see cref="CreditDb.AppendAudit"/>):
/// the chain's lock is taken last and held only for the commit, so it never waits inside a lock cycle.
/// </summary>
internal sealed class OwnedTransaction : IAsyncDisposable
{
    private readonly CreditDb _db;
    private readonly IDbContextTransaction? _owned;

    private OwnedTransaction(CreditDb db, IDbContextTransaction? owned)
    {
        _db = db;
        _owned = owned;
    }

    /// <summary>True when this holder began the transaction (and so commits it); false when it joined the caller's.</summary>
    public bool IsOwned => _owned is not null;

    /// <summary>Joins the context's transaction, or begins one (at <paramref name="isolation"/> when given).</summary>
    public static async Task<OwnedTransaction> Begin(CreditDb db, CancellationToken ct, IsolationLevel? isolation = null)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            return new OwnedTransaction(db, null);
        }

        IDbContextTransaction begun;
        // creditpath (issue 17 §2): on SQLite, take a turn from the credit-check writer instead of racing it for the lock.
        using (db.Provider == DatabaseProvider.Sqlite ? await SqliteWriteTurns.For(db.Database.GetConnectionString()!).Take(ct) : null)
        {
            begun = isolation is { } level ? await db.Database.BeginTransactionAsync(level, ct) : await db.Database.BeginTransactionAsync(ct);
        }

        var tx = new OwnedTransaction(db, begun);
        db.Opened(tx);
        return tx;
    }

    public async Task CommitAsync(CancellationToken ct)
    {
        if (_owned is not null)
        {
            await _db.AppendAudit(ct);
            await _owned.CommitAsync(ct);
        }
    }

    public async Task RollbackAsync(CancellationToken ct)
    {
        if (_owned is not null)
        {
            _db.Closed(this);
            await _owned.RollbackAsync(ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned is not null)
        {
            _db.Closed(this);
            await _owned.DisposeAsync();
        }
    }
}
