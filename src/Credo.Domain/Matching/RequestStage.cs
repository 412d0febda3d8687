using System.Text.RegularExpressions;

namespace Credo.Domain.Matching;

/// <summary>
/// A payment the buyer asked to make from the portal (issue 16): the ISO 11649 creditor reference quoted to them, the
/// customer, and exactly the invoices and amounts they chose.
/// </summary>
public sealed record RequestedPayment(string Reference, long CustomerId, IReadOnlyList<InvoiceAllocation> Allocations);

/// <summary>
/// Stage 1, portal payment requests (owned by the portal's engineer, kept apart from the reference stage): a line that
/// quotes a request's creditor reference pays exactly that request's invoices, each by the amount the buyer chose. The
/// same amount as requested is applied; more is the request plus the rest on account; less pays the request's
/// invoices in their order until it runs out, and is only suggested.
/// </summary>
internal static partial class RequestStage
{
    public const int Points = 60;

    public static MatchAnswer? Find(BankLineFacts line, MatchBook book)
    {
        if (book.Requests.Count == 0)
        {
            return null;
        }

        var texts = new List<(string Where, string Text)> { ("remittance", line.Remittance) };
        texts.AddRange(line.StructuredReferences.Select(r => ("structured reference", r)));
        if (line.EndToEndId is { } endToEnd)
        {
            texts.Add(("end-to-end id", endToEnd));
        }

        foreach (var (where, text) in texts)
        {
            foreach (var reference in References.CreditorReferences(text))
            {
                if (book.Requests.TryGetValue(reference, out var request) && Answer(line, book, request, where) is { } answer)
                {
                    return answer;
                }
            }
        }

        return null;
    }

    /// <summary>The text with every known request reference blanked out, so that its digits are not read as an invoice number.</summary>
    public static string Blank(string text, MatchBook book) =>
        book.Requests.Count == 0
            ? text
            : Creditor().Replace(text, m => book.Requests.ContainsKey(string.Concat(m.Value.Where(c => c != ' ')).ToUpperInvariant()) ? new string(' ', m.Length) : m.Value);

    [GeneratedRegex(@"RF\d{2}(?: ?[A-Z0-9]){1,21}", RegexOptions.IgnoreCase)]
    private static partial Regex Creditor();

    private static MatchAnswer? Answer(BankLineFacts line, MatchBook book, RequestedPayment request, string where)
    {
        var left = line.Amount.Minor;
        var allocations = new List<InvoiceAllocation>();
        foreach (var wanted in request.Allocations)
        {
            if (!book.Invoices.TryGetValue(wanted.InvoiceId, out var invoice) || invoice.CustomerId != request.CustomerId || invoice.Open.Currency != line.Amount.Currency)
            {
                continue;
            }

            var amount = Math.Min(left, Math.Min(wanted.Amount.Minor, invoice.Open.Minor));
            if (amount > 0)
            {
                allocations.Add(wanted with { Amount = invoice.Open with { Minor = amount } });
                left -= amount;
            }
        }

        if (allocations.Count == 0)
        {
            return null;
        }

        var requested = request.Allocations.Sum(a => a.Amount.Minor);
        var (amountPoints, said) = line.Amount.Minor == requested && allocations.Sum(a => a.Amount.Minor) == requested
            ? (35, "the amount is exactly what was requested")
            : line.Amount.Minor > requested ? (10, "more than requested: the rest stays on account") : (5, "less than requested: paid in the request's order");
        List<Evidence> evidence =
        [
            new("reference", $"creditor reference {request.Reference} in the {where} is the buyer's payment request for {string.Join(", ", allocations.Select(a => a.InvoiceNumber))}", Points),
            new("amount", said, amountPoints),
        ];
        return new MatchAnswer(request.CustomerId, book.NumberOf(request.CustomerId), allocations, line.Amount with { Minor = left }, Math.Min(100, Points + amountPoints), evidence);
    }
}
