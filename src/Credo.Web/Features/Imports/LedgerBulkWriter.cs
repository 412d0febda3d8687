using Credo.Domain.Ledger;
using Credo.Domain.Ledger.Settlement;
using Credo.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using SQLitePCL;

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
            DatabaseProvider.Sqlite => new SqliteWriter((SqliteConnection)connection, (SqliteTransaction)transaction, db.LedgerSeal),
            DatabaseProvider.Postgres => new PostgresWriter((NpgsqlConnection)connection, db.LedgerSeal),
        };
        await writer.Start(ct);
        return writer;
    }

    /// <summary>Gives each entry and allocation its id.</summary>
    public abstract Task AssignIds(IReadOnlyList<LedgerEntry> entries, IReadOnlyList<AllocationEntry> allocations, CancellationToken ct);

    public abstract Task Insert(IReadOnlyList<LedgerEntry> entries, IReadOnlyList<AllocationEntry> allocations, CancellationToken ct);

    public abstract Task UpdateOpen(IReadOnlyCollection<OpenUpdate> updates, CancellationToken ct);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// The new cache of debits a bulk path settled (the import's chunks, cash application's batches): each debit as read
    /// (<paramref name="touched"/>' <c>Before</c>, its open amount before any settling) and its open amount after the
    /// planner's plans. Its state also needs what was written off it (a fully settled item is Paid, or WrittenOff when a
    /// live write-off closed part of it), read here for the touched debits only and handed to the planner's
    /// <see cref="SettlementPlanner.StateAfter"/>.
    /// </summary>
    public static async Task<List<OpenUpdate>> SettledStates(CreditDb db, IReadOnlyCollection<(SettlementDebit Before, long OpenAfterMinor)> touched, CancellationToken ct)
    {
        if (touched.Count == 0)
        {
            return [];
        }

        var ids = touched.Select(t => t.Before.Id).ToList();
        var applied = await db.Entries.AsNoTracking().Where(e => e.AppliesToId != null && EF.Parameter(ids).Contains(e.AppliesToId.Value))
            .Select(e => new PostedEntry(e.Id, e.Kind, e.AmountMinor, e.AppliesToId)).ToListAsync(ct);
        var appliedIds = applied.Select(a => a.Id).ToList();
        var reversalsOfApplied = appliedIds.Count == 0 ? [] : await db.Entries.AsNoTracking()
            .Where(e => e.AppliesToId != null && EF.Parameter(appliedIds).Contains(e.AppliesToId.Value))
            .Select(e => new PostedEntry(e.Id, e.Kind, e.AmountMinor, e.AppliesToId)).ToListAsync(ct);
        List<PostedEntry> related = [.. applied, .. reversalsOfApplied];
        return
        [
            .. touched.Select(t =>
            {
                var d = t.Before;
                var writtenOff = related.Count == 0 ? 0 : Derivation.HistoryOf(new PostedEntry(d.Id, EntryKind.Invoice, d.OriginalMinor, null), related, 0).WrittenOffMinor;
                return new OpenUpdate(d.Id, t.OpenAfterMinor, SettlementPlanner.StateAfter(d with { WrittenOffMinor = writtenOff }, t.OpenAfterMinor));
            }),
        ];
    }

    protected virtual Task Start(CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// SQLite: the import's IMMEDIATE transaction holds the write lock, so MAX(Id)+1 read once stays ours; one
    /// prepared INSERT per table is reused for every row. (Multi-row VALUES statements were slower: binding
    /// hundreds of named parameters costs more than the statements saved.)
    /// </summary>
    private sealed class SqliteWriter(SqliteConnection connection, SqliteTransaction transaction, LedgerSeal seal) : LedgerBulkWriter
    {
        private static readonly string[] EntryColumns =
        [
            "Id", "CustomerId", "Kind", "Document", "PostedOn", "DueOn", "Currency", "AmountMinor", "AppliesToId", "Reason", "PoNumber",
            "ExternalRef", "Method", "TermsCode", "ImportBatchId", "SourceLine", "ContentHash", "RecordedAtUtc", "RecordedBy",
            "OpenMinor", "State", "Disputed", "Version", "Seal",
        ];

        public static IReadOnlyList<string> EntryColumnNames => EntryColumns;

        private static readonly string[] AllocationColumns =
            ["Id", "CustomerId", "CreditId", "DebitId", "Currency", "AmountMinor", "AppliedOn", "ReversesId", "Reason", "RecordedAtUtc", "RecordedBy"];

        private long _nextEntryId;
        private long _nextAllocationId;
        private EntryStatement? _insertEntry;
        private string _recordedAtText = string.Empty;
        private DateTime _recordedAt;
        private SqliteCommand? _insertAllocation;
        private SqliteCommand? _updateOpen;

        protected override async Task Start(CancellationToken ct)
        {
            // A large page cache for this connection keeps the transaction's index pages in memory instead of
            // spilling them to the WAL before the commit (it is per connection and returns with it).
            await Scalar("PRAGMA cache_size = -262144", ct);
            _nextEntryId = await Scalar("SELECT COALESCE(MAX(\"Id\"), 0) + 1 FROM ledger_entries", ct);
            _nextAllocationId = await Scalar("SELECT COALESCE(MAX(\"Id\"), 0) + 1 FROM allocations", ct);
            _insertEntry = new EntryStatement(connection);
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
            foreach (var e in entries)
            {
                Bind(_insertEntry!, e);
                _insertEntry!.Execute();
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
            using (var reset = connection.CreateCommand())
            {
                // Back to the default page cache before the connection returns to the pool.
                reset.Transaction = transaction;
                reset.CommandText = "PRAGMA cache_size = -2000";
                reset.ExecuteNonQuery();
            }

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
            return await cmd.ExecuteScalarAsync(ct) is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
        }

        private static string KindText(EntryKind kind) => kind switch
        {
            EntryKind.Invoice => nameof(EntryKind.Invoice),
            EntryKind.CreditNote => nameof(EntryKind.CreditNote),
            EntryKind.Payment => nameof(EntryKind.Payment),
            EntryKind.Adjustment => nameof(EntryKind.Adjustment),
            EntryKind.WriteOff => nameof(EntryKind.WriteOff),
            EntryKind.Reversal => nameof(EntryKind.Reversal),
        };

        private static string StateText(ItemState state) => state switch
        {
            ItemState.Open => nameof(ItemState.Open),
            ItemState.PartiallyPaid => nameof(ItemState.PartiallyPaid),
            ItemState.Paid => nameof(ItemState.Paid),
            ItemState.WrittenOff => nameof(ItemState.WrittenOff),
            ItemState.Reversed => nameof(ItemState.Reversed),
        };

        /// <summary>
        /// One ledger row through SQLitePCLRaw (the layer under Microsoft.Data.Sqlite, on the same connection and
        /// transaction): parameters bound by position without boxing, in the text forms EF Core's SQLite provider
        /// stores (dates yyyy-MM-dd, enums by name).
        /// </summary>
        private void Bind(EntryStatement target, LedgerEntry e)
        {
            if (e.RecordedAtUtc != _recordedAt || _recordedAtText.Length == 0)
            {
                _recordedAt = e.RecordedAtUtc;
                _recordedAtText = e.RecordedAtUtc.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", System.Globalization.CultureInfo.InvariantCulture);
            }

            target.Int64(1, e.Id);
            target.Int64(2, e.CustomerId);
            target.Text(3, KindText(e.Kind));
            target.Text(4, e.Document);
            target.Date(5, e.PostedOn);
            target.Date(6, e.DueOn);
            target.Text(7, e.Currency);
            target.Int64(8, e.AmountMinor);
            target.Int64(9, e.AppliesToId);
            target.Text(10, e.Reason);
            target.Text(11, e.PoNumber);
            target.Text(12, e.ExternalRef);
            target.Text(13, e.Method);
            target.Text(14, e.TermsCode);
            target.Int64(15, e.ImportBatchId);
            target.Int64(16, e.SourceLine);
            target.Text(17, e.ContentHash);
            target.Text(18, _recordedAtText);
            target.Text(19, e.RecordedBy);
            target.Int64(20, e.OpenMinor);
            target.Text(21, StateText(e.State));
            target.Int64(22, e.Disputed ? 1 : 0);
            target.Int64(23, e.Version);
            target.Blob(24, e.Seal = seal.Of(e)); // issue 12 §2: one HMAC in memory per row, stored as 32 raw bytes
        }

        private SqliteCommand Prepare(string table, string[] columns, int rows = 1)
        {
            var cmd = connection.CreateCommand();
            cmd.Transaction = transaction;
            var values = Enumerable.Range(0, rows).Select(r => "(" + string.Join(", ", columns.Select((_, i) => "$p" + ((r * columns.Length) + i))) + ")");
            cmd.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES {string.Join(", ", values)}";
            for (var i = 0; i < columns.Length * rows; i++)
            {
                cmd.Parameters.Add(new SqliteParameter("$p" + i, null));
            }

            cmd.Prepare();
            return cmd;
        }
    }

    /// <summary>
    /// The prepared single-row ledger INSERT with the values it holds. SQLite keeps bindings across
    /// <c>sqlite3_reset</c>, and most columns of an import repeat from row to row (kind, currency, terms, batch,
    /// recorder, state), so a value equal to the one already bound is not bound again. (Multi-row VALUES through
    /// this path measured twice as slow: a statement that can fail half-way needs a statement journal.)
    /// </summary>
    private sealed class EntryStatement : IDisposable
    {
        private readonly SqliteConnection _connection;
        private readonly sqlite3_stmt _statement;
        private readonly bool[] _bound;
        private readonly string?[] _text;
        private readonly long?[] _int64;
        private readonly DateOnly?[] _date;
        private readonly byte[] _buffer = new byte[4096];

        public EntryStatement(SqliteConnection connection)
        {
            _connection = connection;
            var columns = string.Join(", ", SqliteWriter.EntryColumnNames.Select(c => $"\"{c}\""));
            var values = string.Join(", ", SqliteWriter.EntryColumnNames.Select((_, i) => "?" + (i + 1)));
            var rc = raw.sqlite3_prepare_v2(connection.Handle, $"INSERT INTO ledger_entries ({columns}) VALUES ({values})", out var statement);
            if (rc != raw.SQLITE_OK)
            {
                throw new SqliteException(raw.sqlite3_errmsg(connection.Handle).utf8_to_string(), rc);
            }

            _statement = statement;
            var slots = SqliteWriter.EntryColumnNames.Count + 1;
            _bound = new bool[slots];
            _text = new string?[slots];
            _int64 = new long?[slots];
            _date = new DateOnly?[slots];
        }

        public void Execute()
        {
            var rc = raw.sqlite3_step(_statement);
            raw.sqlite3_reset(_statement);
            if (rc != raw.SQLITE_DONE)
            {
                throw new SqliteException(raw.sqlite3_errmsg(_connection.Handle).utf8_to_string(), rc);
            }
        }

        public void Text(int index, string? value)
        {
            if (_bound[index] && string.Equals(_text[index], value, StringComparison.Ordinal))
            {
                return;
            }

            _bound[index] = true;
            _text[index] = value;
            if (value is null)
            {
                raw.sqlite3_bind_null(_statement, index);
            }
            else if (value.Length * 3 <= _buffer.Length)
            {
                // Encoded into a reused buffer; SQLitePCLRaw binds spans as SQLITE_TRANSIENT (SQLite copies them).
                var n = System.Text.Encoding.UTF8.GetBytes(value, _buffer);
                raw.sqlite3_bind_text(_statement, index, _buffer.AsSpan(0, n));
            }
            else
            {
                raw.sqlite3_bind_text(_statement, index, value);
            }
        }

        public void Int64(int index, long? value)
        {
            if (_bound[index] && _int64[index] == value)
            {
                return;
            }

            _bound[index] = true;
            _int64[index] = value;
            if (value is { } v)
            {
                raw.sqlite3_bind_int64(_statement, index, v);
            }
            else
            {
                raw.sqlite3_bind_null(_statement, index);
            }
        }

        /// <summary>Raw bytes (the seal: a new value every row, so bound each time; SQLite copies them).</summary>
        public void Blob(int index, byte[] value)
        {
            _bound[index] = true;
            raw.sqlite3_bind_blob(_statement, index, value);
        }

        /// <summary>A date as EF Core's SQLite provider stores it: yyyy-MM-dd text.</summary>
        public void Date(int index, DateOnly? value)
        {
            if (_bound[index] && _date[index] == value)
            {
                return;
            }

            _bound[index] = true;
            _date[index] = value;
            if (value is { } date)
            {
                Span<byte> buffer = stackalloc byte[10];
                raw.sqlite3_bind_text(_statement, index, date.TryFormat(buffer, out var written, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ? buffer[..written] : throw new InvalidOperationException("Date did not format."));
            }
            else
            {
                raw.sqlite3_bind_null(_statement, index);
            }
        }

        public void Dispose() => _statement.Dispose();
    }

    /// <summary>PostgreSQL: ids from the identity sequences, rows through binary COPY, cache updates through unnest.</summary>
    private sealed class PostgresWriter(NpgsqlConnection connection, LedgerSeal seal) : LedgerBulkWriter
    {
        public override async Task AssignIds(IReadOnlyList<LedgerEntry> entries, IReadOnlyList<AllocationEntry> allocations, CancellationToken ct)
        {
            if (allocations.Count == 0)
            {
                // Nothing points at the new rows: COPY leaves "Id" to the identity default (one nextval per row
                // inside the server, no round trip for a list of ids).
                return;
            }

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
                var withIds = entries[0].Id != 0;
                await using var copy = await connection.BeginBinaryImportAsync(
                    "COPY ledger_entries (" + (withIds ? "\"Id\", " : string.Empty) + "\"CustomerId\", \"Kind\", \"Document\", \"PostedOn\", \"DueOn\", \"Currency\", \"AmountMinor\", \"AppliesToId\", \"Reason\", \"PoNumber\", \"ExternalRef\", \"Method\", \"TermsCode\", \"ImportBatchId\", \"SourceLine\", \"ContentHash\", \"RecordedAtUtc\", \"RecordedBy\", \"OpenMinor\", \"State\", \"Disputed\", \"Version\", \"Seal\") FROM STDIN (FORMAT BINARY)", ct);
                foreach (var e in entries)
                {
                    await copy.StartRowAsync(ct);
                    if (withIds)
                    {
                        await copy.WriteAsync(e.Id, NpgsqlDbType.Bigint, ct);
                    }

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
                    await copy.WriteAsync(e.Seal = seal.Of(e), NpgsqlDbType.Bytea, ct); // issue 12 §2: one HMAC in memory per row, stored as 32 raw bytes
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
