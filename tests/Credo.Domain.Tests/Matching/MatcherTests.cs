using Credo.Domain.Matching;
using Credo.Domain.Amounts;
using FsCheck;
using FsCheck.Xunit;

namespace Credo.Domain.Tests.Matching;

public sealed class MatcherTests
{
    private static readonly DateOnly Issued = new(2026, 11, 1);

    private static Credo.Domain.Amounts.Money Usd(decimal major) => Credo.Domain.Amounts.Money.FromMajor(major, Currency.Usd).Value;

    private static OpenInvoice Invoice(long id, long customer, string number, decimal open, string currency = "USD", int discountBp = 0) =>
        new(id, customer, number, Credo.Domain.Amounts.Money.FromMajor(open, Currency.Of(currency)).Value, Issued, Issued.AddDays(30), discountBp, discountBp > 0 ? Issued.AddDays(10) : null);

    private static readonly MatchBook Book = new(
        [
            Invoice(10, 1, "INV-0012345", 100m),
            Invoice(11, 1, "INV-0012346", 250m),
            Invoice(12, 1, "INV-0012347", 50m, discountBp: 200),
            Invoice(20, 2, "INV-0020001", 100m),
            Invoice(21, 2, "INV-0020002", 75m),
            Invoice(30, 3, "INV-0030001", 80m, "EUR"),
            Invoice(31, 3, "INV-9876543", 42m),
            Invoice(32, 3, "INV-2026-000123", 64m),
            Invoice(33, 2, "INV-1978346A", 1200m),
            Invoice(34, 2, "INV-1978346A-B", 345.60m),
        ],
        [
            new PayerProfile(1, "C-1001", ["Harbor Foods Inc", "Harbor Fine Foods"], ["DE89 3704 0044 0532 0130 00"]),
            new PayerProfile(2, "C-1002", ["Blue Lake Market LLC"], []),
            new PayerProfile(3, "C-1003", ["Corner Store"], []),
        ]);

    private static BankLineFacts Line(string remittance, decimal amount, string? payer = null, string? account = null, string[]? structured = null, DateOnly? on = null) =>
        new(1, Usd(amount), on ?? new DateOnly(2026, 11, 20), remittance, structured ?? [], null, payer, account);

    [Theory]
    // remittance, amount, payer name, payer account, expected outcome, expected answer "customer: invoice=amount ..."
    [InlineData("INV-0012345", 100, null, null, MatchOutcome.Apply, "C-1001: INV-0012345=100.00")]
    [InlineData("Rechnung inv0012345", 100, null, null, MatchOutcome.Apply, "C-1001: INV-0012345=100.00")]
    [InlineData("payment for invoice 12345", 100, null, null, MatchOutcome.Suggest, "C-1001: INV-0012345=100.00")]
    [InlineData("payment for invoice 12345", 100, "HARBOR FOODS", null, MatchOutcome.Apply, "C-1001: INV-0012345=100.00")]
    [InlineData("INV 0012345, INV-0012346", 350, null, null, MatchOutcome.Apply, "C-1001: INV-0012345=100.00 INV-0012346=250.00")]
    [InlineData("INV-0012345/0012346 and inv 12347", 400, null, null, MatchOutcome.Apply, "C-1001: INV-0012345=100.00 INV-0012346=250.00 INV-0012347=50.00")]
    [InlineData("INV-0012345", 60, null, null, MatchOutcome.Suggest, "C-1001: INV-0012345=60.00")]
    [InlineData("INV-0012345", 97, null, null, MatchOutcome.Suggest, "C-1001: INV-0012345=97.00")]
    [InlineData("INV-0012345", 130, null, null, MatchOutcome.Suggest, "C-1001: INV-0012345=100.00 +30.00")]
    [InlineData("inv 98765", 42, null, null, MatchOutcome.Suggest, "C-1003: INV-9876543=42.00")]
    [InlineData("Rechnung 2026/123", 64, "Corner Store Ltd", null, MatchOutcome.Apply, "C-1003: INV-2026-000123=64.00")]
    [InlineData("Rechnung 2026/123", 64, null, null, MatchOutcome.Suggest, "C-1003: INV-2026-000123=64.00")]
    [InlineData("Payment INV-1978346A", 1200, null, null, MatchOutcome.Apply, "C-1002: INV-1978346A=1200.00")]
    // A payer known by its account (or its number and name) and the only set of its invoices adding up to the line: applied.
    [InlineData("", 300, null, "DE89370400440532013000", MatchOutcome.Apply, "C-1001: INV-0012346=250.00 INV-0012347=50.00")]
    [InlineData("from customer C-1001", 100, "Harbour Foods", null, MatchOutcome.Apply, "C-1001: INV-0012345=100.00")]
    // A name alone and the amount: suggested only.
    [InlineData("", 100, "Harbor Foods Inc", null, MatchOutcome.Suggest, "C-1001: INV-0012345=100.00")]
    // A prefix without the zeros, and a number written to the invoice's full width without its prefix.
    [InlineData("INV 12345 thanks", 100, null, null, MatchOutcome.Apply, "C-1001: INV-0012345=100.00")]
    [InlineData("Rechnung Nr. 0020002", 75, "Blue Lake Market", null, MatchOutcome.Apply, "C-1002: INV-0020002=75.00")]
    // Two invoices named and the rest exactly what is open on a third, not named: suggested with all three, never applied.
    [InlineData("INV-0020001 INV-1978346A-B", 520.60, "Blue Lake Market", null, MatchOutcome.Suggest, "C-1002: INV-0020001=100.00 INV-0020002=75.00 INV-1978346A-B=345.60")]
    [InlineData("", 250, null, null, MatchOutcome.Suggest, "C-1001: INV-0012346=250.00")]
    [InlineData("", 100, null, null, MatchOutcome.Unmatched, "-")]
    [InlineData("INV-0012345 INV-0020001", 100, null, null, MatchOutcome.Suggest, "C-1001: INV-0012345=100.00")]
    [InlineData("INV-0030001", 80, null, null, MatchOutcome.Unmatched, "-")]
    [InlineData("INV-0012345", -100, null, null, MatchOutcome.Unmatched, "-")]
    // A broken creditor reference is no creditor reference, but the invoice number inside it is still read.
    [InlineData("RF99INV0012346", 251, null, null, MatchOutcome.Suggest, "C-1001: INV-0012346=250.00 +1.00")]
    public void One_decision_per_line(string remittance, double amount, string? payer, string? account, MatchOutcome outcome, string answer)
    {
        var decision = Matcher.Decide(Line(remittance, (decimal)amount, payer, account), Book, MatchSettings.Default, new HashSet<string>());
        Assert.Equal((outcome, answer), (decision.Outcome, Describe(decision.Answer)));
        Assert.NotEmpty(decision.Summary);
    }

