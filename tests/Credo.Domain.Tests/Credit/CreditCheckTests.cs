using Credo.Domain.Credit;
using Credo.Domain.Customers;
using Credo.Domain.Amounts;

namespace Credo.Domain.Tests.Credit;

public sealed class CreditCheckTests
{
    private static readonly DateOnly Today = new(2026, 11, 24);

    private static readonly BlockRule[] NoRules = [];

    private static PathNode Node(LimitLevel level, string key, long? limit, long used, long requested, string currency = "USD") =>
        new(level, key, currency, new CreditLimit(limit), used, requested);

    private static CheckDecision Decide(long amount, IReadOnlyList<PathNode> path, IReadOnlyList<BlockRule>? rules = null, CustomerStatus status = CustomerStatus.Active, IReadOnlyList<OpenDebit>? debits = null) =>
        CreditCheck.Decide(new CheckFacts(Today, Credo.Domain.Amounts.Money.Usd(amount), status, path, debits ?? [], rules ?? NoRules, RateTable.Empty));

    [Theory]
    // Worked example: group 50,000,000; A limited to 5,000,000; B and C unlimited share what the group has left.
    // used A, used B, used C, who asks, amount, approved?
    [InlineData(0, 0, 0, "A", 5_000_000, true)]
    [InlineData(0, 0, 0, "A", 5_000_001, false)]
    [InlineData(4_000_000, 0, 0, "A", 1_000_001, false)]
    [InlineData(5_000_000, 0, 0, "B", 45_000_000, true)]
    [InlineData(5_000_000, 0, 0, "B", 45_000_001, false)]
    [InlineData(5_000_000, 30_000_000, 0, "C", 15_000_000, true)]
    [InlineData(5_000_000, 30_000_000, 0, "C", 15_000_001, false)]
    [InlineData(0, 30_000_000, 20_000_000, "A", 1, false)]
    public void Worked_example_group_pool_with_one_limited_member(long usedA, long usedB, long usedC, string who, long amount, bool approved)
    {
        var groupUsed = usedA + usedB + usedC;
        var path = new List<PathNode>();
        if (who == "A")
        {
            path.Add(Node(LimitLevel.Customer, "A", 5_000_000, usedA, amount));
        }
        else
        {
            path.Add(Node(LimitLevel.Customer, who, null, who == "B" ? usedB : usedC, amount));
        }

        path.Add(Node(LimitLevel.Group, "G", 50_000_000, groupUsed, amount));
        var decision = Decide(amount, path);
        Assert.Equal(approved, decision.IsApproved);
        if (!approved)
        {
            Assert.Contains(decision.Reasons, r => r.Code == HoldReason.LimitExceeded);
        }
    }

    [Fact]
    public void A_held_reason_says_the_shortfall_in_money_a_person_reads()
    {
        var decision = Decide(700_000_00, [Node(LimitLevel.Group, "FRESHWAY", 1_000_000_00, 500_000_00, 700_000_00)]);

        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(200_000_00, reason.AmountMinor);
        Assert.Equal("The order exceeds the group limit of 'FRESHWAY' by 200,000.00 USD.", reason.Message);
    }

    [Theory]
    // customer, group, segment, portfolio limits (null = none) and the level expected to bind
    [InlineData(100L, 1000L, 1000L, 1000L, LimitLevel.Customer)]
    [InlineData(null, 50L, 1000L, 1000L, LimitLevel.Group)]
    [InlineData(null, null, 20L, 1000L, LimitLevel.Segment)]
    [InlineData(null, null, null, 10L, LimitLevel.Portfolio)]
    [InlineData(500L, 400L, 300L, 200L, LimitLevel.Portfolio)]
    public void The_least_headroom_along_the_path_binds(long? customer, long? group, long? segment, long? portfolio, LimitLevel binding)
    {
        var path = new[]
        {
            Node(LimitLevel.Customer, "C1", customer, 0, 5000),
            Node(LimitLevel.Group, "G1", group, 0, 5000),
            Node(LimitLevel.Segment, "region:west", segment, 0, 5000),
            Node(LimitLevel.Portfolio, "portfolio", portfolio, 0, 5000),
        };
        var decision = Decide(5000, path);
        Assert.False(decision.IsApproved);
        Assert.Equal(binding, decision.Binding!.Level);
        Assert.Equal(decision.Binding.HeadroomMinor, decision.FittingPart!.Value.Minor);
    }

    [Fact]
    public void Zero_means_zero_not_inherit()
    {
        var decision = Decide(1, [Node(LimitLevel.Customer, "C", 0, 0, 1), Node(LimitLevel.Portfolio, "portfolio", 1_000_000, 0, 1)]);
        Assert.False(decision.IsApproved);
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal(LimitLevel.Customer, reason.Level);
        Assert.Equal(1, reason.AmountMinor);
        Assert.Null(decision.FittingPart is { Minor: > 0 } ? decision.FittingPart : null);
    }

    [Fact]
    public void Held_order_names_the_part_that_fits_and_the_payment_that_releases_it()
    {
        var path = new[] { Node(LimitLevel.Customer, "C", 10_000, 7_000, 5_000), Node(LimitLevel.Group, "G", 100_000, 98_500, 5_000) };
        var decision = Decide(5_000, path);
        Assert.Equal(CheckOutcome.Held, decision.Outcome);
        Assert.Equal(2, decision.Reasons.Count);
        Assert.Equal(LimitLevel.Group, decision.Binding!.Level);
        Assert.Equal(1_500, decision.FittingPart!.Value.Minor);
        Assert.Equal(3_500, decision.ReleasingPayment!.Value.Minor);
    }

