using System.Text.Json;
using System.Text.Json.Serialization;
using Credo.Domain.Common;

namespace Credo.Domain.Collections;

/// <summary>A dunning policy version as stored and exchanged: JSON with camel-case names and channels by name.</summary>
public static class DunningPolicyJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        WriteIndented = true,
    };

    public static string Write(DunningPolicy policy) => JsonSerializer.Serialize(policy, Options);

    /// <summary>Reads and validates a policy; a refusal names what is wrong.</summary>
    public static Result<DunningPolicy> Read(string json)
    {
        DunningPolicy? policy;
        try
        {
            policy = JsonSerializer.Deserialize<DunningPolicy>(json, Options);
        }
        catch (JsonException ex)
        {
            return new ValidationFailed("definition", "The policy is not valid JSON: " + ex.Message);
        }

        if (policy?.Levels is null || policy.LanguageByCountry is null || policy.Levels.Any(l => l?.Templates is null)
            || policy.Strategies is null || policy.StrategyRules is null || policy.Strategies.Any(s => s?.Levels is null || s.Levels.Any(l => l?.Templates is null)) || policy.StrategyRules.Any(r => r is null))
        {
            return new ValidationFailed("definition", "The policy needs levels (each with templates) and languageByCountry.");
        }

        var errors = policy.Validate();
        return errors.Count == 0 ? policy : errors[0];
    }
}

/// <summary>A customer contact as dunning reads it.</summary>
public sealed record ContactCard(string Name, string? Role, string? Email, string? Phone);

public static class DunningContacts
{
    private static readonly string[] PayablesWords = ["payable", "accounts", "billing", "finance", "a/p", "ap "];

    /// <summary>
    /// Who reminders go to: the first contact whose role is about paying bills (accounts payable, billing, finance) and
    /// who has an email, else the first contact with an email, else the customer's own email under its name.
    /// </summary>
    public static DunningRecipient? Choose(IReadOnlyList<ContactCard> contacts, string customerName, string? customerEmail, string? customerPhone)
    {
        var withEmail = contacts.Where(c => !string.IsNullOrWhiteSpace(c.Email)).ToList();
        var chosen = withEmail.FirstOrDefault(c => c.Role is { } role && PayablesWords.Any(w => (role.ToLowerInvariant() + " ").Contains(w, StringComparison.Ordinal)))
            ?? withEmail.FirstOrDefault();
        if (chosen is not null)
        {
            return new DunningRecipient(chosen.Name, chosen.Email!.Trim(), chosen.Phone ?? customerPhone);
        }

        return string.IsNullOrWhiteSpace(customerEmail) && string.IsNullOrWhiteSpace(customerPhone)
            ? null
            : new DunningRecipient(customerName, string.IsNullOrWhiteSpace(customerEmail) ? null : customerEmail.Trim(), customerPhone);
    }
}
