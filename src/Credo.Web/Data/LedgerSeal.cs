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
/// the seal) nor its derived cache. Cost: one HMAC over about 150 bytes in memory per row, no round trip.
/// </summary>
internal sealed class LedgerSeal(byte[] key)
{
    public const string Purpose = "credo/ledger-seal/v1";

    public LedgerSeal(MasterKey master)
        : this(master.DeriveKey(Purpose))
    {
    }

    public string Of(LedgerEntry e)
    {
        var writer = new ArrayBufferWriter<byte>(256);
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
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, writer.WrittenSpan, mac);
        return Convert.ToHexStringLower(mac);
    }

    /// <summary>Whether <paramref name="e"/> carries the seal its columns give (false for a missing one).</summary>
    public bool Holds(LedgerEntry e) =>
        e.Seal is { Length: 64 } seal && CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.ASCII.GetBytes(seal), System.Text.Encoding.ASCII.GetBytes(Of(e)));
}
