using System.Globalization;
using Credo.Domain.Amounts;

namespace Credo.Web.Infrastructure;

/// <summary>
/// The house's words for counts, dates and amounts, for text a slice writes (timeline entries, letters, emails). Pages reach
/// them through <c>Pages.Shared.Words</c>, which calls these: one rule, and slices never reference the pages.
/// </summary>
public static class PlainWords
{
    /// <summary>The one date format people read: 2026-12-07.</summary>
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>"—" where there is nothing to show.</summary>
    public const string Missing = "—";

    /// <summary>A date in the house format: "2026-12-07"; "—" when there is none.</summary>
    public static string Date(DateOnly? date) => date is { } d ? d.ToString(DateFormat, CultureInfo.InvariantCulture) : Missing;

    /// <summary>A count with its noun: "1 customer", "1,250 invoices", "2 people" (with <paramref name="plural"/>).</summary>
    public static string Count(long n, string noun, string? plural = null) =>
        n.ToString("N0", CultureInfo.InvariantCulture) + " " + (n == 1 ? noun : plural ?? noun + "s");

    /// <summary>An amount with its currency's own decimals and thousands separators: "1,234.50 USD", "1,235 JPY".</summary>
    public static string Money(decimal major, string currency) =>
        Currency.TryParse(currency, out var c) && Domain.Amounts.Money.FromMajor(major, c.Value) is { IsOk: true } money
            ? money.Value.ToDisplayString()
            : $"{major.ToString("N2", CultureInfo.InvariantCulture)} {currency}";

    /// <summary>The number only, in the currency's decimals (for table columns that state the currency once).</summary>
    public static string MoneyNumber(decimal major, string currency)
    {
        var scale = Currency.TryParse(currency, out var c) ? c.Value.Scale : 2;
        return major.ToString("N" + scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    // replies (issue 14 §6): the one rule for who did something, moved here from Pages.Shared.Words so slices
    // (the thread summary) write it the same way; Words.Actor calls it.

    /// <summary>Who did something: a person's email, "API key erp-prod", "Command line", "Credo" or "Credo's assistant".</summary>
    public static string Actor(string? actor) => actor switch
    {
        null or "" => Missing,
        "cli" => "Command line",
        "system" => "Credo",
        "assistant" => "Credo's assistant", // a reply applied above the confidence threshold (issue 14 §6)
        "applicant" => "The applicant",
        _ when actor.StartsWith("user:", StringComparison.Ordinal) => actor[5..],
        _ when actor.StartsWith("apikey:", StringComparison.Ordinal) => "API key " + actor[7..],
        _ => actor,
    };
}