    [Fact]
    public void A_valid_creditor_reference_names_its_invoice_and_a_wrong_check_digit_does_not()
    {
        var reference = References.CreditorReferenceFor("INV-0012346");
        Assert.True(References.IsValidCreditorReference(reference));
        var good = Matcher.Decide(Line("", 250, structured: [reference]), Book, MatchSettings.Default, new HashSet<string>());
        Assert.Equal((MatchOutcome.Apply, "C-1001: INV-0012346=250.00"), (good.Outcome, Describe(good.Answer)));
        Assert.Contains(good.Answer!.Evidence, e => e.Said.Contains("creditor reference", StringComparison.Ordinal) && e.Points == 60);

        var broken = reference[..2] + (reference[2] == '9' ? '1' : '9') + reference[3..];
        Assert.False(References.IsValidCreditorReference(broken));
    }

    [Theory]
    [InlineData("RF18539007547034", true)]
    [InlineData("RF18 5390 0754 7034", true)]
    [InlineData("RF18000000000539007547034", true)]
    [InlineData("RF19539007547034", false)]
    [InlineData("RF18", false)]
    [InlineData("XX18539007547034", false)]
    public void Iso_11649_check_digits(string reference, bool valid) => Assert.Equal(valid, References.IsValidCreditorReference(reference));

    [Fact]
    public void A_discount_taken_within_its_terms_pays_the_invoice_and_leaves_the_discount_open()
    {
        var within = Matcher.Decide(Line("INV-0012347", 49, on: Issued.AddDays(8)), Book, MatchSettings.Default, new HashSet<string>());
        Assert.Equal((MatchOutcome.Apply, "C-1001: INV-0012347=49.00"), (within.Outcome, Describe(within.Answer)));
        Assert.Contains(within.Answer!.Evidence, e => e.Said.Contains("cash discount", StringComparison.Ordinal));

        var late = Matcher.Decide(Line("INV-0012347", 49, on: Issued.AddDays(20)), Book, MatchSettings.Default, new HashSet<string>());
        Assert.Equal(MatchOutcome.Suggest, late.Outcome);
    }

    [Fact]
    public void Two_equally_good_answers_are_never_applied()
    {
        var decision = Matcher.Decide(Line("INV-0012345 INV-0020001", 100), Book, MatchSettings.Default, new HashSet<string>());
        Assert.Equal(MatchOutcome.Suggest, decision.Outcome);
        Assert.Contains("equally good", decision.Summary, StringComparison.Ordinal);
        Assert.Equal("C-1002: INV-0020001=100.00", Describe(decision.Alternatives[0]));
    }

