using Credo.Domain.Ledger;
using Credo.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Credo.Web.Features.Imports;

/// <summary>A new cache value for an item whose open amount an import changed.</summary>
internal readonly record struct OpenUpdate(long Id, long OpenMinor, ItemState State);

/// <summary>
/// The provider-specific fast path for posting many ledger rows inside the import's transaction. EF Core change
/// tracking costs far more per row than the insert itself; these writers skip it. Ids are assigned here, so that
/// allocations can point at rows written in the same batch.
/// </summary>
internal abstract class LedgerBulkWriter : IAsyncDisposable
{
    public static async Task<LedgerBulkWriter> Open(CreditDb db, CancellationToken ct)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("The bulk writer runs inside the import's transaction.");
        var connection = db.Database.GetDbConnection();
        LedgerBulkWriter writer = db.Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteWriter((SqliteConnection)connection, (SqliteTransaction)transaction),
            DatabaseProvider.Postgres => new PostgresWriter((NpgsqlConnection)connection),
        };
        await writer.Start(ct);
        return writer;
    }

    /// <summary>Gives each entry and allocation its id.</summary>
    public abstract Task AssignIds(IReadOnlyList<LedgerEntry> entries, IReadOnlyList<AllocationEntry> allocations, CancellationToken ct);

    public abstract Task Insert(IReadOnlyList<LedgerEntry> entries, IReadOnlyList<AllocationEntry> allocations, CancellationToken ct);

    public abstract Task UpdateOpen(IReadOnlyCollection<OpenUpdate> updates, CancellationToken ct);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    protected virtual Task Start(CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// SQLite: the import's IMMEDIATE transaction holds the write lock, so MAX(Id)+1 read once stays ours; one
    /// prepared INSERT per table is reused for every row.
    /// </summary>
    private sealed class SqliteWriter(SqliteConnection connection, SqliteTransaction transaction) : LedgerBulkWriter
    {
        private static readonly string[] EntryColumns =
        [
            "Id", "CustomerId", "Kind", "Document", "PostedOn", "DueOn", "Currency", "AmountMinor", "AppliesToId", "Reason", "PoNumber",
            "ExternalRef", "Method", "TermsCode", "ImportBatchId", "SourceLine", "ContentHash", "RecordedAtUtc", "RecordedBy",
            "OpenMinor", "State", "Disputed", "Version",
        ];

        private static readonly string[] AllocationColumns =
            ["Id", "CustomerId", "CreditId", "DebitId", "Currency", "AmountMinor", "AppliedOn", "ReversesId", "Reason", "RecordedAtUtc", "RecordedBy"];

        private long _nextEntryId;
        private long _nextAllocationId;
        private SqliteCommand? _insertEntry;
        private SqliteCommand? _insertAllocation;
        private SqliteCommand? _updateOpen;

        protected override async Task Start(CancellationToken ct)
        {
            _nextEntryId = await Scalar("SELECT COALESCE(MAX(\"Id\"), 0) + 1 FROM ledger_entries", ct);
            _nextAllocationId = await Scalar("SELECT COALESCE(MAX(\"Id\"), 0) + 1 FROM allocations", ct);
            _insertEntry = Prepare("ledger_entries", EntryColumns);
            _insertAllocation = Prepare("allocations", AllocationColumns);
            _updateOpen = connection.CreateCommand();
            _updateOpen.Transaction = transaction;
            _updateOpen.CommandText = "UPDATE ledger_entries SET \"OpenMinor\" = $p0, \"State\" = $p1, \"Version\" = \"Version\" + 1 WHERE \"Id\" = $p2";
            for (var i = 0; i < 3; i++)
            {
                _updateOpen.Parameters.Add(new SqliteParameter("$p" + i, null));
            }

            _updateOpen.Prepare();
        }

        public override Task AssignIds(IReadOnlyList<LedgerEntry> entries, IReadOnlyList<AllocationEntry> allocations, CancellationToken ct)
        {
            foreach (var e in entries)
            {
                e.Id = _nextEntryId++;
            }

            foreach (var a in allocations)
            {
                a.Id = _nextAllocationId++;
            }

            return Task.CompletedTask;
        }

        public override Task Insert(IReadOnlyList<LedgerEntry> entries, IReadOnlyList<AllocationEntry> allocations, CancellationToken ct)
        {
            var p = _insertEntry!.Parameters;
            foreach (var e in entries)
            {
                p[0].Value = e.Id;
                p[1].Value = e.CustomerId;
                p[2].Value = e.Kind.ToString();
                p[3].Value = (object?)e.Document ?? DBNull.Value;
                p[4].Value = e.PostedOn;
                p[5].Value = e.DueOn is { } due ? due : DBNull.Value;
                p[6].Value = e.Currency;
                p[7].Value = e.AmountMinor;
                p[8].Value = e.AppliesToId is { } applies ? applies : DBNull.Value;
                p[9].Value = (object?)e.Reason ?? DBNull.Value;
                p[10].Value = (object?)e.PoNumber ?? DBNull.Value;
                p[11].Value = (object?)e.ExternalRef ?? DBNull.Value;
                p[12].Value = (object?)e.Method ?? DBNull.Value;
                p[13].Value = (object?)e.TermsCode ?? DBNull.Value;
                p[14].Value = e.ImportBatchId is { } batch ? batch : DBNull.Value;
                p[15].Value = e.SourceLine is { } line ? line : DBNull.Value;
                p[16].Value = (object?)e.ContentHash ?? DBNull.Value;
                p[17].Value = e.RecordedAtUtc;
                p[18].Value = e.RecordedBy;
                p[19].Value = e.OpenMinor;
                p[20].Value = e.State.ToString();
                p[21].Value = e.Disputed;
                p[22].Value = e.Version;
                _insertEntry.ExecuteNonQuery();
            }

            var q = _insertAllocation!.Parameters;
            foreach (var a in allocations)
            {
                q[0].Value = a.Id;
                q[1].Value = a.CustomerId;
                q[2].Value = a.CreditId;
                q[3].Value = a.DebitId;
                q[4].Value = a.Currency;
                q[5].Value = a.AmountMinor;
                q[6].Value = a.AppliedOn;
                q[7].Value = a.ReversesId is { } reverses ? reverses : DBNull.Value;
                q[8].Value = (object?)a.Reason ?? DBNull.Value;
                q[9].Value = a.RecordedAtUtc;
                q[10].Value = a.RecordedBy;
                _insertAllocation.ExecuteNonQuery();
            }

            return Task.CompletedTask;
        }

        public override Task UpdateOpen(IReadOnlyCollection<OpenUpdate> updates, CancellationToken ct)
        {
            var p = _updateOpen!.Parameters;
            foreach (var u in updates)
            {
                p[0].Value = u.OpenMinor;
                p[1].Value = u.State.ToString();
                p[2].Value = u.Id;
                _updateOpen.ExecuteNonQuery();
            }

            return Task.CompletedTask;
        }

        public override ValueTask DisposeAsync()
        {
            _insertEntry?.Dispose();
            _insertAllocation?.Dispose();
            _updateOpen?.Dispose();
            return base.DisposeAsync();
        }

        private async Task<long> Scalar(string sql, CancellationToken ct)
        {
            await using var cmd = connection.CreateCommand();
            cmd.Transaction = transaction;
            cmd.CommandText = sql;
            return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        }

        private SqliteCommand Prepare(string table, string[] columns)
        {
            var cmd = connection.CreateCommand();
            cmd.Transaction = transaction;
            cmd.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
            for (var i = 0; i < columns.Length; i++)
            {
                cmd.Parameters.Add(new SqliteParameter("$p" + i, null));
            }

            cmd.Prepare();
            return cmd;
        }
    }

    /// <summary>PostgreSQL: ids from the identity sequences, rows through binary COPY, cache updates through unnest.</summary>
    private sealed class PostgresWriter(NpgsqlConnection connection) : LedgerBulkWriter
    {
        public override async Task AssignIds(IReadOnlyList<LedgerEntry> entries, IReadOnlyList<AllocationEntry> allocations, CancellationToken ct)
        {
            var entryIds = await NextIds("ledger_entries", entries.Count, ct);
            for (var i = 0; i < entries.Count; i++)
            {
                entries[i].Id = entryIds[i];
            }

            var allocationIds = await NextIds("allocations", allocations.Count, ct);
            for (var i = 0; i < allocations.Count; i++)
            {
                allocations[i].Id = allocationIds[i];
            }
        }

        public override async Task Insert(IReadOnlyList<LedgerEntry> entries, IReadOnlyList<AllocationEntry> allocations, CancellationToken ct)
        {
            if (entries.Count > 0)
            {
                await using var copy = await connection.BeginBinaryImportAsync(
                    "COPY ledger_entries (\"Id\", \"CustomerId\", \"Kind\", \"Document\", \"PostedOn\", \"DueOn\", \"Currency\", \"AmountMinor\", \"AppliesToId\", \"Reason\", \"PoNumber\", \"ExternalRef\", \"Method\", \"TermsCode\", \"ImportBatchId\", \"SourceLine\", \"ContentHash\", \"RecordedAtUtc\", \"RecordedBy\", \"OpenMinor\", \"State\", \"Disputed\", \"Version\") FROM STDIN (FORMAT BINARY)", ct);
                foreach (var e in entries)
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(e.Id, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(e.CustomerId, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(e.Kind.ToString(), NpgsqlDbType.Varchar, ct);
                    await WriteNullable(copy, e.Document, NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync(e.PostedOn, NpgsqlDbType.Date, ct);
                    await WriteNullable(copy, e.DueOn, NpgsqlDbType.Date, ct);
                    await copy.WriteAsync(e.Currency, NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync(e.AmountMinor, NpgsqlDbType.Bigint, ct);
                    await WriteNullable(copy, e.AppliesToId, NpgsqlDbType.Bigint, ct);
                    await WriteNullable(copy, e.Reason, NpgsqlDbType.Varchar, ct);
                    await WriteNullable(copy, e.PoNumber, NpgsqlDbType.Varchar, ct);
                    await WriteNullable(copy, e.ExternalRef, NpgsqlDbType.Varchar, ct);
                    await WriteNullable(copy, e.Method, NpgsqlDbType.Varchar, ct);
                    await WriteNullable(copy, e.TermsCode, NpgsqlDbType.Varchar, ct);
                    await WriteNullable(copy, e.ImportBatchId, NpgsqlDbType.Bigint, ct);
                    await WriteNullable(copy, e.SourceLine, NpgsqlDbType.Integer, ct);
                    await WriteNullable(copy, e.ContentHash, NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync(DateTime.SpecifyKind(e.RecordedAtUtc, DateTimeKind.Utc), NpgsqlDbType.TimestampTz, ct);
                    await copy.WriteAsync(e.RecordedBy, NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync(e.OpenMinor, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(e.State.ToString(), NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync(e.Disputed, NpgsqlDbType.Boolean, ct);
                    await copy.WriteAsync(e.Version, NpgsqlDbType.Integer, ct);
                }

                await copy.CompleteAsync(ct);
            }

            if (allocations.Count > 0)
            {
                await using var copy = await connection.BeginBinaryImportAsync(
                    "COPY allocations (\"Id\", \"CustomerId\", \"CreditId\", \"DebitId\", \"Currency\", \"AmountMinor\", \"AppliedOn\", \"ReversesId\", \"Reason\", \"RecordedAtUtc\", \"RecordedBy\") FROM STDIN (FORMAT BINARY)", ct);
                foreach (var a in allocations)
                {
                    await copy.StartRowAsync(ct);
                    await copy.WriteAsync(a.Id, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(a.CustomerId, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(a.CreditId, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(a.DebitId, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(a.Currency, NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync(a.AmountMinor, NpgsqlDbType.Bigint, ct);
                    await copy.WriteAsync(a.AppliedOn, NpgsqlDbType.Date, ct);
                    await WriteNullable(copy, a.ReversesId, NpgsqlDbType.Bigint, ct);
                    await WriteNullable(copy, a.Reason, NpgsqlDbType.Varchar, ct);
                    await copy.WriteAsync(DateTime.SpecifyKind(a.RecordedAtUtc, DateTimeKind.Utc), NpgsqlDbType.TimestampTz, ct);
                    await copy.WriteAsync(a.RecordedBy, NpgsqlDbType.Varchar, ct);
                }

                await copy.CompleteAsync(ct);
            }
        }

        public override async Task UpdateOpen(IReadOnlyCollection<OpenUpdate> updates, CancellationToken ct)
        {
            if (updates.Count == 0)
            {
                return;
            }

            await using var cmd = new NpgsqlCommand(
                "UPDATE ledger_entries e SET \"OpenMinor\" = u.open, \"State\" = u.state, \"Version\" = e.\"Version\" + 1 " +
                "FROM unnest(@ids, @opens, @states) AS u(id, open, state) WHERE e.\"Id\" = u.id",
                connection);
            cmd.Parameters.Add(new NpgsqlParameter<long[]>("ids", updates.Select(u => u.Id).ToArray()));
            cmd.Parameters.Add(new NpgsqlParameter<long[]>("opens", updates.Select(u => u.OpenMinor).ToArray()));
            cmd.Parameters.Add(new NpgsqlParameter<string[]>("states", updates.Select(u => u.State.ToString()).ToArray()));
            await cmd.ExecuteNonQueryAsync(ct);
        }

        private static async Task WriteNullable<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct)
            where T : class
        {
            if (value is null)
            {
                await copy.WriteNullAsync(ct);
            }
            else
            {
                await copy.WriteAsync(value, type, ct);
            }
        }

        private static async Task WriteNullable<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct)
            where T : struct
        {
            if (value is { } v)
            {
                await copy.WriteAsync(v, type, ct);
            }
            else
            {
                await copy.WriteNullAsync(ct);
            }
        }

        private async Task<long[]> NextIds(string table, int count, CancellationToken ct)
        {
            if (count == 0)
            {
                return [];
            }

            await using var cmd = new NpgsqlCommand($"SELECT nextval(pg_get_serial_sequence('{table}', 'Id')) FROM generate_series(1, @n)", connection);
            cmd.Parameters.Add(new NpgsqlParameter<int>("n", count));
            var ids = new long[count];
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            for (var i = 0; await reader.ReadAsync(ct); i++)
            {
                ids[i] = reader.GetInt64(0);
            }

            return ids;
        }
    }
}
