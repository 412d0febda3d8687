using System.Globalization;
using Credo.Domain.Amounts;

namespace Credo.Domain.Matching;

/// <summary>A generated customer: its number, legal and trading names, how its bank prints it, the account it pays from.</summary>
public sealed record GeneratedCustomer(long Id, string Number, string LegalName, string? TradingName, string PaysAs, string Account, bool AccountKnown, string Terms)
{
    /// <summary>The customer as the matcher knows it: names from the customer record, the account only when an earlier match taught it.</summary>
    public PayerProfile Profile() => new(Id, Number, TradingName is null ? [LegalName] : [LegalName, TradingName], AccountKnown ? [Account] : []);
}

/// <summary>
/// The true answer for a generated line: the customer and the invoices with amounts it pays, what stays on account,
/// and the kind of mess it was written with. No customer: money that is no customer's payment (nothing may apply).
/// </summary>
public sealed record TrueAnswer(string Kind, string? CustomerNumber, IReadOnlyList<(string InvoiceNumber, long AmountMinor)> Allocations, long OnAccountMinor);

public sealed record GeneratedLine(BankLineFacts Facts, string BankReference, TrueAnswer Truth);

/// <summary>What the engine did with one line, by numbers (so that a database run, with its own ids, is graded the same way).</summary>
public sealed record GivenAnswer(MatchOutcome Outcome, string? CustomerNumber, IReadOnlyList<(string InvoiceNumber, long AmountMinor)> Allocations, long OnAccountMinor)
{
    public static GivenAnswer Of(MatchDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new(decision.Outcome, decision.Answer?.CustomerNumber, decision.Answer?.Allocations.Select(a => (a.InvoiceNumber, a.Amount.Minor)).ToList() ?? [], decision.Answer?.OnAccount.Minor ?? 0);
    }
}

/// <summary>
/// A statement's answers against the truth: applied right or wrong (another customer, other invoices or other
/// amounts), suggested right or wrong, unmatched; and the applied share of all lines. Wrong applications by kind.
/// </summary>
public sealed record MatchGrade(int Lines, int AppliedRight, int AppliedWrong, int SuggestedRight, int SuggestedWrong, int Unmatched, IReadOnlyDictionary<string, int> NotAppliedByKind, IReadOnlyList<string> Wrong, IReadOnlyList<string> Missed)
{
    public double AppliedShare => Lines == 0 ? 0 : (double)(AppliedRight + AppliedWrong) / Lines;

    /// <summary>The applied share of the lines that are a customer's payment (money that is no customer's, a tax refund or interest, is never applied).</summary>
    public double AppliedShareOfPayments => Lines - NotACustomer == 0 ? 0 : (double)(AppliedRight + AppliedWrong) / (Lines - NotACustomer);

    public int NotACustomer => NotAppliedByKind.GetValueOrDefault("not-a-customer");

    public static MatchGrade Of(IReadOnlyList<GeneratedLine> lines, IReadOnlyList<GivenAnswer> given)
    {
        ArgumentNullException.ThrowIfNull(lines);
        ArgumentNullException.ThrowIfNull(given);
        int appliedRight = 0, appliedWrong = 0, suggestedRight = 0, suggestedWrong = 0, unmatched = 0;
        var notApplied = new Dictionary<string, int>(StringComparer.Ordinal);
        var wrong = new List<string>();
        var missed = new List<string>();
        foreach (var (line, answer) in lines.Zip(given))
        {
            var right = Same(line.Truth, answer);
            switch (answer.Outcome)
            {
                case MatchOutcome.Apply when right: appliedRight++; continue;
                case MatchOutcome.Apply: appliedWrong++; wrong.Add($"line {line.Facts.LineId} ({line.Truth.Kind}, '{line.Facts.Remittance}', payer '{line.Facts.PayerName}'): applied {Describe(answer.CustomerNumber, answer.Allocations, answer.OnAccountMinor)}, truth {Describe(line.Truth.CustomerNumber, line.Truth.Allocations, line.Truth.OnAccountMinor)}"); continue;
                case MatchOutcome.Suggest when right: suggestedRight++; break;
                case MatchOutcome.Suggest: suggestedWrong++; break;
                case MatchOutcome.Unmatched: unmatched++; break;
            }

            notApplied[line.Truth.Kind] = notApplied.GetValueOrDefault(line.Truth.Kind) + 1;
            missed.Add($"line {line.Facts.LineId} ({line.Truth.Kind}, '{line.Facts.Remittance}', payer '{line.Facts.PayerName}'): {answer.Outcome} {Describe(answer.CustomerNumber, answer.Allocations, answer.OnAccountMinor)}, truth {Describe(line.Truth.CustomerNumber, line.Truth.Allocations, line.Truth.OnAccountMinor)}");
        }

        return new MatchGrade(lines.Count, appliedRight, appliedWrong, suggestedRight, suggestedWrong, unmatched, notApplied, wrong, missed);
    }

