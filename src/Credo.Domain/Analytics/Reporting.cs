using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Amounts;

namespace Credo.Domain.Analytics;

/// <summary>
/// Aging in one reporting currency: every native row converted at the rate in effect on the as-of date (the
/// date-effective <see cref="RateTable"/>, rounded to the nearest minor unit per column), then summed per subject. The
/// native rows stay beside it for the breakdown. A missing rate is a refusal naming the pair and the date, never a
/// rate of 1 or 0.
/// </summary>
public static class Reporting
{
    public static Result<IReadOnlyList<AgingRow>> Convert(IReadOnlyList<AgingRow> native, RateTable rates, Currency to, DateOnly asOf)
    {
        var missing = native.Select(r => r.Currency).Distinct()
            .Where(code => rates.RateOn(code, to.Code, asOf) is null)
            .Order(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            return new Refusal("no-exchange-rate", string.Join("; ", missing.Select(code => $"No rate from {code} to {to.Code} on {asOf:yyyy-MM-dd}")) + ".");
        }

        return Result<IReadOnlyList<AgingRow>>.Ok(
        [
            .. native.GroupBy(r => r.Subject).Select(g =>
            {
                var converted = g.Select(r => ConvertRow(r, rates, to, asOf)).ToList();
                var buckets = Enumerable.Range(0, converted[0].BucketsMinor.Count).Select(i => converted.Sum(r => r.BucketsMinor[i])).ToList();
                return new AgingRow(g.Key, to.Code, buckets, converted.Sum(r => r.UnappliedMinor), converted.Sum(r => r.DisputedMinor));
            }),
        ]);
    }

    /// <summary>One amount in the reporting currency, or the refusal saying which rate is missing (zero needs no rate).</summary>
    public static Result<Money> Convert(Money amount, RateTable rates, Currency to, DateOnly asOf) =>
        amount.IsZero ? Money.Zero(to) : rates.RateOn(amount.Currency.Code, to.Code, asOf) is null
            ? new Refusal("no-exchange-rate", $"No rate from {amount.Currency.Code} to {to.Code} on {asOf:yyyy-MM-dd}.")
            : rates.Convert(amount, to, asOf);

    private static AgingRow ConvertRow(AgingRow row, RateTable rates, Currency to, DateOnly asOf)
    {
        var from = Currency.Of(row.Currency);
        long One(long minor) => rates.Convert(new Money(minor, from), to, asOf).Value.Minor;
        return new AgingRow(row.Subject, to.Code, [.. row.BucketsMinor.Select(One)], One(row.UnappliedMinor), One(row.DisputedMinor));
    }
}
