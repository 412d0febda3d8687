using Credo.Domain.Matching;
using Credo.Domain.Amounts;
using Credo.Domain.Portal;

namespace Credo.Domain.Tests.Matching;

/// <summary>Stage 1 and the portal (issue 16): a bank line quoting a payment request's RF pays exactly the invoices the buyer chose.</summary>
public sealed class RequestStageTests
{
    private static readonly DateOnly Issued = new(2026, 11, 1);

    private static Credo.Domain.Amounts.Money Usd(decimal major) => Credo.Domain.Amounts.Money.FromMajor(major, Currency.Usd).Value;

    private static OpenInvoice Invoice(long id, long customer, string number, decimal open) => new(id, customer, number, Usd(open), Issued, Issued.AddDays(30));

    // Request 12345's body (CP00012345) has the digits of invoice INV-12345: the reference must not name that invoice.
    private static readonly string Reference = PaymentReference.For(12345);

    private static MatchBook Book() => new(
        [
            Invoice(10, 1, "INV-0010001", 100m),
            Invoice(11, 1, "INV-0010002", 250m),
            Invoice(12, 1, "INV-0010003", 350m), // same amount as the two requested together
            Invoice(20, 2, "INV-12345", 350m),
        ],
        [new PayerProfile(1, "C-1001", ["Harbor Foods Inc"], []), new PayerProfile(2, "C-1002", ["Blue Lake Market"], [])],
        [new RequestedPayment(Reference, 1, [new InvoiceAllocation(10, "INV-0010001", Usd(100m)), new InvoiceAllocation(11, "INV-0010002", Usd(250m))])]);

    private static BankLineFacts Line(string remittance, decimal amount, string[]? structured = null) =>
        new(1, Usd(amount), new DateOnly(2026, 11, 20), remittance, structured ?? [], null, "HARBOR FOODS INC", null);

    [Theory]
    // where the RF is, amount, outcome, answer
    [InlineData("remittance", 350, MatchOutcome.Apply, "INV-0010001=100.00 INV-0010002=250.00")]
    [InlineData("remittance-printed", 350, MatchOutcome.Apply, "INV-0010001=100.00 INV-0010002=250.00")]
    [InlineData("structured", 350, MatchOutcome.Apply, "INV-0010001=100.00 INV-0010002=250.00")]
    [InlineData("remittance", 400, MatchOutcome.Suggest, "INV-0010001=100.00 INV-0010002=250.00 +50.00")]
    [InlineData("remittance", 150, MatchOutcome.Suggest, "INV-0010001=100.00 INV-0010002=50.00")]
    public void A_line_quoting_a_request_pays_exactly_its_invoices(string where, decimal amount, MatchOutcome outcome, string answer)
    {
        var line = where switch
        {
            "structured" => Line("thank you", amount, [Reference]),
            "remittance-printed" => Line("Payment " + PaymentReference.Print(Reference).ToLowerInvariant(), amount),
            _ => Line("Payment " + Reference, amount),
        };
        var decision = Matcher.Decide(line, Book(), MatchSettings.Default, new HashSet<string>());
        Assert.Equal(outcome, decision.Outcome);
        Assert.Equal(1, decision.Answer!.CustomerId);
        Assert.Equal(answer, Describe(decision.Answer));
        Assert.Contains(decision.Answer.Evidence, e => e.Said.Contains("payment request", StringComparison.Ordinal));
    }

    [Fact]
    public void The_request_reference_never_names_the_invoice_its_digits_look_like()
    {
        var decision = Matcher.Decide(Line("Payment " + Reference, 350m), Book(), MatchSettings.Default, new HashSet<string>());
        Assert.DoesNotContain(decision.Alternatives.Append(decision.Answer!), a => a.CustomerId == 2);
    }

    [Fact]
    public void An_unknown_request_reference_is_no_evidence()
    {
        var other = PaymentReference.For(99);
        var decision = Matcher.Decide(Line("Payment " + other, 350m), Book(), MatchSettings.Default, new HashSet<string>());
        Assert.NotEqual(MatchOutcome.Apply, decision.Outcome);
        Assert.DoesNotContain(decision.Answer?.Evidence ?? [], e => e.Said.Contains("payment request", StringComparison.Ordinal));
    }

    [Fact]
    public void A_request_whose_invoices_were_paid_meanwhile_offers_nothing_of_its_own()
    {
        var book = Book();
        book.Settle([new InvoiceAllocation(10, "INV-0010001", Usd(100m)), new InvoiceAllocation(11, "INV-0010002", Usd(250m))]);
        var decision = Matcher.Decide(Line("Payment " + Reference, 350m), book, MatchSettings.Default, new HashSet<string>());
        Assert.DoesNotContain(decision.Alternatives.Append(decision.Answer).OfType<MatchAnswer>().SelectMany(a => a.Evidence), e => e.Said.Contains("payment request", StringComparison.Ordinal));
    }

    private static string Describe(MatchAnswer answer) =>
        string.Join(' ', answer.Allocations.Select(a => $"{a.InvoiceNumber}={a.Amount.Major:0.00}"))
        + (answer.OnAccount.IsPositive ? $" +{answer.OnAccount.Major:0.00}" : "");
}
