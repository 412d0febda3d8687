using Credo.Domain.Credit;
using Credo.Domain.Customers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Credo.Domain.Tests.Credit;

/// <summary>Invariants of the decision, over random paths (same currency, so requested = the order).</summary>
public sealed class CreditCheckProperties
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    private static CheckDecision Decide(long amount, (long? Limit, long Used)[] levels)
    {
        var path = levels.Select((l, i) => new PathNode((LimitLevel)(i % 4), "n" + i, "USD", new CreditLimit(l.Limit), l.Used, amount)).ToList();
        return CreditCheck.Decide(new CheckFacts(Today, Credo.Domain.Amounts.Money.Usd(amount), CustomerStatus.Active, path, [], [], RateTable.Empty));
    }

    private static Arbitrary<(long? Limit, long Used)[]> Levels() =>
        Gen.Choose(1, 6).SelectMany(n => Gen.ArrayOf(
            Gen.Zip(
                Gen.OneOf(Gen.Constant((long?)null), Gen.Choose(0, 1_000_000).Select(x => (long?)x)),
                Gen.Choose(0, 1_000_000).Select(x => (long)x)),
            n)).ToArbitrary();

    [Property(MaxTest = 500)]
    public Property Approved_exactly_when_the_order_fits_every_ceiling() =>
        Prop.ForAll(Gen.Choose(1, 500_000).ToArbitrary(), Levels(), (amount, levels) =>
        {
            var fits = levels.All(l => l.Limit is null || l.Used + amount <= l.Limit);
            return Decide(amount, levels).IsApproved == fits;
        });

    [Property(MaxTest = 500)]
    public Property The_fitting_part_fits_and_the_releasing_payment_releases() =>
        Prop.ForAll(Gen.Choose(1, 500_000).ToArbitrary(), Levels(), (amount, levels) =>
        {
            var decision = Decide(amount, levels);
            if (decision.IsApproved)
            {
                return decision.FittingPart is null && decision.ReleasingPayment is null;
            }

            var fit = decision.FittingPart!.Value.Minor;
            var pay = decision.ReleasingPayment!.Value.Minor;
            var fitFits = fit == 0 || Decide(fit, levels).IsApproved;
            var biggerDoesNot = fit == amount || !Decide(fit + 1, levels).IsApproved;
            var paid = levels.Select(l => (l.Limit, l.Used - pay)).ToArray();
            return fitFits && biggerDoesNot && Decide(amount, paid).IsApproved;
        });
}
