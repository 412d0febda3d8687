using System.Diagnostics;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Xunit.Abstractions;

namespace Credo.Web.Tests.Security;

/// <summary>The ledger seal (issue 12 §2, ADR 0020): it covers every posted column, and what it costs per row.</summary>
public sealed class LedgerSealTests(ITestOutputHelper output)
{
    private static readonly LedgerSeal Seal = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    private static LedgerEntry Entry() => new()
    {
        CustomerId = 42, Kind = EntryKind.Invoice, Document = "INV-1001", PostedOn = new DateOnly(2026, 12, 1), DueOn = new DateOnly(2026, 12, 31),
        Currency = "USD", AmountMinor = 1_234_56, Reason = null, PoNumber = "PO-7", ExternalRef = "ERP-99", Method = null, TermsCode = "NET30",
        RecordedBy = "apikey:erp",
    };

    public static TheoryData<string> Changes() => ["customer", "kind", "document", "posted", "due", "currency", "amount", "applies", "reason", "po", "ref", "method", "terms", "by"];

    [Theory]
    [MemberData(nameof(Changes))]
    public void Changing_any_posted_column_breaks_the_seal(string column)
    {
        var e = Entry();
        e.Seal = Seal.Of(e);
        Assert.True(Seal.Holds(e));
        Action change = column switch
        {
            "customer" => () => e.CustomerId = 43,
            "kind" => () => e.Kind = EntryKind.CreditNote,
            "document" => () => e.Document = "INV-1002",
            "posted" => () => e.PostedOn = e.PostedOn.AddDays(1),
            "due" => () => e.DueOn = null,
            "currency" => () => e.Currency = "EUR",
            "amount" => () => e.AmountMinor += 1,
            "applies" => () => e.AppliesToId = 7,
            "reason" => () => e.Reason = "",
            "po" => () => e.PoNumber = "PO-8",
            "ref" => () => e.ExternalRef = null,
            "method" => () => e.Method = "cash",
            "terms" => () => e.TermsCode = "NET60",
            "by" => () => e.RecordedBy = "apikey:other",
            _ => throw new ArgumentOutOfRangeException(nameof(column)),
        };
        change();
        Assert.False(Seal.Holds(e));
    }

    [Fact]
    public void A_row_without_a_seal_or_sealed_under_another_key_does_not_hold()
    {
        var e = Entry();
        Assert.False(Seal.Holds(e));
        e.Seal = new LedgerSeal(new byte[32]).Of(e);
        Assert.False(Seal.Holds(e));
    }

    [Fact]
    public void A_seal_is_32_raw_bytes_and_no_other_length_holds()
    {
        var e = Entry();
        e.Seal = Seal.Of(e);
        Assert.Equal(32, e.Seal.Length);
        var right = e.Seal;
        e.Seal = System.Text.Encoding.ASCII.GetBytes(Convert.ToHexStringLower(right)); // the seal as hex text's bytes
        Assert.False(Seal.Holds(e));
        e.Seal = [];
        Assert.False(Seal.Holds(e));
        e.Seal = [.. right, 0];
        Assert.False(Seal.Holds(e));
        e.Seal = [.. right];
        Assert.True(Seal.Holds(e));
    }

    /// <summary>Prints the cost per row (a figure for the report, never an assertion on time).</summary>
    [Fact]
    public void Sealing_costs_an_hmac_in_memory_per_row()
    {
        var e = Entry();
        const int rows = 200_000;
        _ = Seal.Of(e);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < rows; i++)
        {
            e.AmountMinor = i;
            e.Seal = Seal.Of(e);
        }

        clock.Stop();
        var usedCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        output.WriteLine($"{rows} seals: {clock.Elapsed.TotalMilliseconds:0} ms wall, {usedCpu.TotalMilliseconds:0} ms process CPU, {clock.Elapsed.TotalMilliseconds * 1000 / rows:0.00} µs per row (wall)");
        Assert.Equal(LedgerSeal.Length, e.Seal!.Length); // 32 raw bytes, no hex text
    }
}
