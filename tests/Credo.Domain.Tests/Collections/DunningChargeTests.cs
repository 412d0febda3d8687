using Credo.Domain.Amounts;
using Credo.Domain.Collections;

namespace Credo.Domain.Tests.Collections;

using Money = Credo.Domain.Amounts.Money;

/// <summary>Fees and statutory interest as tables: rates by date, interest per day at the rate then in force, charged once per level, never on a charge.</summary>
public sealed class DunningChargeTests
{
    private static readonly DateOnly AsOf = new(2026, 11, 30);

    private static readonly StatutoryInterest Rates = new([new(new DateOnly(2026, 1, 1), 215), new(new DateOnly(2026, 11, 20), 400)], 800);

    private static readonly DunningPolicy WithInterest = DunningPolicy.Default with
    {
        Levels = [.. DunningPolicy.Default.Levels.Select(l => l.Code == "second-notice" ? l with { ChargeInterest = true } : l)],
    };

    private static DunningPolicy Policy => WithInterest with { Interest = Rates };

    [Theory]
    [InlineData("2025-12-31", null)]  // before the first reference rate
    [InlineData("2026-01-01", 1_015)] // 2.15 % + 8 %
    [InlineData("2026-11-19", 1_015)]
    [InlineData("2026-11-20", 1_200)] // 4 % + 8 % from the new rate's first day
    [InlineData("2027-06-30", 1_200)]
    public void The_rate_on_a_day_is_the_reference_rate_then_in_force_plus_the_margin(string day, int? basisPoints) =>
        Assert.Equal(basisPoints, Rates.RateOn(DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData(400_00, "2026-11-05", "2026-11-30", 3_00)]   // 14 days at 10.15 % + 11 days at 12 %: 3.0038
    [InlineData(400_00, "2026-11-30", "2026-11-30", 0)]      // no day after
    [InlineData(365_000_00, "2026-11-19", "2026-11-20", 120_00)] // one day at 12 % of 365,000.00
    [InlineData(1_000_00, "2025-12-30", "2026-01-01", 28)]   // only 1 January is under a rate: 10.15 % / 365 of 1,000.00 = 0.278
    public void Interest_is_simple_interest_per_day_at_the_rate_of_that_day_over_365_days(long openMinor, string after, string through, long interestMinor) =>
        Assert.Equal(Money.Usd(interestMinor), Rates.For(Money.Usd(openMinor), DateOnly.Parse(after, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(through, System.Globalization.CultureInfo.InvariantCulture)));

    private static DunningCustomer Customer(params DunningItem[] items) =>
        new(1, "C-1", "Corner Shop", "en", new DunningRecipient("Pat Payables", "pat@shop.example", null), null, false, items);

    private static DunningItem Item(string document, int daysPastDue, bool chargeable = true, int? lastLevel = null, DateOnly? interestThrough = null) =>
        new(document.Length, document, AsOf.AddDays(-daysPastDue), Money.Usd(400_00), false, lastLevel, null, chargeable, interestThrough);

    [Theory]
    [InlineData(25, null, true, null, 4_00L, 3_00L)]           // reaches the second notice: 1 % fee and interest from the due date
    [InlineData(25, 2, true, null, null, null)]              // already reminded at it: nothing again
    [InlineData(25, null, false, null, null, null)]          // a fee or interest charge itself: never charged
    [InlineData(25, null, true, "2026-11-19", 4_00L, 1_45L)]   // interest charged through 19 November: 11 days at 12 % = 1.4466
    [InlineData(10, null, true, null, null, null)]           // the first notice charges nothing
    public void Charges_come_when_an_item_first_reaches_a_level_that_asks_for_them(int daysPastDue, int? lastLevel, bool chargeable, string? through, long? feeMinor, long? interestMinor)
    {
        var item = Item("INV-1", daysPastDue, chargeable, lastLevel, through is null ? null : DateOnly.Parse(through, System.Globalization.CultureInfo.InvariantCulture));
        var plan = DunningPlanner.PlanCustomer(Policy, Customer(item, Item("INV-OTHER", 8)), AsOf);
        var planned = plan.Message!.Items.Single(i => i.Item.Document == "INV-1");
        Assert.Equal(feeMinor, planned.Fee?.Minor);
        Assert.Equal(interestMinor, planned.Interest?.Minor);
        Assert.Equal(interestMinor is { } m ? [Money.Usd(m)] : [], plan.Message.InterestTotals);
    }

    [Fact]
    public void A_level_charging_interest_needs_rates_and_bad_rates_are_refused_by_field()
    {
        Assert.Contains(WithInterest.Validate(), e => e.Field == "interest");
        Assert.Empty(Policy.Validate());
        var bad = Policy with { Interest = new StatutoryInterest([], 6_000) };
        Assert.Equal(["interest.referenceRates", "interest.marginBasisPoints"], bad.Validate().Select(e => e.Field));
    }

    [Fact]
    public void Interest_and_rates_survive_the_policy_json()
    {
        var read = DunningPolicyJson.Read(DunningPolicyJson.Write(Policy));
        Assert.True(read.IsOk);
        Assert.Equal(1_200, read.Value!.Interest!.RateOn(AsOf));
        Assert.True(read.Value.Levels.Single(l => l.Code == "second-notice").ChargeInterest);
    }
}
