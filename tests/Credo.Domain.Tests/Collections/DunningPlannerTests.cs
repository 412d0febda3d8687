using Credo.Domain.Collections;
using Credo.Domain.Amounts;

namespace Credo.Domain.Tests.Collections;

using Money = Credo.Domain.Amounts.Money;

/// <summary>The dunning decision as tables: level by days, exclusions, consolidation, quiet period, minimums, fees.</summary>
public sealed class DunningPlannerTests
{
    private static readonly DateOnly AsOf = new(2026, 12, 7);
    private static readonly DunningPolicy Policy = DunningPolicy.Default;

    private static DunningItem Item(string document, int daysPastDue, long openMinor = 1_000_00, bool disputed = false, int? lastLevel = null, DateOnly? promisedBy = null, string currency = "USD") =>
        new(document.GetHashCode(StringComparison.Ordinal), document, AsOf.AddDays(-daysPastDue), new Money(openMinor, Currency.TryParse(currency, out var c) ? c.Value : Currency.Usd), disputed, lastLevel, promisedBy);

    private static DunningCustomer Customer(params DunningItem[] items) =>
        new(1, "C-1", "Corner Shop", "en", new DunningRecipient("Pat Payables", "pat@shop.example", null), null, false, items);

    [Theory]
    [InlineData(-10, null)] // due in 10 days: not yet
    [InlineData(-4, null)]
    [InlineData(-3, "reminder")] // friendly reminder 3 days before
    [InlineData(0, "reminder")]
    [InlineData(6, "reminder")]
    [InlineData(7, "first-notice")]
    [InlineData(20, "first-notice")]
    [InlineData(21, "second-notice")]
    [InlineData(45, "call")]
    [InlineData(59, "call")]
    [InlineData(60, "final-notice")]
    [InlineData(400, "final-notice")]
    public void An_item_is_at_the_last_level_its_days_past_due_reach(int daysPastDue, string? level)
    {
        var index = Policy.LevelFor(daysPastDue);
        Assert.Equal(level, index is { } i ? Policy.Levels[i].Code : null);
    }

    [Fact]
    public void One_message_per_customer_lists_every_item_at_its_level_and_takes_the_highest()
    {
        var plan = DunningPlanner.PlanCustomer(Policy, Customer(Item("INV-1", 8), Item("INV-2", 25), Item("INV-3", -2), Item("INV-4", -20)), AsOf);
        var message = Assert.IsType<PlannedMessage>(plan.Message);
        Assert.Equal("second-notice", message.Level.Code);
        Assert.Equal(["INV-2", "INV-1", "INV-3"], message.Items.Select(i => i.Item.Document));
        Assert.Equal(["second-notice", "first-notice", "reminder"], message.Items.Select(i => Policy.Levels[i.LevelIndex].Code));
        Assert.Equal([Money.Usd(3_000_00)], message.Totals);
        Assert.Equal("second-notice.en", message.TemplateKey);
    }