    private static bool Same(TrueAnswer truth, GivenAnswer given) =>
        truth.CustomerNumber is not null && truth.CustomerNumber == given.CustomerNumber && truth.OnAccountMinor == given.OnAccountMinor
        && truth.Allocations.OrderBy(a => a.InvoiceNumber, StringComparer.Ordinal).SequenceEqual(given.Allocations.OrderBy(a => a.InvoiceNumber, StringComparer.Ordinal));

    private static string Describe(string? customer, IReadOnlyList<(string InvoiceNumber, long AmountMinor)> allocations, long onAccount) =>
        customer is null ? "nothing" : $"{customer}: {string.Join(' ', allocations.Select(a => $"{a.InvoiceNumber}={a.AmountMinor}"))}" + (onAccount > 0 ? $" +{onAccount}" : "");

    public override string ToString() =>
        $"{Lines} lines: {AppliedRight + AppliedWrong} applied ({AppliedShare:P1} of all lines, {AppliedShareOfPayments:P1} of the {Lines - NotACustomer} customer payments; {AppliedWrong} wrong), {SuggestedRight + SuggestedWrong} suggested ({SuggestedRight} right), {Unmatched} unmatched; not applied by kind: "
        + string.Join(", ", NotAppliedByKind.OrderByDescending(k => k.Value).Select(k => $"{k.Key} {k.Value}"));
}

/// <summary>
/// A seeded ledger and bank statement with remittance as messy as real ones, and the true answer for every line:
/// invoice numbers with and without prefixes and leading zeros, typos and truncations, several invoices per line, none
/// at all, payer names that differ from the legal name, accounts known or not, partial, short, over and discounted
/// payments, and money that is no customer's. The same seed and sizes give the same statement. Shared by the matcher's
/// quality test and the bench (which writes it into a database and a camt.053).
/// </summary>
public sealed record MessyStatement(IReadOnlyList<GeneratedCustomer> Customers, IReadOnlyList<OpenInvoice> Invoices, IReadOnlyList<GeneratedLine> Lines, DateOnly BookedOn, Currency Currency)
{
    public const string DiscountTerms = "2/10NET30";

    private static readonly string[] First = ["Harbor", "Blue Lake", "Northwind", "Greenfield", "Summit", "Riverside", "Oak Hill", "Silver", "Golden Gate", "Maple", "Pioneer", "Atlas", "Beacon", "Cedar", "Horizon", "Evergreen", "Granite", "Lakeside", "Meridian", "Crescent", "Redwood", "Bayview", "Sterling", "Prairie", "Coastal", "Highland", "Westbrook", "Ironwood", "Sunrise", "Keystone"];
    private static readonly string[] Second = ["Vine", "Fresh", "City", "Valley", "Metro", "Union", "Royal", "Central", "Family", "Premier", "United", "Allied", "National", "Regional", "Brothers"];
    private static readonly string[] Trade = ["Foods", "Grocers", "Market", "Pharmacy", "Hardware", "Deli", "Wholesale", "Supply", "Distributors", "Traders", "Bakery", "Outfitters", "Provisions", "Imports", "Stores"];
    private static readonly string[] Forms = ["Inc", "LLC", "Ltd", "Corp.", "GmbH", "B.V.", "Co."];
    private static readonly string[] Parents = ["Holdings", "Group", "Partners", "Enterprises", "Ventures"];

