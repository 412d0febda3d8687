using System.Buffers;
using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using Credo.Domain.Ledger;
using Credo.Web.Data;

namespace Credo.Bench;

/// <summary>
/// <c>seal [--rows N]</c>: the CPU of one ledger seal (ADR 0020), which every imported row pays: the HMAC as it is
/// now (each thread's keyed HMAC reset per row, 32 raw bytes) and as it was first written (a new keyed HMAC and buffer per row, hex text).
/// Both give the same seal (checked). Pure and single-threaded, so CPU per seal is the figure.
/// </summary>
internal static class SealBench
{
    public static Command Build()
    {
        var rows = new Option<int>("--rows") { DefaultValueFactory = _ => 300_000 };
        var command = new Command("seal", "CPU per ledger seal: the HMAC now (reused per thread) and as it was (keyed per row).") { rows };
        command.SetAction(parse =>
        {
            var n = parse.GetValue(rows);
            var key = RandomNumberGenerator.GetBytes(32);
            var seal = new LedgerSeal(key);
            var entries = Enumerable.Range(0, 1_000).Select(Entry).ToArray();
            if (entries.Any(e => Convert.ToHexStringLower(seal.Of(e)) != AsItWas(key, e)))
            {
                Console.Error.WriteLine("the two seals differ");
                return 1;
            }

            for (var round = 1; round <= 3; round++)
            {
                var now = Time(n, i => seal.Of(entries[i % entries.Length]));
                var before = Time(n, i => AsItWas(key, entries[i % entries.Length]));
                Console.WriteLine($"round {round}: seal now {now:F2} µs CPU; as it was {before:F2} µs CPU");
            }

            return 0;
        });
        return command;
    }

    private static LedgerEntry Entry(int i) => new()
    {
        CustomerId = 1 + (i % 500), Kind = EntryKind.Invoice, Document = $"INV-{i:D8}", PostedOn = new DateOnly(2026, 1, 1).AddDays(i % 300),
        DueOn = new DateOnly(2026, 2, 1).AddDays(i % 300), Currency = "USD", AmountMinor = 10_000 + i, PoNumber = $"PO-{i}", TermsCode = "NET30",
        RecordedBy = "import:1",
    };

    /// <summary>The seal as ADR 0020 first wrote it: a new buffer and a newly keyed HMAC per row.</summary>
    private static string AsItWas(byte[] key, LedgerEntry e)
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

    private static double Time<T>(int n, Func<int, T> seal)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < n; i++)
        {
            seal(i);
        }

        return (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / n;
    }
}
