using Microsoft.Data.Sqlite;

namespace Credo.Web.Features.Credit;

/// <summary>
/// Makes the SQLite check writer's commits durable off its path. With <c>synchronous=FULL</c> every commit waits for
/// an fsync of the log (about a millisecond here, several at the tail) while the writer can do nothing else, so
/// a check waits for the fsync of the batch before its own as well as its own. The writer's connection commits with
/// <c>synchronous=NORMAL</c> instead (the log's frames are written but not synced; SQLite still syncs the log before
/// any checkpoint copies from it, and a crash loses at most a tail of whole transactions, never consistency), and
/// hands every committed batch to this syncer, which fsyncs the log file on a thread of its own and only then lets
/// the batch be answered. One fsync started after a batch's commit returned covers that batch and every batch
/// committed before it (the log is one file, appended in order; fsync flushes the file, whichever descriptor
/// asks), so while one fsync runs, the writer decides and commits the next batches, and the next fsync covers
/// them all. An approval is still never reported before the log holding it is on disk. See
/// docs/adr/0012-credit-check-writer.md §8.
/// </summary>
internal sealed class WalSyncer : IDisposable
{
    private readonly FileStream _log;
    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly Thread _thread;
    private List<Action<Exception?>> _waiting = [];
    private bool _stopping;
    private long _syncs;
    private volatile Exception? _failed;

    private WalSyncer(FileStream log, ILogger logger)
    {
        _log = log;
        _logger = logger;
        _thread = new Thread(Loop) { IsBackground = true, Name = "Credo WAL syncer" };
        _thread.Start();
    }

    /// <summary>Fsyncs run so far (each covers every batch handed over before it started).</summary>
    public long Syncs => Interlocked.Read(ref _syncs);

    /// <summary>
    /// The first fsync that failed, if one has. After a failed fsync Linux may drop the unwritten pages and report the
    /// next fsync as a success, leaving a hole in the log that recovery stops at: nothing committed after it can be
    /// trusted to be durable, so from then on every batch gets this error, as PostgreSQL stops on a failed fsync. The
    /// process must be restarted (SQLite recovers the log on the next open).
    /// </summary>
    public Exception? Failed => _failed;

    /// <summary>Tests only: runs on the syncer's thread before each fsync (to hold it, or to make it fail).</summary>
    internal Action? BeforeSync { get; set; }

    /// <summary>
    /// For the writer's connection, when its database is a file in WAL mode: the connection then commits without
    /// syncing and this syncer syncs for it. Otherwise (an in-memory database, another journal mode) null, and the
    /// connection keeps syncing its own commits.
    /// </summary>
    public static WalSyncer? For(SqliteConnection writer, ILogger logger)
    {
        using (var mode = writer.CreateCommand())
        {
            mode.CommandText = "PRAGMA journal_mode";
            if (!string.Equals(mode.ExecuteScalar() as string, "wal", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }
        }

        var path = string.IsNullOrEmpty(writer.DataSource) ? null : writer.DataSource + "-wal";
        if (path is null || !File.Exists(path))
        {
            return null;
        }

        // Opened for writing only so that a flush to disk is an fsync (strace: fsync on this descriptor, once per
        // group of batches); nothing is ever written through it. The log is not deleted while the writer's connection
        // is open, so this descriptor stays the log's. Only the log: SQLite's POSIX locks are on the database and
        // -shm files, and closing another descriptor of those would release them.
        var log = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        using (var normal = writer.CreateCommand())
        {
            normal.CommandText = "PRAGMA synchronous=NORMAL";
            normal.ExecuteNonQuery();
        }

        return new WalSyncer(log, logger);
    }

    /// <summary>
    /// Called after a commit has returned: <paramref name="then"/> runs on the syncer's thread once an fsync that
    /// started after this call has finished (with null), or with the error of a failed fsync (this one or an
    /// earlier one: the batch may not be on disk, so it must not be reported as done). It must be quick: every batch
    /// waiting on the same fsync follows.
    /// </summary>
    public void After(Action<Exception?> then)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            _waiting.Add(then);
            Monitor.Pulse(_gate);
        }
    }

    private void Loop()
    {
        while (true)
        {
            List<Action<Exception?>> due;
            lock (_gate)
            {
                while (_waiting.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_waiting.Count == 0)
                {
                    return;
                }

                due = _waiting;
                _waiting = [];
            }

            if (_failed is null)
            {
                try
                {
                    BeforeSync?.Invoke();
                    _log.Flush(flushToDisk: true);
                    Interlocked.Increment(ref _syncs);
                }
                catch (Exception ex)
                {
                    _failed = ex;
                    _logger.LogCritical(ex, "The SQLite log could not be synced: {Batches} committed credit-check batches and every later one are answered with an error until the process is restarted", due.Count);
                }
            }

            foreach (var then in due)
            {
                then(_failed);
            }
        }
    }

    /// <summary>Syncs and answers whatever was handed over, then stops.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.Pulse(_gate);
        }

        _thread.Join();
        _log.Dispose();
    }
}
