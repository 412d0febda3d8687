using System.Globalization;

namespace Credo.Web.Pages.Shared;

/// <summary>Amounts on pages: the currency's own decimals and thousands separators, e.g. "1,234.50 USD" (the rule is <see cref="Infrastructure.PlainWords"/>'s).</summary>
internal static class MoneyText
{
    public static string Show(decimal major, string currency) => Infrastructure.PlainWords.Money(major, currency);

    /// <summary>The number only (for table columns that state the currency once).</summary>
    public static string Number(decimal major, string currency) => Infrastructure.PlainWords.MoneyNumber(major, currency);

    /// <summary>Reads what a person typed: "1234.5", "1,234.50". Null when it is not a number.</summary>
    public static decimal? Parse(string? text) =>
        decimal.TryParse(text?.Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static DateOnly? ParseDate(string? text) =>
        DateOnly.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;

    public static string Iso(DateOnly date) => Infrastructure.PlainWords.Date(date);
}
