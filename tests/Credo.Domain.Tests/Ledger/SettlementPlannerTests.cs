using Credo.Domain.Ledger;
using Credo.Domain.Ledger.Settlement;
using Credo.Domain.Amounts;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Credo.Domain.Tests.Ledger;

public sealed class SettlementPlannerTests
{
    private static readonly DateOnly Jan = new(2026, 1, 1);
    private const long Buyer = 7;

    private static SettlementDebit Invoice(long id, long open, ItemState? state = null, long customer = Buyer, string currency = "USD", long? original = null, long writtenOff = 0) =>
        new(id, customer, $"INV-{id}", Currency.Of(currency), Jan.AddDays((int)id), Jan, original ?? open, open,
            state ?? (open == 0 ? ItemState.Paid : open < (original ?? open) ? ItemState.PartiallyPaid : ItemState.Open), writtenOff);

    private static CreditItem Payment(long minor, string currency = "USD") => CreditItem.New(EntryKind.Payment, Buyer, new Credo.Domain.Amounts.Money(minor, Currency.Of(currency)));

    [Theory]
    // the named invoice's customer, currency, state and open amount; expected code (null: planned) and amount applied
    [InlineData(Buyer, "USD", ItemState.Open, 60, null, 60)]
    [InlineData(Buyer, "USD", ItemState.Open, 500, null, 100)]
    [InlineData(Buyer, "USD", ItemState.PartiallyPaid, 30, null, 30)]
    [InlineData(8, "USD", ItemState.Open, 60, "wrong-customer", 0)]
    [InlineData(Buyer, "EUR", ItemState.Open, 60, "currency-mismatch", 0)]
    [InlineData(Buyer, "USD", ItemState.Reversed, 0, "invoice-reversed", 0)]
    [InlineData(Buyer, "EUR", ItemState.Reversed, 0, "currency-mismatch", 0)]
    [InlineData(Buyer, "USD", ItemState.Paid, 0, "invoice-not-open", 0)]
    public void A_named_invoice_is_settled_up_to_its_open_amount_or_refused_by_code(long customer, string currency, ItemState state, long open, string? code, long applied)
    {
        var invoice = Invoice(1, open, state, customer, currency, original: Math.Max(open, 60));
        var result = SettlementPlanner.Plan(Payment(100), SettlementRequest.Named("INV-1", invoice, "invoiceNumber", WhenNothingOpen.Refuse));
        Assert.Equal(code, result.Error?.Code);
        if (code is null)
        {
            Assert.Equal(applied, result.Value!.AppliedMinor);
            Assert.Equal(applied - 100, result.Value.CreditOpenAfterMinor);
        }
        else
        {
            Assert.Equal("invoiceNumber", result.Error!.Field);
        }
    }

    [Theory]
    [InlineData(WhenNothingOpen.Refuse, "invoice-not-open")]
    [InlineData(WhenNothingOpen.OnAccount, null)]
    public void A_settled_invoice_refuses_or_leaves_the_credit_on_account(WhenNothingOpen whenNothingOpen, string? code)
    {
        var result = SettlementPlanner.Plan(Payment(100), SettlementRequest.Named("INV-1", Invoice(1, 0, original: 60), "invoice", whenNothingOpen));
        Assert.Equal(code, result.Error?.Code);
        if (result.IsOk)
        {
            Assert.Empty(result.Value!.Allocations);
            Assert.Equal(-100, result.Value.CreditOpenAfterMinor);
            Assert.Equal(ItemState.Open, result.Value.CreditStateAfter);
        }
    }

    [Fact]
    public void A_reversed_invoice_is_refused_whatever_the_mode_that_names_it()
    {
        var reversed = Invoice(1, 0, ItemState.Reversed, original: 60);
        Assert.Equal("invoice-reversed", SettlementPlanner.Plan(Payment(100), SettlementRequest.Named("INV-1", reversed, "invoice", WhenNothingOpen.OnAccount)).Error?.Code);
        var line = SettlementPlanner.Plan(Payment(100), SettlementRequest.Lines([new SettlementLine("INV-1", reversed, 10, "allocations[0].invoiceNumber", "allocations[0].amount")]));
        Assert.Equal("invoice-reversed", line.Error?.Code);
        Assert.Equal("allocations[0].invoiceNumber", line.Error?.Field);
    }

