using Credo.Web.Data;
using Microsoft.Data.Sqlite;

namespace Credo.Web.Features.Credit;

/// <summary>
/// Keeps SQLite's write-ahead log short without making the credit-check writer pay for it. SQLite checkpoints by
/// default inside the commit that takes the log past 1,000 pages: that commit copies every page back into the
/// database file and syncs it before the writer may answer its batch (about a third of the writer's commit time in
/// the benchmark, and its worst latencies). The writer's connection turns that off (<c>wal_autocheckpoint=0</c>) and
/// nudges this checkpointer after each commit; it runs a PASSIVE checkpoint on its own connection, at most once every
/// <see cref="Interval"/>, which copies pages while the writer goes on appending and never blocks it. Durability is
/// unchanged: the writer's commits are synced (by <see cref="WalSyncer"/>) before they are answered, and a checkpoint
/// syncs the log before it copies anything. A passive checkpoint cannot rewind a log that is being appended to, so
/// under unbroken load the log would only grow; when it passes <see cref="MaxLogPages"/> the writer checkpoints once
/// itself, between batches, where nothing else of its own is appending, and the next transaction starts the log
/// afresh.
/// </summary>
internal sealed class WalCheckpointer(string connectionString, ILogger log) : IDisposable
{
    /// <summary>
    /// The least time between two background checkpoints. A checkpoint ends with an fsync of the database file, and
    /// the writer's own fsyncs of the log wait behind it on the disk: every 25 ms that put a slow fsync under about
    /// one check in a hundred (p99 14 to 19 ms at 16 to 24 clients); every second, hot pages rewritten many times
    /// are copied once, and p99 stays near 8 to 9 ms. The log grows to a few thousand pages in between.
    /// </summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>The log size (pages) past which the writer checkpoints itself: about 64 MB of 4 KB pages.</summary>
    public const long MaxLogPages = 16_000;

    private readonly SemaphoreSlim _nudge = new(0, 1);
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private long _logPages;
    private long _checkpoints;

    /// <summary>Pages in the log at the last checkpoint (passive: some may remain).</summary>
    public long LogPages => Interlocked.Read(ref _logPages);

    /// <summary>Checkpoints run in the background.</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    /// <summary>Turns off the connection's own checkpoints: the writer calls this on the connection it commits on.</summary>
    public static void TakeOver(SqliteConnection writer)
    {
        using var command = writer.CreateCommand();
        command.CommandText = "PRAGMA wal_autocheckpoint=0";
        command.ExecuteNonQuery();
    }

    /// <summary>After a commit: a checkpoint is due (never waits; nudges while one is pending are folded into it).</summary>
    public void Nudge()
    {
        _loop ??= Task.Run(Loop);
        if (_nudge.CurrentCount == 0)
        {
            try
            {
                _nudge.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another nudge got there first: one checkpoint serves both.
            }
        }
    }

    /// <summary>The writer's own checkpoint when the log has grown past the bound; runs on the writer's connection.</summary>
    public void CheckpointIfLong(SqliteConnection writer)
    {
        if (LogPages <= MaxLogPages)
        {
            return;
        }

        Interlocked.Exchange(ref _logPages, Checkpoint(writer).LogPages);
    }

    private async Task Loop()
    {
        await using var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(_stop.Token);
            SqlitePragmas.Apply(connection);
            while (!_stop.IsCancellationRequested)
            {
                await _nudge.WaitAsync(_stop.Token);
                var (busy, pages) = Checkpoint(connection);
                Interlocked.Exchange(ref _logPages, pages);
                Interlocked.Increment(ref _checkpoints);
                if (busy)
                {
                    log.LogDebug("A background WAL checkpoint was partial ({Pages} pages in the log)", pages);
                }

                await Task.Delay(Interval, _stop.Token);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Without it the log grows until the writer's own bound checkpoints it; nothing is lost.
            log.LogWarning(ex, "The background WAL checkpointer stopped");
        }
    }

    private static (bool Busy, long LogPages) Checkpoint(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0) != 0, reader.GetInt64(1)) : (false, 0);
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // Stopping: whatever the loop ended with was logged.
        }

        _stop.Dispose();
        _nudge.Dispose();
    }
}
