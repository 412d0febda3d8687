using System.Threading.Channels;
using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Credit;

/// <summary>
/// The front door for credit checks: one writer per process takes whatever is waiting (up to
/// <see cref="MaxBatch"/>), decides it with <see cref="CheckBatch"/> and writes it in one transaction, and answers
/// every check of the batch only after the commit (an approval is never reported before it is durable).
/// On SQLite (one writer per database anyway, an fsync per commit) the writer owns a connection and keeps customers,
/// paths and line values in a <see cref="CreditBook"/> between batches, dropped whenever the change count of the
/// tables it holds (<c>credit_book_changes</c>, kept by triggers) shows that another writer changed them. On PostgreSQL, where several instances may share the database, the
/// writer keeps nothing: each batch reads its paths and locks and re-reads its lines. A batch that fails is rolled
/// back whole and its checks run one by one through <see cref="CheckCredit"/>, as do checks inside a caller's
/// transaction and orders beyond the horizon. On SQLite the writer's commits do not checkpoint the log: a
/// <see cref="WalCheckpointer"/> does it beside them; nor do they wait for the log's fsync: a <see cref="WalSyncer"/>
/// runs it beside the writer, which decides and commits the next batch meanwhile, and the batch is answered when
/// an fsync begun after its commit has finished. See docs/adr/0012-credit-check-writer.md.
/// </summary>
internal sealed class CheckQueue(IServiceProvider services, IOptions<CreditOptions> options, ILogger<CheckQueue> log) : IDisposable
{
    private readonly CreditBook _book = new();
    private long _batches;
    private DatabaseProvider _provider;
    private long _checksAlone;
    private SqliteConnection? _connection;
    private SqliteCreditDb? _db;
    private WalCheckpointer? _checkpointer;
    private WalSyncer? _syncer;
    private SqliteCheckStatements? _statements;
    private SqliteWriteTurns? _turns;
    private long _logPages;

    public const int MaxBatch = 256;

    /// <summary>The SQLite writer connection's page cache (8 MB; other connections keep the 2 MB default).</summary>
    public const int WriterCacheKiB = 8_192;

    private readonly Channel<Pending> _channel = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _startLock = new();
    private Task? _loop;

    /// <summary>Counters for the benchmark and the tests: batches committed, checks run one by one, and the book's own.</summary>
    internal (long Batches, long ChecksAlone, long BookClears, long PathsLoaded) Statistics =>
        (Interlocked.Read(ref _batches), Interlocked.Read(ref _checksAlone), _book.Clears, _book.PathsLoaded);

    /// <summary>
    /// SQLite: pages the writer has written to the log (each a frame of <see cref="LogPageBytes"/>), counted after each
    /// commit, for the benchmark's log bytes per check (issue 17 §2).
    /// </summary>
    internal long LogPages => Interlocked.Read(ref _logPages);

    /// <summary>The size of one log frame: a page and its 24-byte header (0 until the SQLite writer has opened).</summary>
    internal int LogPageBytes => _statements is { } s ? s.PageSize + 24 : 0;

    /// <summary>SQLite: checkpoints of the log run beside the writer (none on PostgreSQL).</summary>
    internal long BackgroundCheckpoints => _checkpointer?.Checkpoints ?? 0;

    /// <summary>SQLite on a file: the syncer that makes the writer's commits durable off its path (null until the first batch).</summary>
    internal WalSyncer? Syncer => _syncer;

    private sealed record Pending(CreditCheckRequest Request, string Actor, TaskCompletionSource<Result<CreditCheckAnswer>> Answer);

    /// <summary>A check from a caller that may hold a transaction on <paramref name="db"/>: decided inside it if so, else queued.</summary>
    public async Task<Result<CreditCheckAnswer>> Submit(CreditCheckRequest request, CreditDb db, CheckCredit direct, CancellationToken ct)
    {
        if (db.InUse && db.Database.CurrentTransaction is not null)
        {
            return await direct.Handle(request, ct);
        }

        return await Submit(request, db.Actor.Name, ct);
    }

