using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Credo.Bench;

/// <summary>
/// The machine's own limit, measured in the same run and on the same disk as the Credo figure beside it (issue 17
/// §1): on a shared machine absolute figures do not hold, a share of the limit does. Measured with nothing of Credo
/// in the way: a file written and fsynced; raw SQLite (WAL, synchronous=FULL, foreign keys on, as Credo opens it)
/// committing one row and 256-row transactions; the exact statements one credit check writes, replayed through a
/// bare SQLite connection; and on PostgreSQL, single-row and 256-row-batch commits on the same server.
/// </summary>
internal static class Yardstick
{
    /// <summary>
    /// How long each limit is measured for: 5 s by default (2 s until 2026-12-07: on the shared machine one scheduling
    /// stall moved a 2-second figure by a third); <c>credit-checks --yardstick-seconds N</c> sets it.
    /// </summary>
    internal static TimeSpan Span { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The disk and SQLite limits, measured in <paramref name="directory"/> (the benchmark's own).</summary>
    internal sealed record DiskLimits(double FsyncSmall, double FsyncLarge, double SqliteCommits1, double SqliteRows256, double SqliteCommits256);

    /// <summary>PostgreSQL limits on the benchmark's server: single-row commits/s and rows/s in 256-row transactions.</summary>
    internal sealed record PostgresLimits(double Commits1, double Rows256, double Commits256, double CopyRows);

    public static Command Build()
    {
        var provider = BenchDatabase.ProviderOption();
        var connection = BenchDatabase.ConnectionOption();
        var command = new Command("yardstick", "The machine's limits alone: fsync, raw SQLite commits, PostgreSQL commits (when a server is named).") { provider, connection };
        command.SetAction(async (parse, ct) =>
        {
            var directory = Path.Combine(Path.GetTempPath(), "credo-bench", "yardstick-" + Guid.NewGuid().ToString("N")[..8]);
            Directory.CreateDirectory(directory);
            try
            {
                PrintMachine();
                Print(Disk(directory));
                if (parse.GetValue(connection) is { } cs)
                {
                    Print(await Postgres(cs, ct));
                }
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(directory, recursive: true);
            }

            return 0;
        });
        return command;
    }

    /// <summary>Machine, time and load: what a recorded figure must carry.</summary>
    public static void PrintMachine()
    {
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";
        Console.WriteLine($"machine: {Environment.ProcessorCount} CPUs, {model}; {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; load average {load}");
    }

    public static DiskLimits Disk(string directory)
    {
        var small = Fsync(directory, 4 * 1024);
        var large = Fsync(directory, 350 * 1024);
        var (commits1, _) = SqliteInserts(directory, rowsPerCommit: 1);
        var (commits256, rows256) = SqliteInserts(directory, rowsPerCommit: 256);
        return new DiskLimits(small, large, commits1, rows256, commits256);
    }

    public static void Print(DiskLimits d)
    {
        Console.WriteLine($"yardstick (same disk, same run, nothing of Credo, {Span.TotalSeconds:N0} s each):");
        Console.WriteLine($"  write+fsync 4 KB:                    {d.FsyncSmall,12:N0} /s");
        Console.WriteLine($"  write+fsync 350 KB:                  {d.FsyncLarge,12:N0} /s");
        Console.WriteLine($"  SQLite commits of 1 row:             {d.SqliteCommits1,12:N0} /s   (WAL, synchronous=FULL)");
        Console.WriteLine($"  SQLite 256-row transactions:         {d.SqliteCommits256,12:N0} /s = {d.SqliteRows256:N0} rows/s");
    }

    public static void Print(PostgresLimits p)
    {
        Console.WriteLine("yardstick, PostgreSQL (same server, same run):");
        Console.WriteLine($"  commits of 1 row:                    {p.Commits1,12:N0} /s");
        Console.WriteLine($"  256-row transactions:                {p.Commits256,12:N0} /s = {p.Rows256:N0} rows/s");
        Console.WriteLine($"  COPY (binary), 10,000 rows a commit: {p.CopyRows,12:N0} rows/s");
    }

    /// <summary>A Credo figure beside its limit and as a share of it.</summary>
    public static void Compare(string what, double credo, string limitName, double limit) =>
        Console.WriteLine($"  {what}: {credo:N0}/s against {limitName} {limit:N0}/s = {(limit > 0 ? 100 * credo / limit : 0):N1} % of the limit");

    /// <summary>Writes of <paramref name="size"/> bytes, each followed by an fsync, for <see cref="Span"/>: writes per second.</summary>
    private static double Fsync(string directory, int size)
    {
        var path = Path.Combine(directory, $"fsync-{size}.bin");
        var buffer = new byte[size];
        Random.Shared.NextBytes(buffer);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.None);
        var clock = Stopwatch.StartNew();
        var n = 0;
        while (clock.Elapsed < Span)
        {
            if (file.Length > 64L * 1024 * 1024)
            {
                file.Position = 0; // rewrite the same blocks: the limit is the device's, not the file system's growth
            }

            file.Write(buffer);
            file.Flush(flushToDisk: true);
            n++;
        }

        var rate = n / clock.Elapsed.TotalSeconds;
        file.Close();
        File.Delete(path);
        return rate;
    }

    /// <summary>Raw SQLite on a fresh file, opened as Credo opens it: commits/s and rows/s at a given transaction size.</summary>
    private static (double Commits, double Rows) SqliteInserts(string directory, int rowsPerCommit)
    {
        var path = Path.Combine(directory, $"raw-{rowsPerCommit}.db");
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        Execute(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
        Execute(connection, "CREATE TABLE rows (id INTEGER PRIMARY KEY, customer INTEGER NOT NULL, amount INTEGER NOT NULL, note TEXT NOT NULL)");
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO rows (customer, amount, note) VALUES ($c, $a, $n)";
        var c = insert.Parameters.Add("$c", SqliteType.Integer);
        var a = insert.Parameters.Add("$a", SqliteType.Integer);
        var note = insert.Parameters.Add("$n", SqliteType.Text);
        var clock = Stopwatch.StartNew();
        long commits = 0;
        long rows = 0;
        while (clock.Elapsed < Span)
        {
            using var tx = connection.BeginTransaction();
            insert.Transaction = tx;
            for (var i = 0; i < rowsPerCommit; i++)
            {
                c.Value = rows % 1000;
                a.Value = rows;
                note.Value = "INV-" + rows.ToString(CultureInfo.InvariantCulture) + " bench row of about forty bytes";
                insert.ExecuteNonQuery();
                rows++;
            }

            tx.Commit();
            commits++;
        }

        var seconds = clock.Elapsed.TotalSeconds;
        connection.Close();
        return (commits / seconds, rows / seconds);
    }

    /// <summary>
    /// The exact statements one credit check writes (its reservation with the stored answer, its share of each line,
    /// its outbox row, and the lines' increments, summed per line over the transaction as the batch writer sums
    /// them), replayed through a bare SQLite connection on Credo's own database file, <paramref name="checksPerCommit"/>
    /// checks per transaction: checks per second. The caller makes sure Credo is not writing meanwhile.
    /// </summary>
    public static (double ChecksPerSecond, double LogBytesPerCheck) CheckReplay(string databasePath, string templateOrder, int checksPerCommit)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        connection.Open();
        Execute(connection, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;");
        var (reservation, shares, outbox) = Template(connection, templateOrder);
        using var insertReservation = Command(connection,
            "INSERT INTO credit_reservations (\"OrderReference\", \"CustomerId\", \"AmountMinor\", \"Currency\", \"ShipOn\", \"CheckedOn\", \"ExpiresOn\", \"State\", \"DecisionJson\", \"CreatedAtUtc\", \"UpdatedAtUtc\", \"CreatedBy\") " +
            "VALUES (@ref, @customer, @amount, @currency, @ship, @checked, @expires, @state, @json, @now, @now, @by) RETURNING \"Id\"",
            "ref", "customer", "amount", "currency", "ship", "checked", "expires", "state", "json", "now", "by");
        using var insertShare = Command(connection, "INSERT INTO credit_reservation_lines (\"ReservationId\", \"LineId\", \"AmountMinor\") VALUES (@r, @l, @a)", "r", "l", "a");
        // As the writer does: the event names its reservation, whose stored answer is its payload (issue 17 §2).
        using var insertOutbox = Command(connection, "INSERT INTO outbox_messages (\"Topic\", \"PayloadJson\", \"DecisionOf\", \"CreatedAtUtc\", \"Attempts\") VALUES (@t, '', @d, @now, 0)", "t", "d", "now");
        using var reserve = Command(connection, "UPDATE credit_lines SET \"ReservedMinor\" = \"ReservedMinor\" + @d WHERE \"Id\" = @id", "d", "id");
        var run = Guid.NewGuid().ToString("N")[..6];
        SQLitePCL.raw.sqlite3_db_status(connection.Handle, SQLitePCL.raw.SQLITE_DBSTATUS_CACHE_WRITE, out _, out _, 1);
        long pages = 0;
        var clock = Stopwatch.StartNew();
        long checks = 0;
        while (clock.Elapsed < Span)
        {
            using var tx = connection.BeginTransaction();
            foreach (var command in new[] { insertReservation, insertShare, insertOutbox, reserve })
            {
                command.Transaction = tx;
            }

            for (var i = 0; i < checksPerCommit; i++)
            {
                for (var p = 0; p < reservation.Length; p++)
                {
                    insertReservation.Parameters[p].Value = reservation[p];
                }

                insertReservation.Parameters[0].Value = $"YS-{run}-{checks}";
                var id = (long)insertReservation.ExecuteScalar()!;
                foreach (var (lineId, amountMinor) in shares)
                {
                    insertShare.Parameters[0].Value = id;
                    insertShare.Parameters[1].Value = lineId;
                    insertShare.Parameters[2].Value = amountMinor;
                    insertShare.ExecuteNonQuery();
                }

                insertOutbox.Parameters[0].Value = outbox;
                insertOutbox.Parameters[1].Value = id;
                insertOutbox.Parameters[2].Value = reservation[9];
                insertOutbox.ExecuteNonQuery();
                checks++;
            }

            foreach (var (lineId, amountMinor) in shares)
            {
                reserve.Parameters[0].Value = amountMinor * checksPerCommit;
                reserve.Parameters[1].Value = lineId;
                reserve.ExecuteNonQuery();
            }

            tx.Commit();
            SQLitePCL.raw.sqlite3_db_status(connection.Handle, SQLitePCL.raw.SQLITE_DBSTATUS_CACHE_WRITE, out var written, out _, 1);
            pages += written;
        }

        var rate = checks / clock.Elapsed.TotalSeconds;
        using var size = connection.CreateCommand();
        size.CommandText = "PRAGMA page_size";
        var frame = Convert.ToInt64(size.ExecuteScalar(), CultureInfo.InvariantCulture) + 24;
        return (rate, (double)pages * frame / Math.Max(1, checks));
    }

    /// <summary>The rows one real check wrote: its reservation's values, its shares, its outbox row's topic.</summary>
    private static (object[] Reservation, List<(long LineId, long AmountMinor)> Shares, string Outbox) Template(SqliteConnection connection, string order)
    {
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT \"Id\", \"OrderReference\", \"CustomerId\", \"AmountMinor\", \"Currency\", \"ShipOn\", \"CheckedOn\", \"ExpiresOn\", \"State\", \"DecisionJson\", \"CreatedAtUtc\", \"CreatedBy\" FROM credit_reservations WHERE \"OrderReference\" = $o";
        read.Parameters.AddWithValue("$o", order);
        long id;
        object[] values;
        using (var r = read.ExecuteReader())
        {
            if (!r.Read())
            {
                throw new InvalidOperationException($"No reservation for the template order {order}.");
            }

            id = r.GetInt64(0);
            // ref, customer, amount, currency, ship, checked, expires, state, json, now, by (the parameters' order)
            values = [r.GetValue(1), r.GetValue(2), r.GetValue(3), r.GetValue(4), r.GetValue(5), r.GetValue(6), r.GetValue(7), r.GetValue(8), r.GetValue(9), r.GetValue(10), r.GetValue(11)];
        }

        var shares = new List<(long, long)>();
        using (var s = connection.CreateCommand())
        {
            s.CommandText = "SELECT \"LineId\", \"AmountMinor\" FROM credit_reservation_lines WHERE \"ReservationId\" = $id ORDER BY \"LineId\"";
            s.Parameters.AddWithValue("$id", id);
            using var r = s.ExecuteReader();
            while (r.Read())
            {
                shares.Add((r.GetInt64(0), r.GetInt64(1)));
            }
        }

        using var o = connection.CreateCommand();
        o.CommandText = "SELECT \"Topic\" FROM outbox_messages WHERE \"DecisionOf\" = $id";
        o.Parameters.AddWithValue("$id", id);
        var outbox = o.ExecuteScalar() as string ?? "credit.order-approved";
        return (values, shares, outbox);
    }

    /// <summary>PostgreSQL on the benchmark's server: a plain table, single-row commits and 256-row transactions.</summary>
    public static async Task<PostgresLimits> Postgres(string connectionString, CancellationToken ct)
    {
        var table = "yardstick_" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await Execute(connection, $"CREATE TABLE {table} (id bigserial PRIMARY KEY, customer bigint NOT NULL, amount bigint NOT NULL, note text NOT NULL)", ct);
        try
        {
            var (commits1, _) = await PostgresInserts(connection, table, 1, ct);
            var (commits256, rows256) = await PostgresInserts(connection, table, 256, ct);
            var copied = await PostgresCopy(connection, table, ct);
            return new PostgresLimits(commits1, rows256, commits256, copied);
        }
        finally
        {
            await Execute(connection, $"DROP TABLE {table}", ct);
        }
    }

    private static async Task<(double Commits, double Rows)> PostgresInserts(NpgsqlConnection connection, string table, int rowsPerCommit, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        long commits = 0;
        long rows = 0;
        while (clock.Elapsed < Span)
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            await using var batch = new NpgsqlBatch(connection, tx);
            for (var i = 0; i < rowsPerCommit; i++)
            {
                var command = new NpgsqlBatchCommand($"INSERT INTO {table} (customer, amount, note) VALUES ($1, $2, $3)");
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = rows % 1000 });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = rows });
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "INV-" + rows.ToString(CultureInfo.InvariantCulture) + " bench row of about forty bytes" });
                batch.BatchCommands.Add(command);
                rows++;
            }

            await batch.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
            commits++;
        }

        var seconds = clock.Elapsed.TotalSeconds;
        return (commits / seconds, rows / seconds);
    }

    /// <summary>PostgreSQL's bulk path (issue 17 §1): binary COPY of 10,000-row chunks, each committed, for <see cref="Span"/>: rows/s.</summary>
    private static async Task<double> PostgresCopy(NpgsqlConnection connection, string table, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        long rows = 0;
        while (clock.Elapsed < Span)
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            await using (var copy = await connection.BeginBinaryImportAsync($"COPY {table} (customer, amount, note) FROM STDIN (FORMAT BINARY)", ct))
            {
                for (var i = 0; i < 10_000; i++)
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(rows % 1000, NpgsqlTypes.NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(rows, NpgsqlTypes.NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync("INV-" + rows.ToString(CultureInfo.InvariantCulture) + " bench row of about forty bytes", NpgsqlTypes.NpgsqlDbType.Text, ct);
                    rows++;
                }

                await copy.CompleteAsync(ct);
            }

            await tx.CommitAsync(ct);
        }

        return rows / clock.Elapsed.TotalSeconds;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter("@" + name, null));
        }

        return command;
    }
}
