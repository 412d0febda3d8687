using System.Text.RegularExpressions;

namespace Credo.Domain.Matching.Formats;

/// <summary>
/// What an :86: says: German structured subfields (?00 text, ?20-?29 and ?60-?63 remittance, ?31 account, ?32/?33
/// name, with SEPA keys EREF+, SVWZ+...), the /NAME/ /REMI/ /EREF/ style of Dutch banks, or plain text.
/// </summary>
internal static partial class SwiftDetails
{
    public sealed record Remittance(string Text, string? Name, string? Account, string? EndToEndId);

    public static Remittance Read(string details)
    {
        if (details.Length == 0)
        {
            return new("", null, null, null);
        }

        if (Subfield().IsMatch(details))
        {
            return Structured(details.Replace("\n", "", StringComparison.Ordinal));
        }

        var flat = string.Join(' ', details.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));
        if (flat.Contains("/REMI/", StringComparison.Ordinal) || flat.Contains("/NAME/", StringComparison.Ordinal))
        {
            var remittance = SlashField(flat, "REMI")?.Replace("USTD//", "", StringComparison.Ordinal);
            return new(remittance ?? flat, SlashField(flat, "NAME"), SlashField(flat, "IBAN"), Meaningful(SlashField(flat, "EREF")));
        }

        return new(flat, null, null, null);
    }

    private static Remittance Structured(string details)
    {
        var parts = SubfieldSplit().Matches(details).GroupBy(m => m.Groups[1].Value, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Concat(g.Select(m => m.Groups[2].Value)), StringComparer.Ordinal);
        var text = string.Concat(parts.Where(p => p.Key is ([ '2', _ ]) or "60" or "61" or "62" or "63").OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value));
        var name = string.Concat(parts.Where(p => p.Key is "32" or "33").OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value)).Trim();
        var endToEnd = SepaKey(text, "EREF");
        var purpose = SepaKey(text, "SVWZ");
        return new(
            (purpose ?? text).Trim(),
            name.Length == 0 ? null : name,
            parts.TryGetValue("31", out var account) && account.Trim().Length > 0 ? account.Trim() : null,
            Meaningful(endToEnd));
    }

    private static string? SepaKey(string text, string key)
    {
        var match = Regex.Match(text, key + @"\+(.*?)(?=(?:EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC)\+|$)", RegexOptions.None, Credo.Domain.Common.PatternGuard.Timeout);
        return match.Success ? match.Groups[1].Value.Trim() : null;
    }

    private static string? SlashField(string text, string key)
    {
        var match = Regex.Match(text, "/" + key + "/(.*?)(?=/[A-Z]{3,4}/|$)", RegexOptions.None, Credo.Domain.Common.PatternGuard.Timeout);
        return match.Success && match.Groups[1].Value.Trim().Length > 0 ? match.Groups[1].Value.Trim() : null;
    }

    private static string? Meaningful(string? reference) => reference is null or "" or "NOTPROVIDED" or "NONREF" ? null : reference;

    [GeneratedRegex(@"^\d{3}\s*\?\d{2}")]
    private static partial Regex Subfield();

    [GeneratedRegex(@"\?(\d{2})([^?]*)")]
    private static partial Regex SubfieldSplit();
}
