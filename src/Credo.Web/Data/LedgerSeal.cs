using System.Buffers;
using System.Security.Cryptography;
using Credo.Web.Infrastructure;

namespace Credo.Web.Data;

/// <summary>
/// Every ledger entry is sealed when it is written (issue 12 §2, ADR 0020): <see cref="LedgerEntry.Seal"/> is an
/// HMAC-SHA256 of its posted columns under a key derived from the master key, which lives outside the database. A
/// row inserted with SQL has no seal or a wrong one, and whoever holds only the database cannot make a right one.
/// The seal covers what the entry says (customer, kind, document, dates, currency, amount, what it applies to,
/// reason, references, method, terms, who recorded it), not its id (assigned by the database after EF computes
/// the seal) nor its derived cache. Cost: one HMAC over about 150 bytes in memory per row, no round trip. Each thread
/// keeps its keyed HMAC and its buffer (reset per row, not re-keyed and re-allocated): about 0.8 µs of CPU per seal
/// against 2.2 µs when each seal keyed a new HMAC (the import pays it per row; bench/README.md, "Must not fall").
/// The reused incremental HMAC is the cheapest the platform offers here: the static one-shot
/// <see cref="HMACSHA256.HashData(byte[], byte[])"/> keys OpenSSL anew per call (about twice the CPU), and two SHA-256
/// passes over the padded key cost more than one HMAC (measured, issue 11). The seal is stored as its 32 raw bytes,
/// half the hex text's size in the row, the WAL and the file, with no hex formatting per row.
/// </summary>
internal sealed class LedgerSeal
{
    public const string Purpose = "credo/ledger-seal/v1";

    [ThreadStatic]
    private static Hasher? _threadHasher;

    private readonly byte[] _key;

    public LedgerSeal(byte[] key)
    {
        _key = key;
    }

    public LedgerSeal(MasterKey master)
        : this(master.DeriveKey(Purpose))
    {
    }

    /// <summary>The seal's length: the 32 raw bytes of an HMAC-SHA256, stored as they are (no hex text).</summary>
    public const int Length = 32;

    /// <summary>The seal <paramref name="e"/>'s posted columns give, as a new 32-byte array (the EF save and both bulk writers).</summary>
    public byte[] Of(LedgerEntry e)
    {
        var seal = new byte[Length];
        Write(e, seal);
        return seal;
    }

    /// <summary>Whether <paramref name="e"/> carries the seal its columns give (false for a missing one).</summary>
    public bool Holds(LedgerEntry e)
    {
        if (e.Seal is not { Length: Length } seal)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[Length];
        Write(e, expected);
        return CryptographicOperations.FixedTimeEquals(seal, expected);
    }

    /// <summary>
    /// The seal rule, the one place it lives: the canonical bytes of the posted columns (<see cref="Canonical"/>) into
    /// this thread's buffer, then one HMAC over them into <paramref name="mac"/>. Nothing is allocated per row.
    /// </summary>
    private void Write(LedgerEntry e, Span<byte> mac)
    {
        var hasher = ThreadHasher();
        var writer = hasher.Buffer;
        writer.ResetWrittenCount();
        Canonical.Int64(writer, e.CustomerId);
        Canonical.Text(writer, e.Kind.ToString());
        Canonical.Text(writer, e.Document);
        Canonical.Int64(writer, e.PostedOn.DayNumber);
        Canonical.Int64(writer, e.DueOn?.DayNumber ?? -1);
        Canonical.Text(writer, e.Currency);
        Canonical.Int64(writer, e.AmountMinor);
        Canonical.Int64(writer, e.AppliesToId ?? -1);
        Canonical.Text(writer, e.Reason);
        Canonical.Text(writer, e.PoNumber);
        Canonical.Text(writer, e.ExternalRef);
        Canonical.Text(writer, e.Method);
        Canonical.Text(writer, e.TermsCode);
        Canonical.Text(writer, e.RecordedBy);
        hasher.Mac.AppendData(writer.WrittenSpan);
        hasher.Mac.GetHashAndReset(mac);
    }

    /// <summary>This thread's hasher for this seal's key (an app has one seal; a test making another gets its own).</summary>
    private Hasher ThreadHasher()
    {
        if (_threadHasher is { } hasher && ReferenceEquals(hasher.Owner, this))
        {
            return hasher;
        }

        _threadHasher?.Dispose();
        return _threadHasher = new Hasher(this, _key);
    }

    /// <summary>One thread's keyed HMAC and canonical-bytes buffer, reused seal after seal.</summary>
    private sealed class Hasher(LedgerSeal owner, byte[] key) : IDisposable
    {
        public LedgerSeal Owner { get; } = owner;

        public IncrementalHash Mac { get; } = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);

        public ArrayBufferWriter<byte> Buffer { get; } = new(256);

        public void Dispose() => Mac.Dispose();
    }
}
