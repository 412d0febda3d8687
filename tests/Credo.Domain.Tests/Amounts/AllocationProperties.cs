using Credo.Domain.Amounts;
using FsCheck;
using FsCheck.Xunit;

namespace Credo.Domain.Tests.Amounts;

public sealed class AllocationProperties
{
    /// <summary>Splitting never creates or loses a minor unit, whatever the amount and ratios.</summary>
    [Property(MaxTest = 500)]
    public bool Allocation_conserves_every_minor_unit(long minor, PositiveInt first, NonNegativeInt[] rest)
    {
        var ratios = Ratios(first, rest);
        var shares = new Credo.Domain.Amounts.Money(minor, Currency.Usd).Allocate(ratios);
        return shares.Count == ratios.Length && shares.Aggregate(Int128.Zero, (sum, s) => sum + s.Minor) == minor && shares.All(s => s.Currency == Currency.Usd);
    }

    /// <summary>Each share is within one minor unit of its exact proportion, and a zero ratio gets nothing.</summary>
    [Property(MaxTest = 500)]
    public bool No_share_is_more_than_one_minor_unit_from_its_exact_proportion(long minor, PositiveInt first, NonNegativeInt[] rest)
    {
        var ratios = Ratios(first, rest);
        Int128 total = ratios.Sum(r => (long)r);
        var shares = new Credo.Domain.Amounts.Money(minor, Currency.Jpy).Allocate(ratios);
        return ratios.Select((r, i) => (Ratio: r, Share: shares[i].Minor)).All(x =>
        {
            // |share - minor * ratio / total| <= 1, in integers: |share * total - minor * ratio| <= total.
            var error = (x.Share * total) - (minor * (Int128)x.Ratio);
            return Int128.Abs(error) <= total && (x.Ratio != 0 || x.Share == 0);
        });
    }

    private static int[] Ratios(PositiveInt first, NonNegativeInt[] rest) =>
        [first.Get, .. (rest ?? []).Take(20).Select(r => r.Get)];
}
