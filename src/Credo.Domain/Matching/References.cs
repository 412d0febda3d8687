using System.Text.RegularExpressions;

namespace Credo.Domain.Matching;

/// <summary>
/// Finding document numbers in remittance text. Two keys per number: the full key (letters and digits, upper case,
/// separators dropped: "INV-00123" is INV00123) and the digits key (digits only, leading zeros dropped: 123), so that
/// "inv 123", "Rechnung 00123" and "INV00123" all find INV-00123. A digits key shorter than four digits is too
/// common (a quantity, a day) to count on its own.
/// </summary>
public static partial class References
{
    public const int MinDigits = 4;

    public static string FullKey(string number) => string.Concat(number.Where(char.IsAsciiLetterOrDigit)).ToUpperInvariant();

    public static string DigitsKey(string number) => string.Concat(number.Where(char.IsAsciiDigit)).TrimStart('0');

    /// <summary>The full key with the leading zeros of each digit group dropped: "INV-0001288" and "inv 1288" are both INV1288.</summary>
    public static string ShortKey(string number) => LeadingZeros().Replace(FullKey(number), "");

    /// <summary>A short prefix and a number ("INV 1288", "inv-75", "INV#00123"), as short keys: payers drop zeros and separators.</summary>
    public static IEnumerable<(string Raw, string Short)> PrefixedNumbers(string text)
    {
        foreach (Match match in Prefixed().Matches(text))
        {
            yield return (match.Value, match.Groups[1].Value.ToUpperInvariant() + match.Groups[2].Value.TrimStart('0'));
        }
    }

    /// <summary>The digits as written, leading zeros kept: "Rechnung 0004552" written to the invoice's full width says more than "4552".</summary>
    public static string WrittenDigits(string number) => string.Concat(number.Where(char.IsAsciiDigit));

    /// <summary>
    /// The digit groups, each without its leading zeros, joined by dots: "INV-2026-000123" and "inv 2026/123" are both
    /// 2026.123. Null for a number with fewer than two groups.
    /// </summary>
    public static string? GroupsKey(string number)
    {
        var groups = DigitRun().Matches(number).Select(m => m.Value.TrimStart('0')).Where(g => g.Length > 0).ToList();
        return groups.Count >= 2 ? string.Join('.', groups) : null;
    }

    /// <summary>The tokens of a text that may be document numbers, as full keys and digits keys.</summary>
    public static IEnumerable<(string Raw, string Full, string Digits)> Tokens(string text)
    {
        foreach (Match match in Token().Matches(text))
        {
            var raw = match.Value.Trim('-', '/', '.', ' ');
            if (raw.Any(char.IsAsciiDigit))
            {
                yield return (raw, FullKey(raw), DigitsKey(raw));
            }
        }

        // Digit groups inside a longer token ("FACTUUR201403110" or "2026/00123") count on their own too.
        foreach (Match match in DigitRun().Matches(text))
        {
            yield return (match.Value, FullKey(match.Value), DigitsKey(match.Value));
        }
    }

    /// <summary>ISO 11649 creditor references (RF + 2 check digits + up to 21 characters, printed with or without spaces) that pass mod 97.</summary>
    public static IEnumerable<string> CreditorReferences(string text)
    {
        foreach (Match match in Creditor().Matches(text.ToUpperInvariant()))
        {
            var reference = string.Concat(match.Value.Where(c => c != ' '));
            if (IsValidCreditorReference(reference))
            {
                yield return reference;
            }
        }
    }

    /// <summary>ISO 11649: move RF and the check digits to the end, letters to numbers (A = 10), the whole mod 97 is 1.</summary>
    public static bool IsValidCreditorReference(string reference)
    {
        var text = string.Concat(reference.Where(c => c != ' ')).ToUpperInvariant();
        if (text.Length is < 5 or > 25 || !text.StartsWith("RF", StringComparison.Ordinal) || !char.IsAsciiDigit(text[2]) || !char.IsAsciiDigit(text[3])
            || !text.All(char.IsAsciiLetterOrDigit))
        {
            return false;
        }

        return Mod97(text[4..] + text[..4]) == 1;
    }

    /// <summary>The creditor reference for a document number: RF, check digits, the number's letters and digits.</summary>
    public static string CreditorReferenceFor(string number)
    {
        var body = FullKey(number);
        var check = 98 - Mod97(body + "RF00");
        return $"RF{check:00}{body}";
    }

    /// <summary>The document part of a creditor reference (what follows RF and the check digits).</summary>
    public static string CreditorReferenceBody(string reference) => string.Concat(reference.Where(c => c != ' '))[4..];

    private static int Mod97(string text)
    {
        var remainder = 0;
        foreach (var c in text)
        {
            var value = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = value >= 10 ? ((remainder * 100) + value) % 97 : ((remainder * 10) + value) % 97;
        }

        return remainder;
    }

    [GeneratedRegex(@"[A-Za-z0-9]+(?:[-/.#][A-Za-z0-9]+)*")]
    private static partial Regex Token();

    [GeneratedRegex(@"(?<![0-9])0+(?=[0-9])")]
    private static partial Regex LeadingZeros();

    [GeneratedRegex(@"\b([A-Za-z]{2,6})[ .:#-]{0,3}(\d+)\b")]
    private static partial Regex Prefixed();

    [GeneratedRegex(@"\d+")]
    private static partial Regex DigitRun();

    [GeneratedRegex(@"RF\d{2}(?: ?[A-Z0-9]){1,21}")]
    private static partial Regex Creditor();
}