    /// <summary>
    /// A check from a caller holding no transaction (the HTTP endpoint, the benchmark): queued for the writer, with no
    /// DI scope or database context on the caller's side (issue 17 §2: they cost 6.6 % of the process per check).
    /// </summary>
    public async Task<Result<CreditCheckAnswer>> Submit(CreditCheckRequest request, string actor, CancellationToken ct)
    {
        EnsureStarted();
        var pending = new Pending(request, actor, new TaskCompletionSource<Result<CreditCheckAnswer>>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _channel.Writer.WriteAsync(pending, ct);
        return await pending.Answer.Task.WaitAsync(ct);
    }

    private void EnsureStarted()
    {
        if (_loop is not null)
        {
            return;
        }

        lock (_startLock)
        {
            if (_loop is null)
            {
                using (var scope = services.CreateScope())
                {
                    _provider = scope.ServiceProvider.GetRequiredService<CreditDb>().Provider; // once per process
                }

                _loop = Task.Run(Loop);
            }
        }
    }

    private async Task Loop()
    {
        var reader = _channel.Reader;
        while (await reader.WaitToReadAsync())
        {
            _turns?.WriterBusy(true);
            var batch = new List<Pending>(MaxBatch);
            while (batch.Count < MaxBatch && reader.TryRead(out var p))
            {
                batch.Add(p);
            }

            try
            {
                await RunBatch(batch);
            }
            catch (Exception ex)
            {
                log.LogError(ex, "A credit-check batch failed; its checks are retried one by one");
                _turns?.WriterBusy(false); // the checks run alone take their turn like any other writer
                foreach (var p in batch.Where(p => !p.Answer.Task.IsCompleted))
                {
                    await RunAlone(p);
                }
            }

            if (!reader.TryPeek(out _))
            {
                _turns?.WriterBusy(false); // idle: other writers go straight to the lock
            }
        }
    }

    private Task RunBatch(List<Pending> batch) => _provider switch
    {
        DatabaseProvider.Sqlite => RunSqliteBatch(batch),
        DatabaseProvider.Postgres => RunPostgresBatch(batch),
    };

    /// <summary>
    /// PostgreSQL: several instances may share the database, so nothing is kept between batches. The batch reads its
    /// paths under the line-set guard, locks their lines in ascending id order, re-reads them, decides, writes and
    /// commits once: the locks and atomic increments every other writer uses, paid once per batch.
    /// </summary>
    private async Task RunPostgresBatch(List<Pending> batch)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
        Result<CreditCheckAnswer>?[] answers;
        await using (var tx = await OwnedTransaction.Begin(db, CancellationToken.None))
        {
            var items = batch.Select(p => new CheckBatch.Item(p.Request, p.Actor)).ToList();
            answers = await new CheckBatch(db.Database.GetDbConnection(), db.Database.CurrentTransaction!.GetDbTransaction(), db, new CreditBook(), options.Value).Run(items, CancellationToken.None);
            await tx.CommitAsync(CancellationToken.None);
            Interlocked.Increment(ref _batches);
        }

        await Answer(batch, answers);
    }

    private async Task RunSqliteBatch(List<Pending> batch)
    {
        var connection = await Connection();
        if (_syncer?.Failed is { } failed)
        {
            Release(batch, [], failed); // the log cannot be trusted since a failed fsync: no more approvals until a restart
            return;
        }

        _checkpointer!.CheckpointIfLong(connection);
        await _turns!.GiveWay(); // other writers of this process waiting for the lock go first (ADR 0012 §11)
        Result<CreditCheckAnswer>?[] answers;
        // The one transaction not opened through OwnedTransaction (ADR 0020): the writer's own SQLite connection, adopted
        // by its context with UseTransaction so that the raw batch statements and EF share it.
        await using (var tx = (SqliteTransaction)await connection.BeginTransactionAsync())
        {
            try
            {
                _db!.Database.UseTransaction(tx);
                // creditpath (issue 17 §2): the book is dropped when the tables it holds changed, not on any commit (a
                // webhook delivery, an email sent or a session no longer drops it).
                var seen = _statements!.BookChanges();
                if (seen != _book.Changes || _db.Today() != _book.AsOf)
                {
                    _book.Clear();
                    _book.AsOf = _db.Today();
                }

                var items = batch.Select(p => new CheckBatch.Item(p.Request, p.Actor)).ToList();
                answers = await new CheckBatch(connection, tx, _db, _book, options.Value, _statements).Run(items, CancellationToken.None);
                _book.Changes = _statements.BookChanges(); // with the writer's own line increments, which the book mirrors
                await tx.CommitAsync();
                Interlocked.Increment(ref _batches);
                Interlocked.Add(ref _logPages, _statements!.TakePagesWritten());
            }
            catch
            {
                // Nothing of the batch was written, but the book already counts its approvals.
                _book.Clear();
                await tx.RollbackAsync();
                throw;
            }
            finally
            {
                _db!.Database.UseTransaction(null);
                _db.ChangeTracker.Clear();
            }
        }

        _checkpointer.Nudge();
        if (_syncer is { } syncer)
        {
            // The next batch starts now; this one is answered once an fsync begun after its commit has finished.
            syncer.After(error => Release(batch, answers, error));
            return;
        }

        await Answer(batch, answers);
    }