    [Theory]
    [InlineData("disputed", ExclusionReason.Disputed)]
    [InlineData("promised", ExclusionReason.UnderPromise)]
    [InlineData("tiny", ExclusionReason.TinyBalance)]
    public void Disputed_promised_and_tiny_items_are_left_out_with_their_reason_and_the_rest_is_sent(string kind, ExclusionReason reason)
    {
        var odd = kind switch
        {
            "disputed" => Item("ODD", 30, disputed: true),
            "promised" => Item("ODD", 30, promisedBy: AsOf.AddDays(3)),
            _ => Item("ODD", 30, openMinor: 4_99),
        };
        var plan = DunningPlanner.PlanCustomer(Policy, Customer(odd, Item("INV-1", 10)), AsOf);
        Assert.Equal(["INV-1"], plan.Message!.Items.Select(i => i.Item.Document));
        var excluded = Assert.Single(plan.ExcludedItems);
        Assert.Equal(reason, excluded.Why.Reason);
        Assert.Contains("ODD", excluded.Why.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_customer_on_a_payment_plan_gets_nothing_and_every_item_says_why()
    {
        var plan = DunningPlanner.PlanCustomer(Policy, Customer(Item("INV-1", 10), Item("INV-2", 70)) with { OnPaymentPlan = true }, AsOf);
        Assert.Null(plan.Message);
        Assert.Equal(ExclusionReason.PaymentPlan, plan.LeftOut!.Reason);
        Assert.All(plan.ExcludedItems, e => Assert.Equal(ExclusionReason.PaymentPlan, e.Why.Reason));
    }

    [Theory]
    [InlineData(0, false)]  // sent today: quiet
    [InlineData(4, false)]  // 4 days ago, 5-day quiet period
    [InlineData(5, true)]
    [InlineData(30, true)]
    public void A_quiet_period_separates_two_messages(int daysSinceLast, bool sends)
    {
        var customer = Customer(Item("INV-1", 25, lastLevel: 1)) with { LastMessageOn = AsOf.AddDays(-daysSinceLast) };
        var plan = DunningPlanner.PlanCustomer(Policy, customer, AsOf);
        Assert.Equal(sends, plan.Message is not null);
        if (!sends)
        {
            Assert.Equal(ExclusionReason.QuietPeriod, plan.LeftOut!.Reason);
        }
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(0, true)]   // reminded, now first notice: new
    [InlineData(1, false)]  // already reminded at first notice
    public void An_item_already_reminded_at_its_level_alone_sends_nothing(int? lastLevel, bool sends)
    {
        var plan = DunningPlanner.PlanCustomer(Policy, Customer(Item("INV-1", 10, lastLevel: lastLevel)), AsOf);
        Assert.Equal(sends, plan.Message is not null);
        Assert.Equal(sends ? null : ExclusionReason.AlreadyReminded, plan.LeftOut?.Reason);
    }

    [Theory]
    [InlineData(49_99, 70, null)]             // below the first notice's 50.00: but the item is over the reminder (no minimum)
    [InlineData(60_00, 70, "second-notice")]  // 60.00 reaches 50.00 but not the call's or final's 100.00
    [InlineData(150_00, 70, "final-notice")]
    [InlineData(40_00, 10, "reminder")]       // first notice would need 50.00
    public void A_level_is_used_only_when_the_amount_reaches_its_minimum(long openMinor, int daysPastDue, string? level)
    {
        var plan = DunningPlanner.PlanCustomer(Policy, Customer(Item("INV-1", daysPastDue, openMinor)), AsOf);
        Assert.Equal(level ?? "reminder", plan.Message?.Level.Code);
    }

    [Fact]
    public void Below_every_minimum_the_customer_is_left_out_with_the_amount()
    {
        var strict = Policy with { Levels = [.. Policy.Levels.Select(l => l with { MinimumOverdueMinor = 1_000_00 })] };
        var plan = DunningPlanner.PlanCustomer(strict, Customer(Item("INV-1", 30, 200_00)), AsOf);
        Assert.Equal(ExclusionReason.BelowMinimum, plan.LeftOut!.Reason);
        Assert.Contains("200.00 USD", plan.LeftOut.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1_000_00, 0, 100, 10_00)]     // 1 % of 1,000.00
    [InlineData(1_234_57, 0, 100, 12_35)]     // 12.3457 rounds half away from zero
    [InlineData(1_000_00, 25_00, 150, 40_00)] // flat 25.00 + 1.5 %
    [InlineData(1_000_00, 0, 0, 0)]
    public void A_late_fee_is_a_flat_part_plus_a_rate_on_the_open_amount(long openMinor, long flatMinor, int basisPoints, long feeMinor) =>
        Assert.Equal(Money.Usd(feeMinor), new LateFee(flatMinor, basisPoints).For(Money.Usd(openMinor)));

    [Fact]
    public void A_fee_is_charged_once_when_an_item_first_reaches_a_level_with_one()
    {
        var first = DunningPlanner.PlanCustomer(Policy, Customer(Item("INV-1", 25, lastLevel: 1), Item("INV-2", 30, lastLevel: 2)), AsOf);
        Assert.Equal([Money.Usd(10_00)], first.Message!.Fees);
        Assert.Equal(Money.Usd(10_00), first.Message.Items.Single(i => i.Item.Document == "INV-1").Fee);
        Assert.Null(first.Message.Items.Single(i => i.Item.Document == "INV-2").Fee);
    }

    [Fact]
    public void No_email_address_leaves_an_email_level_unsent()
    {
        var plan = DunningPlanner.PlanCustomer(Policy, Customer(Item("INV-1", 10)) with { Recipient = null }, AsOf);
        Assert.Equal(ExclusionReason.NoContact, plan.LeftOut!.Reason);
    }

    [Fact]
    public void Currencies_are_totalled_apart()
    {
        var plan = DunningPlanner.PlanCustomer(Policy, Customer(Item("INV-1", 10, 100_00), Item("INV-2", 10, 200_00, currency: "EUR"), Item("INV-3", 10, 50_00)), AsOf);
        Assert.Equal([Money.Eur(200_00), Money.Usd(150_00)], plan.Message!.Totals);
    }

    [Fact]
    public void The_default_policy_is_valid_and_a_broken_one_says_where()
    {
        Assert.Empty(DunningPolicy.Default.Validate());
        var broken = Policy with
        {
            QuietDays = -1,
            Levels = [Policy.Levels[1], Policy.Levels[0] with { Templates = new Dictionary<string, string> { ["en"] = "nope" } }],
        };
        var fields = broken.Validate().Select(e => e.Field).ToList();
        Assert.Contains("quietDays", fields);
        Assert.Contains("levels[1].daysFromDue", fields);
        Assert.Contains("levels[1].templates", fields);
    }

    [Fact]
    public void A_message_is_rendered_in_the_customers_language_with_the_seller_and_an_absolute_link()
    {
        var plan = DunningPlanner.PlanCustomer(Policy, Customer(Item("INV-1", 10)) with { Language = "es" }, AsOf);
        var text = DunningTemplates.Render(plan.Message!.TemplateKey, plan.Message, "Pat", "Corner Shop", new SellerIdentity("Harbor & Vine", "1 Way\nOakland", "credit@hv.example"), new Uri("https://credo.example/statement/abc"));
        Assert.StartsWith("Recordatorio de pago", text.Subject, StringComparison.Ordinal);
        Assert.Contains("INV-1", text.Body, StringComparison.Ordinal);
        Assert.Contains("Harbor & Vine\n1 Way\nOakland\ncredit@hv.example", text.Body.Replace("\r", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("https://credo.example/statement/abc", text.Body, StringComparison.Ordinal);
        Assert.Equal("es", Policy.LanguageFor("mx"));
        Assert.Equal("en", Policy.LanguageFor("US"));
    }
}
