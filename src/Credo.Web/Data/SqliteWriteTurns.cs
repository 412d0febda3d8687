using System.Collections.Concurrent;

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
/// One set of turns per database file (tests run several databases in one process).
/// </summary>
internal sealed class SqliteWriteTurns
{
    private static readonly ConcurrentDictionary<string, SqliteWriteTurns> ByDatabase = new(StringComparer.Ordinal);

    /// <summary>How long another writer waits for the check writer's next gap before trying the lock anyway.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromMilliseconds(100);

    /// <summary>How long the check writer waits, between two batches, for the writers it let in to take the lock.</summary>
    public static readonly TimeSpan MaxGap = TimeSpan.FromMilliseconds(5);

    private int _waiting;
    private volatile bool _writerBusy;
    private TaskCompletionSource _gap = NewGap();

    public static SqliteWriteTurns For(string connectionString) => ByDatabase.GetOrAdd(connectionString, _ => new SqliteWriteTurns());

    /// <summary>Writers about to begin a transaction (and not yet holding the lock).</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>
    /// Another writer's turn: call around its <c>BEGIN IMMEDIATE</c>. While the check writer is busy it waits for the
    /// writer's next gap (at most <see cref="MaxWait"/>); the returned scope ends the wait once the lock is taken.
    /// </summary>
    public async Task<IDisposable> Take(CancellationToken ct)
    {
        Interlocked.Increment(ref _waiting);
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
