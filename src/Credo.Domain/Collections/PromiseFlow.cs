using Credo.Domain.Common;
using Credo.Domain.Amounts;

namespace Credo.Domain.Collections;

using Money = Credo.Domain.Amounts.Money;

/// <summary>Where a promise to pay (or one instalment of a payment plan) is in its life; the same names as stored.</summary>
public enum PromiseStatus
{
    Open,
    Kept,
    Broken,
    Cancelled,
}

/// <summary>What can happen to a promise.</summary>
public enum PromiseEvent
{
    /// <summary>Payments on the promised items reached the promised amount (less the tolerance).</summary>
    Paid,

    /// <summary>The promised date (plus the grace days) passed without enough being paid.</summary>
    DatePassedUnpaid,

    /// <summary>A collector cancels it (recorded by mistake, superseded by a plan).</summary>
    Cancel,
}

/// <summary>How lenient the kept/broken check is: an amount short that still counts as paid, and days after the promised date.</summary>
public sealed record PromiseTolerance(long AmountMinor, int GraceDays)
{
    public static PromiseTolerance Default { get; } = new(5_00, 2);
}

/// <summary>One instalment as the evaluation sees it: the date by which the amount was promised, and where it stands.</summary>
public sealed record Instalment(DateOnly DueOn, Money Amount, PromiseStatus Status);

/// <summary>
/// The promise lifecycle as a pure table, and the kept/broken check from payments. A single promise is a plan of one
/// instalment: instalments are checked cumulatively, so that paying the first two instalments in one payment keeps both.
/// </summary>
public static class PromiseFlow
{
    public static IReadOnlyList<PromiseStatus> States { get; } = Enum.GetValues<PromiseStatus>();

    public static IReadOnlyList<PromiseEvent> Events { get; } = Enum.GetValues<PromiseEvent>();

    /// <summary>The state <paramref name="happened"/> leads to from <paramref name="from"/>, or a refusal.</summary>
    public static Result<PromiseStatus> Next(PromiseStatus from, PromiseEvent happened) =>
        Target(from, happened) is { } to
            ? to
            : new Refusal("promise-transition-not-allowed", $"A promise that is {Describe(from)} cannot be {Describe(happened)}.", "status");

    private static PromiseStatus? Target(PromiseStatus from, PromiseEvent happened) => from switch
    {
        PromiseStatus.Open => happened switch
        {
            PromiseEvent.Paid => PromiseStatus.Kept,
            PromiseEvent.DatePassedUnpaid => PromiseStatus.Broken,
            PromiseEvent.Cancel => PromiseStatus.Cancelled,
        },
        PromiseStatus.Kept or PromiseStatus.Broken or PromiseStatus.Cancelled => null,
    };

    /// <summary>Open promises pause dunning on their items; the others no longer do.</summary>
    public static bool PausesDunning(PromiseStatus status) => status switch
    {
        PromiseStatus.Open => true,
        PromiseStatus.Kept or PromiseStatus.Broken or PromiseStatus.Cancelled => false,
    };

    /// <summary>
    /// What happens to each instalment as of <paramref name="asOf"/>, given <paramref name="paidSince"/> paid on the
    /// promised items since the promise was made: null where nothing happens. Instalment k is kept once the payments
    /// cover instalments 1..k (less the tolerance), and broken once its date plus the grace days has passed without that.
    /// </summary>
    public static IReadOnlyList<PromiseEvent?> Evaluate(IReadOnlyList<Instalment> instalments, Money paidSince, DateOnly asOf, PromiseTolerance tolerance)
    {
        var events = new PromiseEvent?[instalments.Count];
        var cumulative = 0L;
        for (var i = 0; i < instalments.Count; i++)
        {
            cumulative += instalments[i].Amount.Minor;
            if (instalments[i].Status != PromiseStatus.Open)
            {
                continue;
            }

            if (paidSince.Minor >= cumulative - tolerance.AmountMinor)
            {
                events[i] = PromiseEvent.Paid;
            }
            else if (asOf > instalments[i].DueOn.AddDays(tolerance.GraceDays))
            {
                events[i] = PromiseEvent.DatePassedUnpaid;
            }
        }

        return events;
    }

    public static string Describe(PromiseStatus status) => status switch
    {
        PromiseStatus.Open => "open",
        PromiseStatus.Kept => "kept",
        PromiseStatus.Broken => "broken",
        PromiseStatus.Cancelled => "cancelled",
    };

    public static string Describe(PromiseEvent happened) => happened switch
    {
        PromiseEvent.Paid => "marked as paid",
        PromiseEvent.DatePassedUnpaid => "marked as broken",
        PromiseEvent.Cancel => "cancelled",
    };
}

/// <summary>Where a payment plan is: active while instalments are open; completed, broken or cancelled after.</summary>
public enum PlanStatus
{
    Active,
    Completed,
    Broken,
    Cancelled,
}

public static class PaymentPlans
{
    /// <summary>A plan's status from its instalments: any broken breaks it; all kept completes it; all cancelled cancels it.</summary>
    public static PlanStatus StatusOf(IReadOnlyList<PromiseStatus> instalments)
    {
        if (instalments.Any(s => s == PromiseStatus.Broken))
        {
            return PlanStatus.Broken;
        }

        if (instalments.All(s => s == PromiseStatus.Cancelled))
        {
            return PlanStatus.Cancelled;
        }

        return instalments.Any(s => s == PromiseStatus.Open) ? PlanStatus.Active : PlanStatus.Completed;
    }

    public static bool PausesDunning(PlanStatus status) => status switch
    {
        PlanStatus.Active => true,
        PlanStatus.Completed or PlanStatus.Broken or PlanStatus.Cancelled => false,
    };

    /// <summary>
    /// Splits <paramref name="total"/> into <paramref name="count"/> instalments every <paramref name="everyDays"/> days
    /// from <paramref name="firstOn"/>, conserving every minor unit (the first instalments carry the remainder).
    /// </summary>
    public static IReadOnlyList<Instalment> Schedule(Money total, int count, DateOnly firstOn, int everyDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var shares = total.Allocate([.. Enumerable.Repeat(1, count)]);
        return [.. shares.Select((share, i) => new Instalment(firstOn.AddDays(i * everyDays), share, PromiseStatus.Open))];
    }
}