    /// <summary>On the syncer's thread: answers the batch once its log is on disk, or fails every check of it if it is not.</summary>
    private void Release(List<Pending> batch, Result<CreditCheckAnswer>?[] answers, Exception? notSynced)
    {
        if (notSynced is not null)
        {
            foreach (var p in batch)
            {
                p.Answer.TrySetException(new IOException("The database log could not be synced to disk, so no credit check is answered until Credo is restarted; check again then with the same order reference (a check already committed is replayed).", notSynced));
            }

            return;
        }

        if (answers.All(a => a is not null))
        {
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Answer.TrySetResult(answers[i]!.Value);
            }

            return;
        }

        _ = Task.Run(() => Answer(batch, answers)); // checks to run one by one: off the syncer's thread
    }

    /// <summary>Answers only after the commit has been made durable (synced by the database, or by the syncer before this is called).</summary>
    private async Task Answer(List<Pending> batch, Result<CreditCheckAnswer>?[] answers)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            if (answers[i] is { } answer)
            {
                batch[i].Answer.TrySetResult(answer);
            }
        }

        if (answers.Any(a => a is null))
        {
            _turns?.WriterBusy(false); // the checks run alone take their turn like any other writer
        }

        for (var i = 0; i < batch.Count; i++)
        {
            if (answers[i] is null)
            {
                await RunAlone(batch[i]);
            }
        }
    }

    /// <summary>The writer's own connection, kept open, with its statements prepared on it.</summary>
    private async Task<SqliteConnection> Connection()
    {
        if (_connection is not null)
        {
            return _connection;
        }

        using var scope = services.CreateScope();
        var cs = scope.ServiceProvider.GetRequiredService<CreditDb>().Database.GetConnectionString()!;
        var connection = new SqliteConnection(cs);
        await connection.OpenAsync();
        SqlitePragmas.Apply(connection);
        WalCheckpointer.TakeOver(connection);
        using (var cache = connection.CreateCommand())
        {
            // The index pages the writer dirties are spread over the whole table (one customer's entries per check):
            // SQLite's default 2 MB cache re-reads them from the file system on almost every batch.
            cache.CommandText = $"PRAGMA cache_size=-{WriterCacheKiB}";
            cache.ExecuteNonQuery();
        }

        _statements = new SqliteCheckStatements(connection);
        _turns = SqliteWriteTurns.For(cs);
        _checkpointer = new WalCheckpointer(cs, log);
        _syncer = WalSyncer.For(connection, log);
        // The pragmas are set on the connection above; the writer needs no save hooks (it saves nothing through EF).
        var o = new DbContextOptionsBuilder<SqliteCreditDb>().UseSqlite(connection, s => s.MigrationsHistoryTable("__ef_migrations"));
        _db = new SqliteCreditDb(o.Options, new FixedActor("credit-check-writer"), services.GetRequiredService<TimeProvider>(), services.GetRequiredService<LedgerSeal>());
        _connection = connection;
        return connection;
    }

    private async Task RunAlone(Pending pending)
    {
        Interlocked.Increment(ref _checksAlone);
        try
        {
            using var scope = services.CreateScope();
            pending.Answer.TrySetResult(await scope.ServiceProvider.GetRequiredService<CheckCredit>().Handle(pending.Request, CancellationToken.None, pending.Actor));
        }
        catch (Exception ex)
        {
            pending.Answer.TrySetException(ex);
        }
    }

    public void Dispose()
    {
        _channel.Writer.TryComplete();
        _syncer?.Dispose();
        _checkpointer?.Dispose();
        _db?.Dispose();
        _statements?.Dispose();
        _connection?.Dispose();
    }
}
