using Credo.Domain.Ledger;
using FsCheck;
using FsCheck.Xunit;

namespace Credo.Domain.Tests.Ledger;

public sealed class AllocationTests
{
    private static readonly DateOnly Jan = new(2026, 1, 1);

    [Theory]
    // available, open amounts of invoices 1..n (due Jan 1 + id days), expected applications "id:amount"
    [InlineData(100, new long[] { 60, 60 }, new[] { "1:60", "2:40" })]
    [InlineData(120, new long[] { 60, 60 }, new[] { "1:60", "2:60" })]
    [InlineData(500, new long[] { 60, 60 }, new[] { "1:60", "2:60" })]
    [InlineData(0, new long[] { 60 }, new string[0])]
    [InlineData(50, new long[0], new string[0])]
    [InlineData(30, new long[] { 0, 50 }, new[] { "2:30" })]
    public void Oldest_first_fills_invoices_in_due_order(long available, long[] opens, string[] expected)
    {
        var debits = opens.Select((open, i) => new OpenDebit(i + 1, Jan.AddDays(i + 1), Jan, open)).Reverse();
        var result = Allocation.OldestFirst(available, debits);
        Assert.Equal(expected, result.Select(a => $"{a.ItemId}:{a.AmountMinor}"));
    }

    [Fact]
    public void Ties_on_due_date_go_by_issue_date_then_id()
    {
        var due = new DateOnly(2026, 2, 1);
        OpenDebit[] debits = [new(3, due, Jan, 10), new(2, due, Jan.AddDays(-5), 10), new(1, due, Jan, 10)];
        Assert.Equal([2L, 1L, 3L], Allocation.OldestFirst(30, debits).Select(a => a.ItemId));
    }

    [Property(MaxTest = 500)]
    public bool Oldest_first_never_exceeds_an_invoice_or_the_payment_and_conserves_the_total(NonNegativeInt available, PositiveInt[] opens)
    {
        var debits = opens.Select((o, i) => new OpenDebit(i + 1, Jan.AddDays(i % 7), Jan, o.Get)).ToList();
        var result = Allocation.OldestFirst(available.Get, debits);
        var applied = result.Sum(a => a.AmountMinor);
        var totalOpen = debits.Sum(d => d.OpenMinor);
        return result.All(a => a.AmountMinor > 0 && a.AmountMinor <= debits.Single(d => d.ItemId == a.ItemId).OpenMinor)
            && result.Select(a => a.ItemId).Distinct().Count() == result.Count
            && applied <= available.Get
            && applied == Math.Min(available.Get, totalOpen);
    }

    [Property(MaxTest = 300)]
    public bool Explicit_allocations_that_pass_never_exceed_an_invoice_or_the_credit(NonNegativeInt available, PositiveInt[] opens, PositiveInt[] asks)
    {
        var open = opens.Select((o, i) => (Id: (long)i + 1, Open: (long)o.Get)).ToDictionary(x => x.Id, x => x.Open);
        var requested = asks.Select((a, i) => new RequestedApplication(opens.Length == 0 ? 1 : (i % opens.Length) + 1, a.Get, $"allocations[{i}].amount")).ToList();
        var result = Corrections.Explicit(available.Get, requested, open);
        if (!result.IsOk)
        {
            return result.Error!.Code is "over-allocation" or "validation";
        }

        var applications = result.Value!;
        return applications.Sum(a => a.AmountMinor) <= available.Get
            && applications.All(a => a.AmountMinor <= open.GetValueOrDefault(a.ItemId))
            && applications.Sum(a => a.AmountMinor) == requested.Sum(r => r.AmountMinor);
    }
}
