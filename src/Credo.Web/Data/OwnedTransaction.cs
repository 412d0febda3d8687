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
/// </summary>
internal sealed class OwnedTransaction(IDbContextTransaction? owned) : IAsyncDisposable
{
    /// <summary>True when this holder began the transaction (and so commits it); false when it joined the caller's.</summary>
    public bool IsOwned => owned is not null;

    /// <summary>Joins the context's transaction, or begins one (at <paramref name="isolation"/> when given).</summary>
    public static async Task<OwnedTransaction> Begin(CreditDb db, CancellationToken ct, IsolationLevel? isolation = null) =>
        new(db.Database.CurrentTransaction is not null ? null
            : isolation is { } level ? await db.Database.BeginTransactionAsync(level, ct)
            : await db.Database.BeginTransactionAsync(ct));

    public Task CommitAsync(CancellationToken ct) => owned?.CommitAsync(ct) ?? Task.CompletedTask;

    public Task RollbackAsync(CancellationToken ct) => owned?.RollbackAsync(ct) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => owned?.DisposeAsync() ?? ValueTask.CompletedTask;
}