    [Fact]
    public void An_undone_answer_is_not_given_again()
    {
        var first = Matcher.Decide(Line("INV-0012345", 100), Book, MatchSettings.Default, new HashSet<string>());
        var again = Matcher.Decide(Line("INV-0012345", 100), Book, MatchSettings.Default, new HashSet<string> { first.Answer!.Signature });
        Assert.NotEqual(MatchOutcome.Apply, again.Outcome);
        Assert.NotEqual(first.Answer.Signature, again.Answer?.Signature);
        Assert.Contains("undid or rejected", again.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_subsets_that_fit_are_ambiguous()
    {
        var book = new MatchBook([Invoice(1, 1, "A-10001", 30m), Invoice(2, 1, "A-10002", 70m), Invoice(3, 1, "A-10003", 60m), Invoice(4, 1, "A-10004", 40m)], [new PayerProfile(1, "C-1", ["Acme"], ["NL01BANK0000000001"])]);
        var decision = Matcher.Decide(new BankLineFacts(1, Usd(100), Issued, "", [], null, null, "NL01BANK0000000001"), book, MatchSettings.Default with { AutoApplyScore = 60 }, new HashSet<string>());
        Assert.Equal(MatchOutcome.Suggest, decision.Outcome);
        Assert.Contains("equally good", decision.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Harbor Foods Inc", "HARBOR FOODS INC.", 100)]
    [InlineData("Harbor & Vine Distributors, Inc.", "Harbor and Vine Distributors", 100)]
    [InlineData("Harbor Foods Inc", "Harbour Foods", 80)]
    [InlineData("Müller GmbH", "MUELLER", 50)]
    [InlineData("Blue Lake Market", "Corner Store", 0)]
    public void Payer_names_are_compared_without_legal_forms_case_or_punctuation(string a, string b, int atLeast)
    {
        var score = PayerNames.Similarity(a, b);
        Assert.True(atLeast == 0 ? score < 40 : score >= atLeast, $"{a} ~ {b}: {score}");
    }

    [Property(MaxTest = 300)]
    public bool Never_more_than_the_line_never_across_currencies_never_another_customers_invoice(PositiveInt[] opens, PositiveInt amount, int seed, bool euro)
    {
        var random = new Random(seed);
        var invoices = opens.Take(30).Select((o, i) => new OpenInvoice(
            i + 1, 1 + random.Next(4), $"INV-{10000 + (i * 7 % 13)}{i}", new Credo.Domain.Amounts.Money(o.Get % 100_000, random.Next(3) == 0 ? Currency.Eur : Currency.Usd),
            Issued, Issued.AddDays(random.Next(60)), random.Next(2) * 200, Issued.AddDays(10))).ToList();
        var payers = Enumerable.Range(1, 4).Select(c => new PayerProfile(c, $"C-{c}", [$"Customer {c} Trading"], [$"ACC{c}"])).ToList();
        var book = new MatchBook(invoices, payers);
        var words = invoices.OrderBy(_ => random.Next()).Take(random.Next(4)).Select(i => random.Next(2) == 0 ? i.Number : i.Number[4..]);
        var line = new BankLineFacts(1, new Credo.Domain.Amounts.Money(amount.Get % 200_000, euro ? Currency.Eur : Currency.Usd), Issued.AddDays(random.Next(40)),
            string.Join(" ", words), [], null, random.Next(2) == 0 ? $"Customer {1 + random.Next(4)}" : null, random.Next(2) == 0 ? $"ACC{1 + random.Next(4)}" : null);
        var decision = Matcher.Decide(line, book, MatchSettings.Default with { AutoApplyScore = 1 + random.Next(100) }, new HashSet<string>());
        var answers = decision.Alternatives.Concat(decision.Answer is null ? [] : [decision.Answer]);
        return answers.All(a =>
            a.Allocations.Sum(x => x.Amount.Minor) <= line.Amount.Minor
            && a.Allocations.All(x => x.Amount.IsPositive && x.Amount.Currency == line.Amount.Currency && book.Invoices[x.InvoiceId].Open.Currency == line.Amount.Currency)
            && a.Allocations.All(x => book.Invoices[x.InvoiceId].CustomerId == a.CustomerId && x.Amount.Minor <= book.Invoices[x.InvoiceId].Open.Minor))
            && (decision.Outcome != MatchOutcome.Apply || decision.Alternatives.All(alt => decision.Answer!.Score - alt.Score >= Matcher.AmbiguityMargin));
    }

    private static string Describe(MatchAnswer? answer) => answer is null
        ? "-"
        : $"{answer.CustomerNumber}: {string.Join(" ", answer.Allocations.Select(a => $"{a.InvoiceNumber}={a.Amount.ToMajorString()}"))}"
            + (answer.OnAccount.IsZero ? "" : $" +{answer.OnAccount.ToMajorString()}");
}
