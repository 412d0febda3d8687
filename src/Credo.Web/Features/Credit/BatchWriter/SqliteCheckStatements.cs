using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Credo.Web.Features.Credit;

/// <summary>
/// The SQLite writer's four write statements (and its read of the book's change count), prepared once on its own connection and kept prepared across batches,
/// their parameters bound by position (issue 17 §2: binding by name through ADO.NET cost about 9 % of the process,
/// and preparing per batch more). They run in whatever transaction the connection has open, as every statement on a
/// SQLite connection does. They also count the pages the connection writes to the log
/// (<c>SQLITE_DBSTATUS_CACHE_WRITE</c>), for the benchmark's log bytes per check. Owned by <see cref="CheckQueue"/>
/// and disposed before its connection.
/// </summary>
internal sealed class SqliteCheckStatements : IDisposable
{
    // The columns EF Core's model has; values in the forms EF Core writes (dates and timestamps as text).
    private const string ReservationSql =
        "INSERT INTO credit_reservations (\"OrderReference\", \"CustomerId\", \"AmountMinor\", \"Currency\", \"ShipOn\", \"CheckedOn\", \"ExpiresOn\", \"State\", \"DecisionJson\", \"CreatedAtUtc\", \"UpdatedAtUtc\", \"CreatedBy\") " +
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, ?11) RETURNING \"Id\"";

    private const string ShareSql = "INSERT INTO credit_reservation_lines (\"ReservationId\", \"LineId\", \"AmountMinor\") VALUES (?1, ?2, ?3)";

    // The event names its reservation: the decision JSON is stored once, on the reservation (OutboxPayloads).
    private const string EventSql = "INSERT INTO outbox_messages (\"Topic\", \"PayloadJson\", \"DecisionOf\", \"CreatedAtUtc\", \"Attempts\") VALUES (?1, '', ?2, ?3, 0)";

    private const string ReserveSql = "UPDATE credit_lines SET \"ReservedMinor\" = \"ReservedMinor\" + ?1 WHERE \"Id\" = ?2";

    // Counted by triggers on every table the writer's book holds (migration CreditBookChanges).
    private const string BookChangesSql = "SELECT \"Count\" FROM credit_book_changes WHERE \"Id\" = 1";

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _reservation;
    private readonly sqlite3_stmt _share;
    private readonly sqlite3_stmt _event;
    private readonly sqlite3_stmt _reserve;
    private readonly sqlite3_stmt _bookChanges;

    public SqliteCheckStatements(SqliteConnection connection)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("The writer's connection is not open.");
        _reservation = Prepare(ReservationSql);
        _share = Prepare(ShareSql);
        _event = Prepare(EventSql);
        _reserve = Prepare(ReserveSql);
        _bookChanges = Prepare(BookChangesSql);
        using var size = connection.CreateCommand();
        size.CommandText = "PRAGMA page_size";
        PageSize = Convert.ToInt32(size.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public int PageSize { get; }

    /// <summary>Pages the connection has written to the log since the last call (each a frame of page size + 24 bytes); call it on the writer's thread.</summary>
    public long TakePagesWritten()
    {
        Check(raw.sqlite3_db_status(_db, raw.SQLITE_DBSTATUS_CACHE_WRITE, out var written, out _, 1));
        return written;
    }

    /// <summary>Inserts a reservation: its new id.</summary>
    public long Reservation(string orderReference, long customerId, long amountMinor, string currency, string? shipOn, string checkedOn, string expiresOn, string state, string decisionJson, string stamp, string createdBy)
    {
        Text(_reservation, 1, orderReference);
        Check(raw.sqlite3_bind_int64(_reservation, 2, customerId));
        Check(raw.sqlite3_bind_int64(_reservation, 3, amountMinor));
        Text(_reservation, 4, currency);
        Check(shipOn is null ? raw.sqlite3_bind_null(_reservation, 5) : raw.sqlite3_bind_text(_reservation, 5, shipOn));
        Text(_reservation, 6, checkedOn);
        Text(_reservation, 7, expiresOn);
        Text(_reservation, 8, state);
        Text(_reservation, 9, decisionJson);
        Text(_reservation, 10, stamp);
        Text(_reservation, 11, createdBy);
        try
        {
            Step(_reservation, raw.SQLITE_ROW);
            return raw.sqlite3_column_int64(_reservation, 0);
        }
        finally
        {
            raw.sqlite3_reset(_reservation);
        }
    }

    public void Share(long reservationId, long lineId, long amountMinor)
    {
        Check(raw.sqlite3_bind_int64(_share, 1, reservationId));
        Check(raw.sqlite3_bind_int64(_share, 2, lineId));
        Check(raw.sqlite3_bind_int64(_share, 3, amountMinor));
        Run(_share);
    }

    public void Event(string topic, long reservationId, string stamp)
    {
        Text(_event, 1, topic);
        Check(raw.sqlite3_bind_int64(_event, 2, reservationId));
        Text(_event, 3, stamp);
        Run(_event);
    }

    /// <summary>An atomic increment of a line's reserved amount: the rows changed (1, or 0 when the line is gone).</summary>
    public int Reserve(long lineId, long delta)
    {
        Check(raw.sqlite3_bind_int64(_reserve, 1, delta));
        Check(raw.sqlite3_bind_int64(_reserve, 2, lineId));
        Run(_reserve);
        return raw.sqlite3_changes(_db);
    }

    /// <summary>
    /// How many changes the tables of the writer's book have seen (creditpath, issue 17 §2): read at the start of a
    /// batch, a different count than the book's means another writer changed what it holds; read again before the
    /// commit, it takes in the writer's own changes (its line increments fire the same triggers).
    /// </summary>
    public long BookChanges()
    {
        try
        {
            Step(_bookChanges, raw.SQLITE_ROW);
            return raw.sqlite3_column_int64(_bookChanges, 0);
        }
        finally
        {
            raw.sqlite3_reset(_bookChanges);
        }
    }

    private sqlite3_stmt Prepare(string sql)
    {
        Check(raw.sqlite3_prepare_v3(_db, sql, raw.SQLITE_PREPARE_PERSISTENT, out var statement));
        return statement;
    }

    private void Text(sqlite3_stmt statement, int index, string value) => Check(raw.sqlite3_bind_text(statement, index, value));

    private void Run(sqlite3_stmt statement)
    {
        try
        {
            Step(statement, raw.SQLITE_DONE);
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    private void Step(sqlite3_stmt statement, int expected)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc != expected)
        {
            throw new SqliteException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(_db).utf8_to_string()}'.", rc, raw.sqlite3_extended_errcode(_db));
        }
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException($"SQLite Error {rc}: '{raw.sqlite3_errmsg(_db).utf8_to_string()}'.", rc, raw.sqlite3_extended_errcode(_db));
        }
    }

    public void Dispose()
    {
        _reservation.Dispose();
        _share.Dispose();
        _event.Dispose();
        _reserve.Dispose();
        _bookChanges.Dispose();
    }
}
