using Credo.Domain.Common;
using Credo.Domain.Amounts;

namespace Credo.Web.Infrastructure;

/// <summary>
/// Amounts cross the API as decimal major units next to a currency code. These helpers are the one door in and
/// out: unknown currencies, too many decimals and (where asked) negative or zero amounts are refused by field.
/// </summary>
internal static class MoneyJson
{
    public static Result<Currency> ParseCurrency(string? code, string field = "currency") =>
        Currency.TryParse(code, out var currency)
            ? currency.Value
            : new ValidationFailed(field, string.IsNullOrWhiteSpace(code) ? "A currency code is required." : $"'{code}' is not an ISO 4217 currency code.");

    /// <summary>Reads a positive amount (&gt; 0) in major units.</summary>
    public static Result<Money> Positive(decimal? amount, Currency currency, string field = "amount")
    {
        if (amount is null)
        {
            return new ValidationFailed(field, "An amount is required.");
        }

        if (amount <= 0)
        {
            return new ValidationFailed(field, "The amount must be greater than zero.");
        }

        return Money.FromMajor(amount.Value, currency, field);
    }

    /// <summary>Reads a signed, non-zero amount (adjustments).</summary>
    public static Result<Money> NonZero(decimal? amount, Currency currency, string field = "amount")
    {
        if (amount is null or 0)
        {
            return new ValidationFailed(field, "A non-zero amount is required.");
        }

        return Money.FromMajor(amount.Value, currency, field);
    }

    public static decimal Major(long minor, string currency) => new Money(minor, Currency.Of(currency)).Major;
}

/// <summary>An amount as JSON shows it.</summary>
internal sealed record Amount(decimal Value, string Currency)
{
    public static Amount Of(long minor, string currency) => new(MoneyJson.Major(minor, currency), currency);
}
