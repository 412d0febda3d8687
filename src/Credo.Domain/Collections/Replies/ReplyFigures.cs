using System.Globalization;
using System.Text.RegularExpressions;
using Credo.Domain.Amounts;

namespace Credo.Domain.Collections.Replies;

/// <summary>An amount read in a reply, with the words it was read from.</summary>
public sealed record FoundAmount(Money Amount, string Quote);

/// <summary>
/// Reads amounts (a currency sign or code before or after a number, either decimal mark, thousands separated by
/// dots, commas, spaces or apostrophes) and invoice references (INV-2026-0042, RE 12345, "invoice 4711",
/// "Rechnung Nr. 4711", "facture n° 4711") in a reply's folded text.
/// </summary>
public static class ReplyFigures
{
    private const string Number = @"(\d{1,3}(?:[.,' ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)";

    private const string Sign = @"(€|\$|£|eur|usd|gbp|chf|euros?|dollars?)";

    private static readonly Regex Before = R(@"(?<![\w])" + Sign + @"\s?" + Number + @"(?![\d])");

    private static readonly Regex After = R(@"(?<![\d.,])" + Number + @"\s?" + Sign + @"(?!\w)");

    private static readonly Regex Coded = R(@"\b([a-z]{1,4})[-/ ]?(\d{4}[-/]\d{2,6}|\d{3,})\b");

    private static readonly Regex Named = R(@"\b(?:invoices?|inv|rechnung(?:en)?|rg|facture?s?|factuur|facturen|factura|facturas)\s*(?:(?:no|nr|n|num|number|nummer|numero|#)\.?\s*)?[:#°o]?\s*([a-z0-9][a-z0-9\-/]{2,})");

    private static readonly HashSet<string> CodedPrefixes = new(StringComparer.Ordinal) { "inv", "re", "rg", "fac", "fa", "f", "fct", "rech", "in", "ar" };

    public static FoundAmount? FirstAmount(string folded, Currency fallback)
    {
        var hits = Before.Matches(folded).Select(m => (m.Index, m.Value, Sign: m.Groups[1].Value, Number: m.Groups[2].Value))
            .Concat(After.Matches(folded).Select(m => (m.Index, m.Value, Sign: m.Groups[2].Value, Number: m.Groups[1].Value)))
            .OrderBy(h => h.Index);
        foreach (var hit in hits)
        {
            var currency = CurrencyOf(hit.Sign) ?? fallback;
            if (Major(hit.Number) is { } major && Money.FromMajor(major, currency) is { IsOk: true } money && money.Value.IsPositive)
            {
                return new FoundAmount(money.Value, hit.Value.Trim());
            }
        }

        return null;
    }

    /// <summary>The invoice references the reply names, upper-cased as written, each once, in order.</summary>
    public static IReadOnlyList<string> Invoices(string folded)
    {
        var found = new List<(int At, string Reference)>();
        foreach (Match m in Coded.Matches(folded))
        {
            if (CodedPrefixes.Contains(m.Groups[1].Value))
            {
                found.Add((m.Index, m.Value));
            }
        }

        foreach (Match m in Named.Matches(folded))
        {
            var reference = m.Groups[1].Value.TrimEnd('-', '/');
            if (reference.Any(char.IsDigit) && !found.Any(f => f.Reference.EndsWith(reference, StringComparison.Ordinal) || reference.EndsWith(f.Reference, StringComparison.Ordinal)))
            {
                found.Add((m.Groups[1].Index, reference));
            }
        }

        return found.OrderBy(f => f.At).Select(f => f.Reference.ToUpperInvariant()).Distinct().ToList();
    }

    private static Currency? CurrencyOf(string sign) => sign switch
    {
        "€" or "eur" or "euro" or "euros" => Currency.Eur,
        "$" or "usd" or "dollar" or "dollars" => Currency.Usd,
        "£" or "gbp" => Currency.Gbp,
        "chf" => Currency.TryParse("CHF", out var franc) ? franc : null,
        _ => null,
    };

    /// <summary>The last separator followed by one or two digits is the decimal mark; every other separator groups thousands.</summary>
    private static decimal? Major(string text)
    {
        var compact = text.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("'", string.Empty, StringComparison.Ordinal);
        var mark = compact.LastIndexOfAny(['.', ',']);
        string whole = compact, fraction = string.Empty;
        if (mark >= 0 && compact.Length - mark - 1 is 1 or 2)
        {
            whole = compact[..mark];
            fraction = compact[(mark + 1)..];
        }

        whole = whole.Replace(".", string.Empty, StringComparison.Ordinal).Replace(",", string.Empty, StringComparison.Ordinal);
        return decimal.TryParse(fraction.Length > 0 ? $"{whole}.{fraction}" : whole, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var major) ? major : null;
    }

    private static Regex R(string pattern) => new(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled, Credo.Domain.Common.PatternGuard.Timeout);
}
