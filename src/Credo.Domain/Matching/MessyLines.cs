using System.Globalization;
using Credo.Domain.Amounts;

namespace Credo.Domain.Matching;

/// <summary>
/// Writes the lines of a <see cref="MessyStatement"/>, each of one kind of mess (the weights are per hundred lines),
/// and keeps the true answer. An invoice is paid by at most one line.
/// </summary>
internal sealed class LineWriter(Random random, IReadOnlyList<GeneratedCustomer> customers, IReadOnlyList<OpenInvoice> invoices, DateOnly bookedOn, Currency currency)
{
    private static readonly (string Kind, int Weight)[] Kinds =
    [
        ("number", 34), ("several", 14), ("discount", 7), ("partial", 6), ("short", 5), ("over", 3), ("creditor-reference", 3),
        ("typo", 8), ("truncated", 4), ("no-reference", 8), ("customer-number", 4), ("not-a-customer", 4),
    ];

    private static readonly string[] Noise = ["", "", "", "Thank you", "PO 4471829", "Order 88123", "REF 07.12.2026", "payment", "SEPA CREDIT TRANSFER", "Your ref. 2026/11"];

    private readonly Dictionary<long, List<OpenInvoice>> byCustomer = invoices.GroupBy(i => i.CustomerId).ToDictionary(g => g.Key, g => g.ToList());
    private readonly HashSet<long> paid = [];

    public GeneratedLine Next(int lineNo)
    {
        var roll = random.Next(100);
        var kind = Kinds.First(k => (roll -= k.Weight) < 0).Kind;
        if (kind == "not-a-customer")
        {
            return NotACustomer(lineNo);
        }

        var (customer, chosen) = Choose(kind);
        if (chosen.Count == 0)
        {
            (kind, (customer, chosen)) = ("number", Choose("number"));
        }

        if (chosen.Count == 0)
        {
            return NotACustomer(lineNo);
        }

        chosen.ForEach(i => paid.Add(i.Id));
        var (amount, allocations, onAccount) = Amounts(kind, chosen);
        var remittance = Remittance(kind, customer, chosen);
        var structured = kind == "creditor-reference" ? new[] { References.CreditorReferenceFor(chosen[0].Number) } : [];
        var facts = new BankLineFacts(lineNo, new Money(amount, currency), bookedOn, remittance, structured, null,
            random.Next(10) == 0 ? null : customer.PaysAs, customer.Account);
        return new GeneratedLine(facts, $"BANK{lineNo:D8}", new TrueAnswer(kind, customer.Number, allocations, onAccount));
    }

    /// <summary>A customer and the invoices it pays; for a discount, a customer on discount terms with an invoice still within them (a few tries).</summary>
    private (GeneratedCustomer Customer, List<OpenInvoice> Invoices) Choose(string kind)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var customer = customers[random.Next(customers.Count)];
            var chosen = Pick(customer, kind == "several" ? random.Next(2, 5) : 1, kind == "discount");
            if (chosen.Count > 0)
            {
                return (customer, chosen);
            }
        }

        return (customers[0], []);
    }

    private List<OpenInvoice> Pick(GeneratedCustomer customer, int count, bool discounted)
    {
        var open = byCustomer.TryGetValue(customer.Id, out var list) ? list.Where(i => !paid.Contains(i.Id)) : [];
        if (discounted)
        {
            open = open.Where(i => i.DiscountUntil is { } until && until >= bookedOn);
        }

        return [.. open.OrderBy(_ => random.Next()).Take(count)];
    }

    private (long Amount, List<(string, long)> Allocations, long OnAccount) Amounts(string kind, List<OpenInvoice> chosen)
    {
        var one = chosen[0];
        switch (kind)
        {
            case "discount":
                var discounted = AmountFit.Discounted(one, bookedOn).Minor;
                return (discounted, [(one.Number, discounted)], 0);
            case "partial":
                var part = one.Open.Minor * random.Next(20, 80) / 100;
                return (part, [(one.Number, part)], 0);
            case "short":
                var charged = one.Open.Minor - random.Next(100, 450);
                return (charged, [(one.Number, charged)], 0);
            case "over":
                var extra = random.Next(1_000, 10_000);
                return (one.Open.Minor + extra, [(one.Number, one.Open.Minor)], extra);
            default:
                return (chosen.Sum(i => i.Open.Minor), [.. chosen.Select(i => (i.Number, i.Open.Minor))], 0);
        }
    }

    private string Remittance(string kind, GeneratedCustomer customer, List<OpenInvoice> chosen)
    {
        var noise = Noise[random.Next(Noise.Length)];
        var said = kind switch
        {
            "typo" => Written(TypoInDigits(chosen[0].Number)),
            "truncated" => Truncated(chosen[0].Number),
            "no-reference" => "",
            "customer-number" => $"Customer {customer.Number}",
            "creditor-reference" => "",
            _ => string.Join(random.Next(3) switch { 0 => " ", 1 => ", ", _ => " / " }, chosen.Select(i => Written(i.Number))),
        };
        return string.Join(' ', new[] { said, noise }.Where(s => s.Length > 0));
    }

    /// <summary>An invoice number as payers write it: with or without its prefix, separators or leading zeros.</summary>
    private string Written(string number)
    {
        var digits = number[4..];
        var bare = digits.TrimStart('0');
        return random.Next(10) switch
        {
            0 => number,
            1 => number.Replace("-", "", StringComparison.Ordinal),
            2 => number.ToLowerInvariant(),
            3 => $"Invoice {bare}",
            4 => $"INV {bare}",
            5 => $"Rechnung Nr. {digits}",
            6 => $"Facture n° {bare}",
            7 => $"#{bare}",
            8 => bare,
            _ => $"INV-{bare}",
        };
    }

    /// <summary>Two neighbouring digits swapped or one dropped: the number no longer names the invoice (or names another).</summary>
    private string TypoInDigits(string number)
    {
        var digits = number[4..].TrimStart('0');
        if (digits.Length < 2)
        {
            return number + "1";
        }

        var at = random.Next(digits.Length - 1);
        var wrong = random.Next(2) == 0
            ? digits.Remove(at, 1)
            : string.Concat(digits.AsSpan(0, at), digits[at + 1].ToString(CultureInfo.InvariantCulture), digits[at].ToString(CultureInfo.InvariantCulture), digits.AsSpan(at + 2));
        return wrong == digits ? number + "1" : "INV-" + wrong;
    }

    /// <summary>The payer's bank cut the text at 35 characters, in the middle of the number.</summary>
    private static string Truncated(string number)
    {
        var text = $"Payment of our invoice no. {number}";
        return MessyStatement.Truncate(text, text.Length - 2);
    }

    private GeneratedLine NotACustomer(int lineNo)
    {
        var (payer, text) = random.Next(4) switch
        {
            0 => ("FINANZAMT MUENCHEN", "Steuererstattung 2025"),
            1 => ("Our Bank AG", "Interest 11/2026"),
            2 => ("Acme Office Supplies", "Refund credit memo 88"),
            _ => ("Insurance Mutual", "Claim settlement"),
        };
        var amount = new Money(random.NextInt64(1_000, 500_000), currency);
        return new GeneratedLine(new BankLineFacts(lineNo, amount, bookedOn, text, [], null, payer, $"DE00{lineNo:D18}"), $"BANK{lineNo:D8}",
            new TrueAnswer("not-a-customer", null, [], 0));
    }
}