    [Fact]
    public void Approved_reports_headroom_at_every_level_before_and_after()
    {
        var decision = Decide(100, [Node(LimitLevel.Customer, "C", 1_000, 200, 100), Node(LimitLevel.Portfolio, "portfolio", null, 5_000, 100)]);
        Assert.True(decision.IsApproved);
        Assert.Equal(800, decision.Levels[0].HeadroomMinor);
        Assert.Equal(700, decision.Levels[0].HeadroomAfterMinor);
        Assert.Null(decision.Levels[1].HeadroomMinor);
        Assert.True(decision.Levels[0].Binding);
    }

    [Theory]
    [InlineData("2026-11-30", 1_500, true)]
    [InlineData("2026-11-24", 1_500, true)]
    [InlineData("2026-11-23", 1_500, false)]
    public void A_temporary_increase_counts_until_it_expires(string expiresOn, long amount, bool approved)
    {
        var limit = new CreditLimit(1_000, new TemporaryIncrease(500, DateOnly.Parse(expiresOn, System.Globalization.CultureInfo.InvariantCulture)));
        var decision = Decide(amount, [new PathNode(LimitLevel.Customer, "C", "USD", limit, 0, amount)]);
        Assert.Equal(approved, decision.IsApproved);
    }

    [Theory]
    [InlineData(CustomerStatus.Active, null)]
    [InlineData(CustomerStatus.OnHold, HoldReason.CustomerStatus)]
    [InlineData(CustomerStatus.Blocked, HoldReason.CustomerStatus)]
    public void Customer_status_rule(CustomerStatus status, string? code)
    {
        var decision = Decide(1, [Node(LimitLevel.Customer, "C", 100, 0, 1)], BlockRule.Defaults, status);
        Assert.Equal(code, decision.Reasons.SingleOrDefault()?.Code);
        if (code is not null)
        {
            Assert.Null(decision.ReleasingPayment);
        }
    }

    [Fact]
    public void No_limit_at_any_level_is_held_when_the_rule_is_on_and_approved_when_off()
    {
        var path = new[] { Node(LimitLevel.Customer, "C", null, 0, 1), Node(LimitLevel.Portfolio, "portfolio", null, 0, 1) };
        Assert.Equal(HoldReason.NoLimit, Decide(1, path, BlockRule.Defaults).Reasons.Single().Code);
        var off = BlockRule.Defaults.Select(r => r.Kind == BlockRuleKind.NoLimit ? r with { Enabled = false } : r).ToList();
        Assert.True(Decide(1, path, off).IsApproved);
    }

    [Fact]
    public void Expired_limit_and_overdue_review_are_held()
    {
        var limit = new CreditLimit(1_000, ReviewOn: Today.AddDays(-3), ExpiresOn: Today.AddDays(-1));
        var decision = Decide(1, [new PathNode(LimitLevel.Customer, "C", "USD", limit, 0, 1)], BlockRule.Defaults);
        Assert.Equal([HoldReason.LimitExpired, HoldReason.ReviewOverdue], decision.Reasons.Select(r => r.Code).ToArray());
        Assert.Equal(3, decision.Reasons[1].Days);
    }

    [Theory]
    // overdue amount, days past due, threshold, rule days, held?
    [InlineData(1_000, 31, 0, 30, true)]
    [InlineData(1_000, 30, 0, 30, false)]
    [InlineData(1_000, 45, 1_000, 30, false)]
    [InlineData(1_001, 45, 1_000, 30, true)]
    public void Overdue_beyond_amount_and_age(long open, int daysPastDue, long threshold, int ruleDays, bool held)
    {
        var rules = new[] { new BlockRule("overdue", BlockRuleKind.Overdue, ThresholdMinor: threshold, Currency: "USD", Days: ruleDays) };
        var debits = new[] { new OpenDebit(Today.AddDays(-daysPastDue), Credo.Domain.Amounts.Money.Usd(open)) };
        var decision = Decide(10, [Node(LimitLevel.Customer, "C", 1_000_000, 0, 10)], rules, debits: debits);
        Assert.Equal(held, !decision.IsApproved);
        if (held)
        {
            var reason = decision.Reasons.Single();
            Assert.Equal(HoldReason.Overdue, reason.Code);
            Assert.Equal(daysPastDue, reason.Days);
            Assert.Equal(open - threshold, decision.ReleasingPayment!.Value.Minor);
        }
    }

    [Fact]
    public void A_CAD_customers_overdue_is_stated_in_CAD_beside_the_rules_USD()
    {
        // Issue 12 §4: the hold reason said "8,000.00 USD" for a customer who owes Canadian dollars.
        var rules = new[] { new BlockRule("overdue", BlockRuleKind.Overdue, ThresholdMinor: 0, Currency: "USD", Days: 30) };
        var cad = Currency.Of("CAD");
        var debits = new[] { new OpenDebit(Today.AddDays(-45), new Credo.Domain.Amounts.Money(10_000_00, cad)) };
        var rates = new RateTable([new ExchangeRate("CAD", "USD", Today.AddDays(-100), 0.8m)]);
        var decision = CreditCheck.Decide(new CheckFacts(Today, Credo.Domain.Amounts.Money.Usd(10), CustomerStatus.Active, [Node(LimitLevel.Customer, "C", 1_000_000, 0, 10)], debits, rules, rates));
        var reason = decision.Reasons.Single();
        Assert.StartsWith("10,000.00 CAD (8,000.00 USD) is overdue", reason.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overdue_rule_validation_names_missing_parameters()
    {
        var errors = new BlockRule("x", BlockRuleKind.Overdue).Validate();
        Assert.Equal(new[] { "days", "threshold", "currency" }, errors.Select(e => e.Field!).ToArray());
        Assert.Empty(BlockRule.Defaults.SelectMany(r => r.Validate()));
    }
}