    /// <summary>
    /// <paramref name="customers"/> customers sharing <paramref name="invoices"/> open invoices issued over the 90 days
    /// before <paramref name="bookedOn"/>, and a statement of <paramref name="lines"/> lines booked that day.
    /// </summary>
    public static MessyStatement Generate(int seed, int customers, int invoices, int lines, DateOnly bookedOn, Currency? currency = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(customers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(invoices, customers);
        var money = currency ?? Currency.Usd;
        var random = new Random(seed);
        var people = Enumerable.Range(1, customers).Select(i => Customer(random, i)).ToList();
        var open = Enumerable.Range(1, invoices).Select(i => Invoice(random, i, people[random.Next(customers)], bookedOn, money)).ToList();
        var writer = new LineWriter(random, people, open, bookedOn, money);
        return new MessyStatement(people, open, [.. Enumerable.Range(1, lines).Select(writer.Next)], bookedOn, money);
    }

    /// <summary>
    /// Runs the matcher over the statement line by line as the engine does (an applied line settles its invoices
    /// before the next line is decided) and grades the answers.
    /// </summary>
    public MatchGrade MatchAndGrade(MatchSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var book = new MatchBook(Invoices, Customers.Select(c => c.Profile()));
        var given = new List<GivenAnswer>(Lines.Count);
        var none = new HashSet<string>();
        foreach (var line in Lines)
        {
            var decision = Matcher.Decide(line.Facts, book, settings, none);
            if (decision.Outcome == MatchOutcome.Apply)
            {
                book.Applied(line.Facts, decision.Answer!);
            }

            given.Add(GivenAnswer.Of(decision));
        }

        return MatchGrade.Of(Lines, given);
    }

    public static string InvoiceNumber(long index) => $"INV-{index:D7}";

    public static string CustomerNumber(long index) => $"C{index:D6}";

    private static GeneratedCustomer Customer(Random random, int i)
    {
        var core = $"{First[random.Next(First.Length)]} {Second[random.Next(Second.Length)]} {Trade[random.Next(Trade.Length)]}";
        var legal = $"{core} {i:D6} {Forms[random.Next(Forms.Length)]}";
        var trading = random.Next(3) == 0 ? $"{core} {i:D6}" : null;
        var paysAs = random.Next(20) switch
        {
            < 6 => legal.ToUpperInvariant(), // as the bank prints it
            < 9 => (trading ?? core + $" {i:D6}").ToUpperInvariant(),
            < 12 => Truncate(legal.ToUpperInvariant().Replace("&", "AND", StringComparison.Ordinal), 22), // the payer's bank cuts names short
            < 14 => Typo(random, legal),
            < 16 => $"{First[random.Next(First.Length)]} {Parents[random.Next(Parents.Length)]} {Forms[random.Next(Forms.Length)]}", // a parent company pays
            _ => legal,
        };
        var account = $"DE{random.Next(10, 99)}{random.NextInt64(1_000_000_000_000_000, 9_999_999_999_999_999):D18}";
        return new GeneratedCustomer(i, CustomerNumber(i), legal, trading, paysAs, account, random.Next(10) < 7, random.Next(5) == 0 ? DiscountTerms : "NET30");
    }

    private static OpenInvoice Invoice(Random random, int i, GeneratedCustomer customer, DateOnly bookedOn, Currency currency)
    {
        var issued = bookedOn.AddDays(-random.Next(0, 90));
        var amount = new Money(random.NextInt64(5_000, 2_500_000), currency);
        return customer.Terms == DiscountTerms
            ? new OpenInvoice(i, customer.Id, InvoiceNumber(i), amount, issued, issued.AddDays(30), 200, issued.AddDays(10))
            : new OpenInvoice(i, customer.Id, InvoiceNumber(i), amount, issued, issued.AddDays(30));
    }

    internal static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    /// <summary>One letter dropped or two neighbours swapped, away from the first three letters.</summary>
    internal static string Typo(Random random, string text)
    {
        if (text.Length < 6)
        {
            return text;
        }

        var at = random.Next(3, text.Length - 1);
        return random.Next(2) == 0
            ? text.Remove(at, 1)
            : string.Concat(text.AsSpan(0, at), text[at + 1].ToString(CultureInfo.InvariantCulture), text[at].ToString(CultureInfo.InvariantCulture), text.AsSpan(at + 2));
    }
}
