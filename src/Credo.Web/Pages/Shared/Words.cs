using System.Globalization;
using System.Text;

namespace Credo.Web.Pages.Shared;

/// <summary>
/// What a person reads instead of a code (issue 12 §4): enum names (<c>InReview</c> → "In review"), codes
/// (<c>limit-exceeded</c> → "Limit exceeded"), actors (<c>user:ana@x.example</c> → "ana@x.example"), durations
/// (1.00:00:00 → "1 day") and missing values ("—", never "null").
/// </summary>
internal static class Words
{
    public const string Missing = Infrastructure.PlainWords.Missing;

    /// <summary>The house date format on every page and email: 2026-12-07 (ISO 8601; unambiguous in every country).</summary>
    public const string DateFormat = Infrastructure.PlainWords.DateFormat;

    /// <summary>A moment on a page: 2026-12-07 14:05 (UTC, as stored).</summary>
    public const string DateTimeFormat = "yyyy-MM-dd HH:mm";

    /// <summary>A date in the house format: "2026-12-07"; "—" when there is none.</summary>
    public static string Date(DateOnly? date) => Infrastructure.PlainWords.Date(date);

    /// <summary>A moment in the house format: "2026-12-07 14:05"; "—" when there is none.</summary>
    public static string Moment(DateTime? at) => at is { } t ? t.ToString(DateTimeFormat, CultureInfo.InvariantCulture) : Missing;

    /// <summary>A moment in the house format: "2026-12-07 14:05" (UTC); "—" when there is none.</summary>
    public static string Moment(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString(DateTimeFormat, CultureInfo.InvariantCulture) : Missing;

    /// <summary>An enum value in words: "InReview" → "In review", "LimitIncrease" → "Limit increase".</summary>
    public static string Of(Enum? value) => value is null ? Missing : Sentence(value.ToString());

    /// <summary>Any PascalCase, camelCase or kebab-case code in words: "limit-exceeded" → "Limit exceeded".</summary>
    public static string Code(string? code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return Missing;
        }

        return Sentence(code.Replace('-', ' ').Replace('_', ' '));
    }

    /// <summary>Who did something: a person's email, "API key erp-prod", "Command line" or "Credo".</summary>
    public static string Actor(string? actor) => Infrastructure.PlainWords.Actor(actor);

    /// <summary>A duration in words: "1 day", "4 hours", "90 minutes".</summary>
    public static string Duration(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays) ? Plural((int)span.TotalDays, "day")
        : span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? Plural((int)span.TotalHours, "hour")
        : Plural((int)Math.Round(span.TotalMinutes), "minute");

    private static string Plural(int n, string unit) => Count(n, unit);

    /// <summary>A count with its noun in the right number: "1 customer", "2 customers", "1,250 invoices"; <paramref name="plural"/> for irregular nouns.</summary>
    public static string Count(long n, string noun, string? plural = null) => Infrastructure.PlainWords.Count(n, noun, plural);

    private static string Sentence(string text)
    {
        var words = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (i > 0 && char.IsUpper(c) && (char.IsLower(text[i - 1]) || (i + 1 < text.Length && char.IsLower(text[i + 1]) && char.IsUpper(text[i - 1]))))
            {
                words.Append(' ');
            }

            words.Append(words.Length == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
        }

        return words.ToString().Replace("  ", " ", StringComparison.Ordinal);
    }
}
