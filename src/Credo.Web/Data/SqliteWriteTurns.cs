using System.Collections.Concurrent;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Credo.Web.Data;

/// <summary>
/// Turns at SQLite's one write lock between the credit-check writer and the other writers of the same process
/// (issue 17 §2, ADR 0012 §11). Under sustained check load the writer holds the lock almost all the time and frees it
/// only for the instant between two batches; another writer (a payment, a limit change, a webhook delivery) asleep
/// in SQLite's busy handler wakes at the wrong moment again and again and waited up to seconds. Instead, a writer
/// about to begin its transaction says so (<see cref="Waiting"/>) and, while the check writer is busy, waits for the
/// writer to give it the next gap; the check writer, between two batches, opens the gap only when someone waits and
/// lets them take the lock first (bounded by <see cref="MaxGap"/>). Nothing is held across a transaction, so nothing
/// can leak: every wait is bounded and falls back to SQLite's own busy handler, which still guarantees correctness.
/// One set of turns per database file (tests run several databases in one process). Every EF Core context on SQLite
/// takes its turns: each transaction <see cref="OwnedTransaction"/> begins, a bare SaveChanges (<see cref="CreditDb"/>),
/// and each write outside a transaction (ExecuteUpdate, ExecuteDelete, raw SQL) through <see cref="SqliteTurnsInterceptor"/>.
/// </summary>
internal sealed class SqliteWriteTurns
{
    private static readonly ConcurrentDictionary<string, SqliteWriteTurns> ByDatabase = new(StringComparer.Ordinal);

    /// <summary>How long another writer waits for the check writer's next gap before trying the lock anyway.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(100);

    /// <summary>How long the check writer waits, between two batches, for the writers it let in to take the lock.</summary>
    public static readonly TimeSpan MaxGap = TimeSpan.FromMilliseconds(5);

    private int _waiting;
    private long _taken;
    private volatile bool _writerBusy;
    private TaskCompletionSource _gap = NewGap();

    public static SqliteWriteTurns For(string connectionString) => ByDatabase.GetOrAdd(connectionString, _ => new SqliteWriteTurns());

    /// <summary>Writers about to begin a transaction (and not yet holding the lock).</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Turns taken so far (for the tests: which writes came through the turns).</summary>
    public long Taken => Interlocked.Read(ref _taken);

    /// <summary>
    /// Another writer's turn: call around its <c>BEGIN IMMEDIATE</c>. While the check writer is busy it waits for the
    /// writer's next gap (at most <see cref="MaxWait"/>); the returned scope ends the wait once the lock is taken.
    /// </summary>
    public async Task<IDisposable> Take(CancellationToken ct)
    {
        Interlocked.Increment(ref _waiting);
        Interlocked.Increment(ref _taken);
        var turn = new Turn(this);
        if (_writerBusy)
        {
            try
            {
                await Volatile.Read(ref _gap).Task.WaitAsync(MaxWait, ct);
            }
            catch (TimeoutException)
            {
                // The writer did not come round: SQLite's busy handler takes over, as before.
            }
            catch
            {
                turn.Dispose();
                throw;
            }
        }

        return turn;
    }

    /// <summary>The check writer: marks it busy (others then wait for its gaps) or idle.</summary>
    public void WriterBusy(bool busy) => _writerBusy = busy;

    /// <summary>
    /// The check writer, between two batches: when others wait, opens a gap and waits (at most <see cref="MaxGap"/>)
    /// until they have taken the lock; its next <c>BEGIN IMMEDIATE</c> then queues behind them in SQLite.
    /// </summary>
    public async Task GiveWay()
    {
        if (Waiting == 0)
        {
            return;
        }

        Interlocked.Exchange(ref _gap, NewGap()).TrySetResult();
        var deadline = DateTime.UtcNow + MaxGap;
        while (Waiting > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(1);
        }
    }

    private static TaskCompletionSource NewGap() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Turn(SqliteWriteTurns turns) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                Interlocked.Decrement(ref turns._waiting);
            }
        }
    }
}

/// <summary>
/// creditpath (issue 17 §2): a write outside any transaction (an ExecuteUpdate or ExecuteDelete, raw SQL: webhook
/// claims and releases, job leases, sessions, outbox delivery marks) takes its turn at the write lock like a
/// transaction begun by <see cref="OwnedTransaction"/> (and a bare SaveChanges, <see cref="CreditDb"/>), held only
/// while the one statement runs. Reads never wait. The check writer's own context has no interceptors, so it never
/// waits for itself. Another process (the CLI) still meets SQLite's busy handler.
/// </summary>
internal sealed class SqliteTurnsInterceptor : DbCommandInterceptor
{
    public static readonly SqliteTurnsInterceptor Instance = new();

    private static readonly ConditionalWeakTable<DbCommand, IDisposable> Held = [];

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await TakeForWrite(command, eventData.Context, cancellationToken);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Release(command);
        return ValueTask.FromResult(result);
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await TakeForWrite(command, eventData.Context, cancellationToken);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Release(command);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        TakeForWrite(command, eventData.Context, CancellationToken.None).GetAwaiter().GetResult();
        return result;
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Release(command);
        return result;
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Release(command);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(command);
        return Task.CompletedTask;
    }

    public override void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Release(command);

    public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(command);
        return Task.CompletedTask;
    }

    /// <summary>True for a statement that writes (after any leading comment lines EF adds for tags).</summary>
    internal static bool Writes(string sql)
    {
        var text = sql.AsSpan().TrimStart();
        while (text.StartsWith("--", StringComparison.Ordinal))
        {
            var end = text.IndexOf('\n');
            text = end < 0 ? [] : text[(end + 1)..].TrimStart();
        }

        foreach (var verb in (ReadOnlySpan<string>)["INSERT", "UPDATE", "DELETE", "REPLACE", "WITH"])
        {
            if (text.StartsWith(verb, StringComparison.OrdinalIgnoreCase))
            {
                return !verb.Equals("WITH", StringComparison.Ordinal) || ContainsWrite(text);
            }
        }

        return false;
    }

    private static bool ContainsWrite(ReadOnlySpan<char> text) =>
        text.Contains("INSERT", StringComparison.OrdinalIgnoreCase) || text.Contains("UPDATE", StringComparison.OrdinalIgnoreCase) || text.Contains("DELETE", StringComparison.OrdinalIgnoreCase);

    private static async Task TakeForWrite(DbCommand command, DbContext? context, CancellationToken ct)
    {
        if (command.Transaction is null && context is not CreditDb { HoldsTurn: true } && Writes(command.CommandText))
        {
            Release(command); // a command run again
            Held.AddOrUpdate(command, await Turns(command.Connection!, context).Take(ct));
        }
    }

    private static SqliteWriteTurns Turns(DbConnection connection, DbContext? context) =>
        SqliteWriteTurns.For(context?.Database.GetConnectionString() ?? connection.ConnectionString);

    private static void Release(DbCommand? key)
    {
        if (key is not null && Held.TryGetValue(key, out var turn))
        {
            Held.Remove(key);
            turn.Dispose();
        }
    }
}