    [Fact]
    public void No_such_invoice_is_a_validation_refusal_naming_the_field()
    {
        var result = SettlementPlanner.Plan(Payment(100), SettlementRequest.Named("INV-404", null, "invoice", WhenNothingOpen.OnAccount));
        Assert.Equal(("validation", "invoice", "No invoice 'INV-404'."), (result.Error?.Code, result.Error?.Field, result.Error?.Message));
    }

    [Theory]
    // available, open amounts of invoices 1..n, requested "id:amount", expected code and field
    [InlineData(100, new long[] { 50, 50 }, new[] { "1:50", "2:50" }, null, null)]
    [InlineData(100, new long[] { 50 }, new[] { "1:60" }, "over-allocation", "allocations[0].amount")]
    [InlineData(60, new long[] { 50, 50 }, new[] { "1:40", "2:40" }, "over-allocation", "allocations")]
    [InlineData(100, new long[] { 50 }, new[] { "1:0" }, "validation", "allocations[0].amount")]
    public void Explicit_lines_are_checked_against_each_invoice_and_the_credit(long available, long[] opens, string[] requested, string? code, string? field)
    {
        var lines = requested.Select((r, i) =>
        {
            var parts = r.Split(':');
            var id = long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
            return new SettlementLine($"INV-{id}", Invoice(id, opens[id - 1]), long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), $"allocations[{i}].invoiceNumber", $"allocations[{i}].amount");
        }).ToList();
        var result = SettlementPlanner.Plan(Payment(available), SettlementRequest.Lines(lines));
        Assert.Equal((code, field), (result.Error?.Code, result.Error?.Field));
    }

    [Fact]
    public void Oldest_first_skips_other_customers_currencies_reversed_and_closed_items()
    {
        SettlementDebit[] debits =
        [
            Invoice(1, 40, customer: 8),
            Invoice(2, 40, currency: "EUR"),
            Invoice(3, 0, ItemState.Reversed, original: 40),
            Invoice(4, 0, original: 40),
            Invoice(5, 40),
            Invoice(6, 40),
        ];
        var plan = SettlementPlanner.Plan(Payment(60), SettlementRequest.OldestFirst(debits)).Value!;
        Assert.Equal(["5:40:0:Paid", "6:40:20:PartiallyPaid"], plan.Debits.Select(d => $"{d.DebitId}:{d.OpenBeforeMinor}:{d.OpenAfterMinor}:{d.StateAfter}"));
        Assert.Equal((60L, 0L, ItemState.Paid), (plan.AppliedMinor, plan.CreditOpenAfterMinor, plan.CreditStateAfter));
    }

    [Theory]
    // the debit's original, open before, written off, what the credit brings; its state after
    [InlineData(100, 100, 0, 100, ItemState.Paid)]
    [InlineData(100, 40, 60, 40, ItemState.WrittenOff)]
    [InlineData(100, 100, 0, 30, ItemState.PartiallyPaid)]
    [InlineData(100, 120, 0, 10, ItemState.Open)] // an adjustment raised it above its original
    public void A_debits_state_after_follows_the_ledgers_derivation(long original, long open, long writtenOff, long paid, ItemState expected)
    {
        var debit = Invoice(1, open, ItemState.Open, original: original, writtenOff: writtenOff);
        var plan = SettlementPlanner.Plan(Payment(paid), SettlementRequest.Named("INV-1", debit, "invoice", WhenNothingOpen.Refuse)).Value!;
        Assert.Equal(expected, Assert.Single(plan.Debits).StateAfter);
    }

    [Fact]
    public void Allocating_what_is_left_of_an_older_credit_keeps_its_original()
    {
        var credit = new CreditItem(EntryKind.CreditNote, Buyer, Currency.Usd, 100, 30);
        var plan = SettlementPlanner.Plan(credit, SettlementRequest.OldestFirst([Invoice(1, 50)])).Value!;
        Assert.Equal((30L, 0L, ItemState.Paid), (plan.AppliedMinor, plan.CreditOpenAfterMinor, plan.CreditStateAfter));
    }

    [Fact]
    public void On_account_applies_nothing()
    {
        var plan = SettlementPlanner.Plan(Payment(100), SettlementRequest.OnAccount).Value!;
        Assert.Equal((0L, -100L, ItemState.Open), (plan.AppliedMinor, plan.CreditOpenAfterMinor, plan.CreditStateAfter));
    }

    private static Arbitrary<SettlementCase> Cases() => (
        from available in Gen.Choose(0, 500)
        from count in Gen.Choose(0, 8)
        from debits in DebitGen().ArrayOf(count)
        from mode in Gen.Elements(SettlementMode.Lines, SettlementMode.NamedInvoice, SettlementMode.OldestFirst, SettlementMode.OnAccount)
        from asks in Gen.Choose(-5, 200).ArrayOf(count)
        select new SettlementCase(available, [.. debits.Select((d, i) => d with { Id = i + 1, Document = $"INV-{i + 1}" })], mode, asks)).ToArbitrary();

    private static Gen<SettlementDebit> DebitGen() =>
        from customer in Gen.Elements(Buyer, Buyer, Buyer, 8L)
        from currency in Gen.Elements("USD", "USD", "USD", "EUR")
        from original in Gen.Choose(1, 300)
        from paid in Gen.Choose(0, 300)
        from reversed in Gen.Elements(false, false, false, false, true)
        from due in Gen.Choose(0, 60)
        let open = reversed ? 0 : Math.Max(0, original - paid)
        let state = reversed ? ItemState.Reversed : open == 0 ? ItemState.Paid : open < original ? ItemState.PartiallyPaid : ItemState.Open
        select new SettlementDebit(0, customer, null, Currency.Of(currency), Jan.AddDays(due), Jan, original, open, state);

    public sealed record SettlementCase(long Available, SettlementDebit[] Debits, SettlementMode Mode, int[] Asks)
    {
        public SettlementRequest Request() => Mode switch
        {
            SettlementMode.Lines => SettlementRequest.Lines([.. Debits.Select((d, i) => new SettlementLine(d.Document!, d, Asks[i], $"allocations[{i}].invoiceNumber", $"allocations[{i}].amount"))]),
            SettlementMode.NamedInvoice => Debits.Length == 0
                ? SettlementRequest.Named("INV-0", null, "invoice", WhenNothingOpen.OnAccount)
                : SettlementRequest.Named(Debits[0].Document!, Debits[0], "invoice", WhenNothingOpen.OnAccount),
            SettlementMode.OldestFirst => SettlementRequest.OldestFirst(Debits),
            SettlementMode.OnAccount => SettlementRequest.OnAccount,
        };

        public override string ToString() =>
            $"{Mode} {Available}: {string.Join(", ", Debits.Select(d => $"{d.Id}/{d.CustomerId}/{d.Currency.Code}/{d.State}/{d.OpenMinor}"))} asks {string.Join(",", Asks)}";
    }

    [Property(MaxTest = 500)]
    public Property A_plan_conserves_money() => Prop.ForAll(Cases(), c =>
    {
        var result = SettlementPlanner.Plan(Payment(c.Available), c.Request());
        if (!result.IsOk)
        {
            return true;
        }

        var plan = result.Value!;
        var debitsMoved = plan.Debits.Sum(d => d.OpenBeforeMinor - d.OpenAfterMinor);
        return plan.Allocations.Sum(a => a.AmountMinor) == plan.AppliedMinor
            && debitsMoved == plan.AppliedMinor
            && plan.CreditOpenAfterMinor == -(c.Available - plan.AppliedMinor);
    });

    [Property(MaxTest = 500)]
    public Property A_plan_never_over_allocates() => Prop.ForAll(Cases(), c =>
    {
        var result = SettlementPlanner.Plan(Payment(c.Available), c.Request());
        if (!result.IsOk)
        {
            return true;
        }

        var plan = result.Value!;
        var byId = c.Debits.ToDictionary(d => d.Id);
        return plan.AppliedMinor <= c.Available
            && plan.Allocations.All(a => a.AmountMinor > 0 && a.AmountMinor <= byId[a.ItemId].OpenMinor)
            && plan.Allocations.Select(a => a.ItemId).Distinct().Count() == plan.Allocations.Count
            && plan.Debits.All(d => d.OpenAfterMinor >= 0);
    });

    [Property(MaxTest = 500)]
    public Property A_plan_never_crosses_currencies_or_customers_nor_touches_a_reversed_invoice() => Prop.ForAll(Cases(), c =>
    {
        var result = SettlementPlanner.Plan(Payment(c.Available), c.Request());
        if (!result.IsOk)
        {
            return result.Error!.Code is "validation" or "over-allocation" or "wrong-customer" or "currency-mismatch" or "invoice-reversed" or "invoice-not-open";
        }

        var byId = c.Debits.ToDictionary(d => d.Id);
        return result.Value!.Allocations.All(a => byId[a.ItemId] is var d && d.CustomerId == Buyer && d.Currency == Currency.Usd && d.State != ItemState.Reversed);
    });
}
