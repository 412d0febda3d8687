using Credo.Domain.Amounts;
using Credo.Domain.Common;

namespace Credo.Domain.Fraud;

public sealed record DatedAmount(DateOnly On, Money Amount);

/// <summary>
/// Signal "bust-out-rush": a new account whose first orders rush to its limit. Within the first
/// <c>withinDays</c> days after approval (approval day is day 0, so the window is approvedOn .. approvedOn + withinDays),
/// the running exposure (orders minus payments, day by day, all of a day's movements applied together) is compared
/// with the limit; the signal is raised when it reaches <c>utilisationShare</c> of the limit (e.g. 0.80) on any day, with
/// the first such day as evidence. Movements before approval are ignored (they belong to no limit).
/// </summary>
public static class BustOutWatch
{
    public const string Code = "bust-out-rush";

    public static Result<FraudSignal> Check(DateOnly approvedOn, Money limit, IReadOnlyList<DatedAmount> orders, IReadOnlyList<DatedAmount> payments, int withinDays, decimal utilisationShare)
    {
        if (!limit.IsPositive)
        {
            return FraudSignal.NotApplicable(Code, "The account has no positive limit.");
        }

        var mixed = orders.Concat(payments).FirstOrDefault(m => m.Amount.Currency != limit.Currency);
        if (mixed is not null)
        {
            return new ValidationFailed("orders", $"Orders and payments must be in the limit's currency {limit.Currency.Code}; found {mixed.Amount.Currency.Code} on {mixed.On:yyyy-MM-dd}.");
        }

        var until = approvedOn.AddDays(withinDays);
        var byDay = orders.Select(o => (o.On, Minor: o.Amount.Minor))
            .Concat(payments.Select(p => (p.On, Minor: -p.Amount.Minor)))
            .Where(m => m.On >= approvedOn && m.On <= until)
            .GroupBy(m => m.On)
            .OrderBy(g => g.Key)
            .Select(g => (Day: g.Key, Net: g.Sum(m => m.Minor)));
        var threshold = limit.Minor * utilisationShare;
        long exposure = 0;
        long peak = 0;
        foreach (var (day, net) in byDay)
        {
            exposure += net;
            peak = Math.Max(peak, exposure);
            if (exposure >= threshold)
            {
                var used = new Money(exposure, limit.Currency);
                return FraudSignal.Raised(Code, $"Exposure reached {used} ({Percent(exposure, limit.Minor)}% of the {limit} limit) on {day:yyyy-MM-dd}, day {day.DayNumber - approvedOn.DayNumber} after approval.");
            }
        }

        return FraudSignal.Clear(Code, $"Peak exposure {new Money(peak, limit.Currency)} ({Percent(peak, limit.Minor)}% of the limit) within {withinDays} days of approval.");
    }

    /// <summary>Rounded down to 0.1, so 79.99% never reads as 80.0%.</summary>
    private static string Percent(long part, long whole) => (decimal.Floor(part * 1000m / whole) / 10m).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
}
