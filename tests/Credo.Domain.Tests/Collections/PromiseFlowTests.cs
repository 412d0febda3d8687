using Credo.Domain.Collections;
using FsCheck.Xunit;
using static Credo.Domain.Collections.PromiseEvent;
using static Credo.Domain.Collections.PromiseStatus;

namespace Credo.Domain.Tests.Collections;

using Money = Credo.Domain.Amounts.Money;

/// <summary>The promise lifecycle as one table, kept or broken from payments, and payment plans.</summary>
public sealed class PromiseFlowTests
{
    private static readonly DateOnly Due = new(2026, 12, 7);
    private static readonly PromiseTolerance Tolerance = new(5_00, 2);

    private static readonly (PromiseStatus From, PromiseEvent Event, PromiseStatus To)[] Allowed =
    [
        (Open, Paid, Kept),
        (Open, DatePassedUnpaid, Broken),
        (Open, Cancel, Cancelled),
    ];

    public static TheoryData<PromiseStatus, PromiseEvent> Every()
    {
        var data = new TheoryData<PromiseStatus, PromiseEvent>();
        foreach (var s in PromiseFlow.States)
        {
            foreach (var e in PromiseFlow.Events)
            {
                data.Add(s, e);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Every))]
    public void Only_an_open_promise_moves_and_only_as_the_table_says(PromiseStatus from, PromiseEvent happened)
    {
        var result = PromiseFlow.Next(from, happened);
        var allowed = Allowed.Where(a => a.From == from && a.Event == happened).ToList();
        if (allowed.Count == 1)
        {
            Assert.Equal(allowed[0].To, result.Value);
        }
        else
        {
            Assert.Equal("promise-transition-not-allowed", result.Error!.Code);
        }
    }

    [Theory]
    [InlineData(0, 0, null)]                         // nothing paid, promised date today: still open
    [InlineData(0, 2, null)]                         // within the grace days
    [InlineData(0, 3, DatePassedUnpaid)]             // past the grace days: broken
    [InlineData(995_00, 0, Paid)]                    // 5.00 short is within the tolerance: kept
    [InlineData(994_99, 3, DatePassedUnpaid)]        // 5.01 short after the date: broken
    [InlineData(994_99, 1, null)]                    // 5.01 short within grace: still open (more may come)
    [InlineData(1_200_00, -5, Paid)]                 // paid more, early
    public void A_promise_is_kept_or_broken_from_what_was_paid_on_its_items(long paidMinor, int daysAfterDue, PromiseEvent? expected)
    {
        var events = PromiseFlow.Evaluate([new Instalment(Due, Money.Usd(1_000_00), Open)], Money.Usd(paidMinor), Due.AddDays(daysAfterDue), Tolerance);
        Assert.Equal(expected, events[0]);
    }

    [Theory]
    [InlineData(0, 10, "DatePassedUnpaid,,")]       // first instalment broken; later ones not yet due
    [InlineData(300_00, 10, "Paid,,")]              // first kept
    [InlineData(600_00, 10, "Paid,Paid,")]          // one payment covers two: both kept, cumulatively
    [InlineData(300_00, 40, "Paid,DatePassedUnpaid,")]
    [InlineData(1_000_00, 0, "Paid,Paid,Paid")]
    public void Plan_instalments_are_checked_cumulatively(long paidMinor, int day, string expected)
    {
        var plan = new[]
        {
            new Instalment(Due, Money.Usd(300_00), Open),
            new Instalment(Due.AddDays(30), Money.Usd(300_00), Open),
            new Instalment(Due.AddDays(60), Money.Usd(400_00), Open),
        };
        var events = PromiseFlow.Evaluate(plan, Money.Usd(paidMinor), Due.AddDays(day), Tolerance);
        Assert.Equal(expected, string.Join(",", events.Select(e => e?.ToString() ?? string.Empty)));
    }

    [Fact]
    public void Settled_instalments_are_not_evaluated_again()
    {
        var events = PromiseFlow.Evaluate([new Instalment(Due, Money.Usd(100_00), Broken)], Money.Usd(100_00), Due.AddDays(30), Tolerance);
        Assert.Null(events[0]);
    }

    [Theory]
    [InlineData("Open,Open", PlanStatus.Active)]
    [InlineData("Kept,Open", PlanStatus.Active)]
    [InlineData("Kept,Kept", PlanStatus.Completed)]
    [InlineData("Kept,Broken", PlanStatus.Broken)]
    [InlineData("Cancelled,Cancelled", PlanStatus.Cancelled)]
    [InlineData("Kept,Cancelled", PlanStatus.Completed)]
    public void A_plan_status_follows_from_its_instalments(string instalments, PlanStatus expected) =>
        Assert.Equal(expected, PaymentPlans.StatusOf([.. instalments.Split(',').Select(Enum.Parse<PromiseStatus>)]));

    [Property]
    public bool A_schedule_conserves_every_minor_unit(uint totalMinor, byte count)
    {
        var n = (count % 12) + 1;
        var schedule = PaymentPlans.Schedule(Money.Usd(totalMinor), n, Due, 30);
        return schedule.Count == n && schedule.Sum(i => i.Amount.Minor) == totalMinor && schedule.Select(i => i.DueOn).SequenceEqual(Enumerable.Range(0, n).Select(k => Due.AddDays(30 * k)));
    }
}
