using Credo.Domain.Analytics;
using Credo.Domain.Creditworthiness;
using Credo.Domain.Ledger;

namespace Credo.Domain.Tests.Analytics;

public sealed class PaymentBehaviourTests
{
    private static readonly DateOnly AsOf = new(2026, 4, 30);

    private static PaidItem Paid(long minor, string issued, string due, string paid) =>
        new(new PaidInvoice(Credo.Domain.Amounts.Money.Usd(minor), DateOnly.Parse(due), DateOnly.Parse(paid)), DateOnly.Parse(issued));

    private static readonly PaidItem[] Items =
    [
        Paid(100_00, "2026-01-01", "2026-01-31", "2026-01-21"), // 10 days early, 20 days to pay
        Paid(100_00, "2026-02-01", "2026-03-03", "2026-04-02"), // 30 days late, 60 days to pay
    ];

    [Fact]
    public void Six_months_weigh_both_invoices()
    {
        var w = PaymentBehaviour.Of(Items, AsOf, 6).Value!;
        Assert.Equal(2, w.InvoiceCount);
        Assert.Equal(40m, w.DaysToPay);
        Assert.Equal(10m, w.DaysBeyondTerms);
        Assert.Equal(30m, w.DaysLate);
        Assert.Equal(50m, w.PercentOnTime);
        Assert.Equal(70.87m, decimal.Round(w.Paydex!.Value, 2));
    }

    [Fact]
    public void Three_months_see_only_the_late_one_and_an_empty_window_has_no_values()
    {
        var w = PaymentBehaviour.Of(Items, AsOf, 3).Value!;
        Assert.Equal(1, w.InvoiceCount);
        Assert.Equal(0m, w.PercentOnTime);
        var none = PaymentBehaviour.Of(Items, new DateOnly(2025, 12, 31), 3).Value!;
        Assert.Equal(0, none.InvoiceCount);
        Assert.Null(none.DaysToPay);
    }

    [Fact]
    public void Paid_on_is_the_day_the_last_allocation_settled_it_as_of_the_date()
    {
        var jan = new DateOnly(2026, 1, 1);
        DatedEntry[] entries =
        [
            new(1, 1, EntryKind.Invoice, "I1", "USD", jan, jan.AddDays(30), 100, null),
            new(2, 1, EntryKind.Payment, "P1", "USD", jan.AddDays(10), null, -60, null),
            new(3, 1, EntryKind.Payment, "P2", "USD", jan.AddDays(40), null, -40, null),
        ];
        DatedAllocation[] allocations = [new(2, 1, 60, jan.AddDays(10)), new(3, 1, 40, jan.AddDays(40))];
        Assert.Empty(AsOfLedger.PaidOn(jan.AddDays(39), entries, allocations));
        var paid = Assert.Single(AsOfLedger.PaidOn(jan.AddDays(40), entries, allocations));
        Assert.Equal(jan.AddDays(40), paid.PaidOn);
    }
}
