using Credo.Domain.Ledger;

namespace Credo.Domain.Tests.Ledger;

public sealed class CorrectionsTests
{
    [Theory]
    [InlineData(5000, null, 5000L, null)]
    [InlineData(5000, 2000L, 2000L, null)]
    [InlineData(5000, 5000L, 5000L, null)]
    [InlineData(5000, 5001L, null, "write-off-exceeds-open")]
    [InlineData(0, null, null, "nothing-open")]
    [InlineData(5000, 0L, null, "validation")]
    public void Write_off_is_at_most_what_is_open(long open, long? requested, long? expected, string? refusal)
    {
        var result = Corrections.WriteOff(open, requested);
        Assert.Equal(expected, result.IsOk ? result.Value : null);
        Assert.Equal(refusal, result.Error?.Code);
    }

    [Theory]
    [InlineData(5000, 100, null)]
    [InlineData(5000, -5000, null)]
    [InlineData(5000, -5001, "adjustment-exceeds-open")]
    [InlineData(0, 1, null)]
    public void Adjustment_never_makes_the_open_amount_negative(long open, long delta, string? refusal) =>
        Assert.Equal(refusal, Corrections.Adjust(open, delta)?.Code);

    [Theory]
    [InlineData(EntryKind.Invoice, false, false, null)]
    [InlineData(EntryKind.Payment, false, false, null)]
    [InlineData(EntryKind.WriteOff, false, false, null)]
    [InlineData(EntryKind.Invoice, true, false, "already-reversed")]
    [InlineData(EntryKind.Invoice, false, true, "has-applied-entries")]
    [InlineData(EntryKind.Reversal, false, false, "cannot-reverse-reversal")]
    public void Reversal_rules(EntryKind kind, bool alreadyReversed, bool liveApplied, string? refusal) =>
        Assert.Equal(refusal, Corrections.CanReverse(kind, alreadyReversed, liveApplied)?.Code);

    [Theory]
    // available, open per invoice 1..n, requested "id:amount" → refusal code and field, or null
    [InlineData(100, new long[] { 50, 50 }, new[] { "1:50", "2:50" }, null, null)]
    [InlineData(100, new long[] { 50, 50 }, new[] { "1:51" }, "over-allocation", "allocations[0].amount")]
    [InlineData(60, new long[] { 50, 50 }, new[] { "1:40", "2:40" }, "over-allocation", "allocations")]
    [InlineData(100, new long[] { 50 }, new[] { "1:30", "1:30" }, "over-allocation", "allocations[1].amount")]
    [InlineData(100, new long[] { 50 }, new[] { "1:0" }, "validation", "allocations[0].amount")]
    public void Explicit_allocations_are_checked(long available, long[] opens, string[] requested, string? code, string? field)
    {
        var open = opens.Select((o, i) => (Id: (long)i + 1, o)).ToDictionary(x => x.Id, x => x.o);
        var asks = requested.Select((r, i) => r.Split(':')).Select((p, i) => new RequestedApplication(long.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), long.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture), $"allocations[{i}].amount")).ToList();
        var result = Corrections.Explicit(available, asks, open);
        Assert.Equal(code, result.Error?.Code);
        Assert.Equal(field, result.Error?.Field);
    }
}
