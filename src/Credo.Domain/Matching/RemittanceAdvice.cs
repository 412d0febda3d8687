using System.Text.RegularExpressions;
using Credo.Domain.Amounts;
using Credo.Domain.Common;

namespace Credo.Domain.Matching;

/// <summary>The forms a remittance advice arrives in apart from the money (issue 15 §3).</summary>
public enum AdviceForm
{
    /// <summary>The body of an email (or any plain text).</summary>
    Email,

    /// <summary>A CSV file with a document-number column and an amount column.</summary>
    Csv,

    /// <summary>A PDF with a text layer; the host extracts its text (PdfPig) and it is read like an email.</summary>
    Pdf,
}

/// <summary>One invoice an advice says a payment covers, as the payer wrote it, with the amount paid on it when given.</summary>
public sealed record AdviceLine(string Reference, Money? Amount);

/// <summary>What a remittance advice says: the invoices a payment covers (and amounts), and its total when stated or implied.</summary>
public sealed record RemittanceAdvice(AdviceForm Form, IReadOnlyList<AdviceLine> Lines, Money? Total)
{
    /// <summary>The invoice numbers, as text the matcher's reference stage reads like a remittance.</summary>
    public string AsRemittance => string.Join(' ', Lines.Select(l => l.Reference));

    /// <summary>The advice in a person's words, for the line's evidence.</summary>
    public string Said => $"A remittance advice ({FormName}) names {string.Join(", ", Lines.Select(l => l.Amount is { } a ? $"{l.Reference} ({a.ToDisplayString()})" : l.Reference))}"
        + (Total is { } t ? $", {t.ToDisplayString()} in all" : "");

    private string FormName => Form switch
    {
        AdviceForm.Email => "email",
        AdviceForm.Csv => "CSV file",
        AdviceForm.Pdf => "PDF",
    };
}

/// <summary>
/// Reads a remittance advice: per line of text, a document number (letters and digits with at least four digits, or
/// a prefixed number) and the amount on that line; a "total" line gives the total, else the amounts' sum. A CSV file
/// (read by the host's CSV reader) is read by its header (a column named like invoice, document, reference or number,
/// and one like amount or paid).
/// Amounts are written with a dot or a comma for decimals ("1,234.56", "1.234,56"). Pure: the host reads the file.
/// </summary>
public static partial class RemittanceAdvices
{
    private const int MaxLines = 500;

    /// <summary>An email body or a PDF's text: per line of text, document numbers and the amount on that line.</summary>
    public static Result<RemittanceAdvice> Read(string text, AdviceForm form, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rows = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Take(10_000).ToList();
        var (lines, total) = Text(rows, currency);
        return Made(form, lines, total, currency);
    }

    /// <summary>Whether a CSV header names a document-number column (else the file is read as text).</summary>
    public static bool NamesDocuments(IReadOnlyList<string> header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return header.Any(n => NumberColumn().IsMatch(n));
    }

