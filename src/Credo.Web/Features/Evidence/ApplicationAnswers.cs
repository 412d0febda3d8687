using System.Globalization;
using System.Text.Json;

namespace Credo.Web.Features.Evidence;

/// <summary>An address as the application form gives it.</summary>
internal sealed record AnswerAddress(string? Line1, string? City, string? PostalCode, string? Country)
{
    public bool IsEmpty => string.IsNullOrWhiteSpace(Line1) && string.IsNullOrWhiteSpace(City) && string.IsNullOrWhiteSpace(PostalCode);

    /// <summary>Line 1, postal code and country, for the shared-address check.</summary>
    public string? Key => string.IsNullOrWhiteSpace(Line1) ? null : $"{Line1} {PostalCode} {Country}";
}

/// <summary>A referee named in the application.</summary>
internal sealed record AnswerReferee(string Company, string? ContactName, string? Email, string? Phone, string? AccountNumber);

/// <summary>
/// Reads the non-sensitive answers (<c>CreditApplication.AnswersJson</c>) the evidence needs, by the field keys of the
/// default template (see docs/evidence.md): yearsInBusiness or incorporationDate, annualRevenue, employees,
/// billingAddress, shippingAddress, bankReference, tradeReferences, bankAccount. Tolerant: a number may be a JSON
/// number or a numeric string, money may be a number or {amount, currency}; an unreadable answer is treated as missing.
/// </summary>
internal sealed class ApplicationAnswers
{
    private readonly JsonElement root;

    private ApplicationAnswers(JsonElement root) => this.root = root;

    public static ApplicationAnswers Parse(string? json)
    {
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
            return new ApplicationAnswers(document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : Empty());
        }
        catch (JsonException)
        {
            return new ApplicationAnswers(Empty());
        }
    }

    public decimal? Number(params string[] keys) => keys.Select(k => NumberOf(Get(root, k))).FirstOrDefault(n => n is not null);

    public string? Text(params string[] keys) => keys.Select(k => Get(root, k) is { ValueKind: JsonValueKind.String } e ? e.GetString() : null).FirstOrDefault(s => !string.IsNullOrWhiteSpace(s));

    /// <summary>Money in major units: a number, a numeric string, or {amount|value, currency}. The currency is null when not given.</summary>
    public (decimal Amount, string? Currency)? Money(string key)
    {
        var e = Get(root, key);
        if (e is { ValueKind: JsonValueKind.Object } o)
        {
            var amount = NumberOf(Get(o, "amount")) ?? NumberOf(Get(o, "value"));
            var currency = Get(o, "currency") is { ValueKind: JsonValueKind.String } c ? c.GetString() : null;
            return amount is { } a ? (a, currency) : null;
        }

        return NumberOf(e) is { } n ? (n, null) : null;
    }

    public DateOnly? Date(string key) =>
        Text(key) is { } s && DateOnly.TryParse(s.Length >= 10 ? s[..10] : s, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public AnswerAddress? Address(string key) =>
        Get(root, key) is { ValueKind: JsonValueKind.Object } o
            ? new AnswerAddress(Str(o, "line1") ?? Str(o, "street"), Str(o, "city"), Str(o, "postalCode") ?? Str(o, "postcode") ?? Str(o, "zip"), Str(o, "country")?.ToUpperInvariant())
            : null;

    public IReadOnlyList<AnswerReferee> Referees(string key)
    {
        var e = Get(root, key);
        var items = e switch
        {
            { ValueKind: JsonValueKind.Array } a => a.EnumerateArray().ToList(),
            { ValueKind: JsonValueKind.Object } o => [o],
            _ => [],
        };
        return [.. items
            .Where(i => i.ValueKind == JsonValueKind.Object)
            .Select(i => new AnswerReferee(
                Str(i, "company") ?? Str(i, "name") ?? Str(i, "bankName") ?? string.Empty,
                Str(i, "contactName") ?? Str(i, "contact"),
                Str(i, "email"),
                Str(i, "phone"),
                Str(i, "accountNumber") ?? Str(i, "iban")))
            .Where(r => r.Company.Length > 0 || r.Email is not null)];
    }

    /// <summary>
    /// The bank reference: a "bankReference" object, or the default template's flat bankName, bankContactEmail and
    /// bankAccount answers.
    /// </summary>
    public IReadOnlyList<AnswerReferee> BankReferees()
    {
        var named = Referees("bankReference");
        if (named.Count > 0 || Text("bankName") is not { } bankName)
        {
            return named;
        }

        return [new AnswerReferee(bankName, null, Text("bankContactEmail"), null, Text("bankAccount", "iban"))];
    }

    private static JsonElement Empty()
    {
        using var document = JsonDocument.Parse("{}");
        return document.RootElement.Clone();
    }

    private static JsonElement? Get(JsonElement o, string key)
    {
        if (o.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var p in o.EnumerateObject())
        {
            if (string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value.ValueKind is JsonValueKind.Null ? null : p.Value;
            }
        }

        return null;
    }

    private static string? Str(JsonElement o, string key) =>
        Get(o, key) is { ValueKind: JsonValueKind.String } e && e.GetString() is { } s && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;

    private static decimal? NumberOf(JsonElement? e) => e switch
    {
        { ValueKind: JsonValueKind.Number } n when n.TryGetDecimal(out var d) => d,
        { ValueKind: JsonValueKind.String } s when decimal.TryParse(s.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };
}
