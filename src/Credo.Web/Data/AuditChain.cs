using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Data;

/// <summary>
/// The audit trail as a hash chain (issue 12 §2, ADR 0020). Each row carries its place (<see cref="AuditEntry.Seq"/>,
/// 1, 2, 3, ... with a unique index) and <see cref="AuditEntry.Hash"/> = SHA-256(previous row's hash || the row's
/// canonical encoding); the first row links to 64 zeros. An edited row no longer matches its hash, a deleted row
/// leaves a gap in the places, and a row inserted around Credo has no place or a hash that does not follow.
/// Appending is serialised: SQLite has one writer (every write transaction begins IMMEDIATE), and on PostgreSQL
/// the appender takes a transaction-scoped advisory lock before it reads the head, held until its commit.
/// </summary>
internal static class AuditChain
{
    public static readonly string Genesis = new('0', 64);

    /// <summary>The advisory-lock key of the audit chain ("CRED" "AUD" as bytes), the same for every instance.</summary>
    private const long LockKey = 0x43524544_415544;

    /// <summary>
    /// Serialises appenders on PostgreSQL until this transaction ends (a no-op on SQLite, whose write transaction
    /// already excludes every other writer). Call inside the transaction that appends.
    /// </summary>
    public static async Task Lock(CreditDb db, CancellationToken ct)
    {
        if (db.Provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LockKey})", ct);
        }
    }

    /// <summary>The last link: its place and hash, or (0, genesis) for an empty chain.</summary>
    public static async Task<(long Seq, string Hash)> Head(CreditDb db, CancellationToken ct)
    {
        var head = await db.Audit.AsNoTracking().Where(a => a.Seq != null).OrderByDescending(a => a.Seq)
            .Select(a => new { a.Seq, a.Hash }).FirstOrDefaultAsync(ct);
        return head is null ? (0, Genesis) : (head.Seq!.Value, head.Hash ?? Genesis);
    }

    /// <summary>Gives <paramref name="rows"/> the next places after <paramref name="head"/> and their hashes; returns the new head.</summary>
    public static (long Seq, string Hash) Link((long Seq, string Hash) head, IEnumerable<AuditEntry> rows)
    {
        foreach (var row in rows)
        {
            row.AtUtc = Stamp(row.AtUtc);
            row.Seq = head.Seq + 1;
            row.Hash = HashOf(head.Hash, row);
            head = (row.Seq.Value, row.Hash);
        }

        return head;
    }

    /// <summary>
    /// A time as both databases give it back: PostgreSQL keeps microseconds, so the hashed time is cut to them
    /// before it is stored (the kind is dropped too: only the ticks are hashed).
    /// </summary>
    public static DateTime Stamp(DateTime utc) => new(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);

    /// <summary>
    /// SHA-256 over the previous hash and the row: its place (8 bytes, big-endian), its time (ticks, 8 bytes), then
    /// actor, action, entity, key, before and after, each as a 4-byte length (-1 for null) and its UTF-8 bytes.
    /// Lower-case hex.
    /// </summary>
    public static string HashOf(string previousHash, AuditEntry row)
    {
        var writer = new ArrayBufferWriter<byte>(256 + ((row.BeforeJson?.Length ?? 0) + (row.AfterJson?.Length ?? 0)) * 3);
        Canonical.Text(writer, previousHash);
        Canonical.Int64(writer, row.Seq ?? 0);
        Canonical.Int64(writer, Stamp(row.AtUtc).Ticks);
        Canonical.Text(writer, row.Actor);
        Canonical.Text(writer, row.Action);
        Canonical.Text(writer, row.Entity);
        Canonical.Text(writer, row.EntityId);
        Canonical.Text(writer, row.BeforeJson);
        Canonical.Text(writer, row.AfterJson);
        return Convert.ToHexStringLower(SHA256.HashData(writer.WrittenSpan));
    }
}

/// <summary>The byte encoding that the audit chain and the ledger seal hash: fixed-width integers and length-prefixed text.</summary>
internal static class Canonical
{
    public static void Int64(ArrayBufferWriter<byte> writer, long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(writer.GetSpan(8), value);
        writer.Advance(8);
    }

    public static void Text(ArrayBufferWriter<byte> writer, string? value)
    {
        if (value is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(writer.GetSpan(4), -1);
            writer.Advance(4);
            return;
        }

        var span = writer.GetSpan(4 + Encoding.UTF8.GetMaxByteCount(value.Length));
        var length = Encoding.UTF8.GetBytes(value, span[4..]);
        BinaryPrimitives.WriteInt32BigEndian(span, length);
        writer.Advance(4 + length);
    }
}