    /// <summary>
    /// A CSV advice as the host's one CSV reader read it (header and rows of cells): a column named like invoice,
    /// document, reference or number, and one like amount or paid; the total is the amounts' sum.
    /// </summary>
    public static Result<RemittanceAdvice> FromTable(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows, Currency currency)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var number = header.ToList().FindIndex(n => NumberColumn().IsMatch(n));
        var paid = header.ToList().FindIndex(n => AmountColumn().IsMatch(n) && !NumberColumn().IsMatch(n));
        var lines = number < 0
            ? []
            : rows.Where(r => number < r.Count && r[number].Trim().Length > 0)
                .Select(r => new AdviceLine(r[number].Trim(), paid >= 0 && paid < r.Count ? LastAmount(r[paid], currency) : null)).ToList();
        return Made(AdviceForm.Csv, lines, null, currency);
    }

    private static Result<RemittanceAdvice> Made(AdviceForm form, List<AdviceLine> lines, Money? total, Currency currency)
    {
        if (lines.Count == 0)
        {
            return new ValidationFailed("advice", "The advice names no invoice number (a number with at least four digits, or a prefix and a number such as INV-12).");
        }

        if (lines.Count > MaxLines)
        {
            return new ValidationFailed("advice", $"The advice names more than {MaxLines} invoices.");
        }

        var sum = lines.All(l => l.Amount is not null) ? new Money(lines.Sum(l => l.Amount!.Value.Minor), currency) : (Money?)null;
        return new RemittanceAdvice(form, lines, total ?? sum);
    }

    private static (List<AdviceLine> Lines, Money? Total) Text(List<string> rows, Currency currency)
    {
        var lines = new List<AdviceLine>();
        Money? total = null;
        foreach (var row in rows)
        {
            var amount = LastAmount(row, currency);
            if (TotalWord().IsMatch(row))
            {
                total ??= amount;
                continue;
            }

            foreach (var reference in Numbers(row).Distinct())
            {
                if (lines.All(l => l.Reference != reference))
                {
                    lines.Add(new AdviceLine(reference, amount));
                    amount = null; // one amount per line of text: the first number on it gets it
                }
            }
        }

        return (lines, total);
    }

    /// <summary>
    /// Tokens that may be document numbers: letters and digits starting with a letter ("INV-0012", "RE12345"), a short
    /// prefix and a number ("INV 75"), or at least four digits that are not an amount or a date ("0004552", "2026/123").
    /// </summary>
    public static IEnumerable<string> Numbers(string row)
    {
        var tokens = Separators().Split(row ?? "").Select(t => t.Trim('.', '-', '/', '"', '\'')).Where(t => t.Length > 0).ToList();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var digits = token.Count(char.IsAsciiDigit);
            if (digits == 0)
            {
                if (token.Length <= 4 && token.All(char.IsAsciiLetter) && !Currency.TryParse(token, out _) && i + 1 < tokens.Count && tokens[i + 1] is { Length: <= 3 } next && next.All(char.IsAsciiDigit))
                {
                    yield return $"{token} {next}";
                }

                continue;
            }

            if (char.IsAsciiLetter(token[0]) ? token.Length <= 40 : digits >= 4 && !AmountLike().IsMatch(token) && !DateLike().IsMatch(token))
            {
                yield return token;
            }
        }
    }

    /// <summary>The last amount written on a line ("1,234.56", "1.234,56", "234.50 EUR"): two decimals after a dot or comma.</summary>
    public static Money? LastAmount(string row, Currency currency)
    {
        var found = AmountToken().Matches(row).LastOrDefault();
        if (found is null)
        {
            return null;
        }

        var text = found.Value;
        var separator = text[^(currency.Scale + 1)];
        var plain = string.Concat(text.Where(c => char.IsAsciiDigit(c) || c == separator || c == '-'));
        var whole = plain[..plain.LastIndexOf(separator)].Replace(separator.ToString(), "", StringComparison.Ordinal);
        var fraction = plain[(plain.LastIndexOf(separator) + 1)..];
        return long.TryParse(whole + fraction, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var minor) && currency.Scale == 2
            ? new Money(minor, currency)
            : null;
    }

    [GeneratedRegex(@"(?:[\s;:()\[\]]|,(?!\d))+")]
    private static partial Regex Separators();

    [GeneratedRegex(@"-?\d{1,3}(?:[.,' ]\d{3})*[.,]\d{2}(?!\d)|-?\d+[.,]\d{2}(?!\d)")]
    private static partial Regex AmountToken();

    [GeneratedRegex(@"^-?(\d+([.,'’]\d{3})*[.,]\d{2}|\d{1,3}([.,'’]\d{3})+)$")]
    private static partial Regex AmountLike();

    [GeneratedRegex(@"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")]
    private static partial Regex DateLike();

    [GeneratedRegex(@"\b(total|sum|gesamt|summe|totaal)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TotalWord();

    [GeneratedRegex(@"invoice|document|reference|number|rechnung|factuur|facture|beleg", RegexOptions.IgnoreCase)]
    private static partial Regex NumberColumn();

    [GeneratedRegex(@"amount|paid|betrag|bedrag|montant|payment", RegexOptions.IgnoreCase)]
    private static partial Regex AmountColumn();
}
