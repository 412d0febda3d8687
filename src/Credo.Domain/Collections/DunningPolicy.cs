using Credo.Domain.Common;
using Credo.Domain.Amounts;

namespace Credo.Domain.Collections;

using Money = Credo.Domain.Amounts.Money;

/// <summary>How a dunning level reaches the customer.</summary>
public enum DunningChannel
{
    /// <summary>An email to the customer's accounts-payable contact.</summary>
    Email,

    /// <summary>A printed letter to the billing address.</summary>
    Letter,

    /// <summary>A task for the collector to phone the customer.</summary>
    CallTask,
}

/// <summary>
/// A late fee charged once when an item first reaches a level: a flat part plus a rate on the item's open amount,
/// both in the item's currency (<paramref name="FlatMinor"/> in its minor units, <paramref name="RateBasisPoints"/>
/// in hundredths of a percent: 150 is 1.5 %).
/// </summary>
public sealed record LateFee(long FlatMinor, int RateBasisPoints)
{
    /// <summary>The fee on an item with <paramref name="open"/> outstanding; the rate part rounds half away from zero.</summary>
    public Money For(Money open)
    {
        var rated = (long)decimal.Round(open.Minor * (decimal)RateBasisPoints / 10_000m, MidpointRounding.AwayFromZero);
        return new Money(checked(FlatMinor + rated), open.Currency);
    }
}

/// <summary>
/// One step of a dunning policy. An item is at this level from <paramref name="DaysFromDue"/> days after its due date
/// (negative: before it, a friendly reminder) until the next level starts.
/// </summary>
/// <param name="Code">A short stable name (reminder, first-notice...), used in stored messages and exports.</param>
/// <param name="Name">What people call it ("Friendly reminder").</param>
/// <param name="Templates">The template key per language code (en, es, fr); the policy's default language must be there.</param>
/// <param name="MinimumOverdueMinor">The customer's total listed at this level (in one currency's minor units) must reach this, or the level is not used.</param>
/// <param name="Fee">An optional late fee, charged once per item when it reaches this level.</param>
/// <param name="CreditHold">Reaching this level asks for the customer's account to be put on credit hold.</param>
/// <param name="ChargeInterest">Reaching this level charges statutory interest (the policy's <see cref="DunningPolicy.Interest"/>) on the item from its due date, or from the last day interest was charged to it.</param>
/// <param name="AgencyHandOver">Reaching this level proposes the customer for hand-over to a collection agency (an export the collector makes).</param>
public sealed record DunningLevel(
    string Code,
    string Name,
    int DaysFromDue,
    DunningChannel Channel,
    IReadOnlyDictionary<string, string> Templates,
    long MinimumOverdueMinor = 0,
    LateFee? Fee = null,
    bool CreditHold = false,
    bool ChargeInterest = false,
    bool AgencyHandOver = false);

/// <summary>
/// A dunning policy version as data: the levels in increasing order of days, a quiet period between two messages to
/// one customer, a tolerance under which a balance is too small to chase, and the language by billing country.
/// </summary>
public sealed record DunningPolicy(
    IReadOnlyList<DunningLevel> Levels,
    int QuietDays,
    long ToleranceMinor,
    string DefaultLanguage,
    IReadOnlyDictionary<string, string> LanguageByCountry)
{
    /// <summary>Statutory interest (reference rates and margin) for levels that charge it; null when none does.</summary>
    public StatutoryInterest? Interest { get; init; }

    /// <summary>Other sets of levels for some customers, chosen by <see cref="StrategyRules"/> (see <see cref="DunningStrategies"/>).</summary>
    public IReadOnlyList<DunningStrategy> Strategies { get; init; } = [];

    /// <summary>Which customers (by segment and risk class) get which strategy; the first match wins.</summary>
    public IReadOnlyList<StrategyRule> StrategyRules { get; init; } = [];

    /// <summary>The index of the level an item <paramref name="daysPastDue"/> days past its due date is at (negative: not yet due), or null.</summary>
    public int? LevelFor(int daysPastDue)
    {
        int? found = null;
        for (var i = 0; i < Levels.Count; i++)
        {
            if (Levels[i].DaysFromDue <= daysPastDue)
            {
                found = i;
            }
        }

        return found;
    }

    /// <summary>The language of a customer billed in <paramref name="country"/> (ISO alpha-2), or the default.</summary>
    public string LanguageFor(string? country) =>
        country is not null && LanguageByCountry.TryGetValue(country.Trim().ToUpperInvariant(), out var language) ? language : DefaultLanguage;

    /// <summary>The template key of a level in a language, falling back to the default language.</summary>
    public string TemplateFor(DunningLevel level, string language) =>
        level.Templates.TryGetValue(language, out var key) ? key : level.Templates[DefaultLanguage];

    /// <summary>Every problem with this version, by field; empty when it may be published.</summary>
    public IReadOnlyList<ValidationFailed> Validate()
    {
        var errors = new List<ValidationFailed>();
        if (Levels.Count == 0)
        {
            errors.Add(new ValidationFailed("levels", "A policy needs at least one level."));
        }

        if (QuietDays is < 0 or > 365)
        {
            errors.Add(new ValidationFailed("quietDays", "The quiet period is 0 to 365 days."));
        }

        if (ToleranceMinor < 0)
        {
            errors.Add(new ValidationFailed("toleranceMinor", "The tolerance cannot be negative."));
        }

        if (string.IsNullOrWhiteSpace(DefaultLanguage))
        {
            errors.Add(new ValidationFailed("defaultLanguage", "A default language is required."));
        }

        for (var i = 0; i < Levels.Count; i++)
        {
            errors.AddRange(ValidateLevel(Levels[i], $"levels[{i}]"));
            if (i > 0 && Levels[i].DaysFromDue <= Levels[i - 1].DaysFromDue)
            {
                errors.Add(new ValidationFailed($"levels[{i}].daysFromDue", $"Level '{Levels[i].Name}' must start later than '{Levels[i - 1].Name}'."));
            }
        }

        if (Levels.Any(l => l.ChargeInterest) && Interest is null)
        {
            errors.Add(new ValidationFailed("interest", "A level charges interest, so the policy needs its reference rates and margin."));
        }

        if (Interest is not null)
        {
            errors.AddRange(Interest.Validate());
        }

        errors.AddRange(DunningStrategies.Validate(this));
        foreach (var twice in Levels.GroupBy(l => l.Code, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add(new ValidationFailed("levels", $"The level code '{twice.Key}' is used twice."));
        }

        return errors;
    }

    private IEnumerable<ValidationFailed> ValidateLevel(DunningLevel level, string at)
    {
        if (string.IsNullOrWhiteSpace(level.Code) || level.Code.Length > 32)
        {
            yield return new ValidationFailed(at + ".code", "A level code is 1 to 32 characters.");
        }

        if (string.IsNullOrWhiteSpace(level.Name) || level.Name.Length > 100)
        {
            yield return new ValidationFailed(at + ".name", "A level name is 1 to 100 characters.");
        }

        if (level.DaysFromDue is < -60 or > 365)
        {
            yield return new ValidationFailed(at + ".daysFromDue", "A level starts between 60 days before and 365 days after the due date.");
        }

        if (!level.Templates.ContainsKey(DefaultLanguage))
        {
            yield return new ValidationFailed(at + ".templates", $"Level '{level.Name}' has no template in the default language ({DefaultLanguage}).");
        }

        foreach (var (language, key) in level.Templates)
        {
            if (!DunningTemplates.Knows(key))
            {
                yield return new ValidationFailed(at + ".templates", $"Level '{level.Name}' names an unknown template '{key}' for {language}.");
            }
        }

        if (level.MinimumOverdueMinor < 0)
        {
            yield return new ValidationFailed(at + ".minimumOverdueMinor", "The minimum overdue amount cannot be negative.");
        }

        if (level.Fee is { } fee && (fee.FlatMinor < 0 || fee.RateBasisPoints is < 0 or > 10_000))
        {
            yield return new ValidationFailed(at + ".fee", "A late fee has a flat part of 0 or more and a rate of 0 to 100 %.");
        }
    }

    /// <summary>
    /// The policy a fresh installation starts with: a friendly reminder three days before the due date, a first
    /// notice a week late, a second at three weeks (with a small fee), a phone call at 45 days, a final letter at 60
    /// days that also asks for a credit hold. Amounts are minor units of the customer's currency.
    /// </summary>
    public static DunningPolicy Default { get; } = new(
        [
            new("reminder", "Friendly reminder", -3, DunningChannel.Email, Languages("reminder")),
            new("first-notice", "First notice", 7, DunningChannel.Email, Languages("first-notice"), MinimumOverdueMinor: 50_00),
            new("second-notice", "Second notice", 21, DunningChannel.Email, Languages("second-notice"), MinimumOverdueMinor: 50_00, Fee: new LateFee(0, 100)),
            new("call", "Phone call", 45, DunningChannel.CallTask, Languages("call"), MinimumOverdueMinor: 100_00),
            new("final-notice", "Final notice", 60, DunningChannel.Letter, Languages("final-notice"), MinimumOverdueMinor: 100_00, CreditHold: true),
        ],
        QuietDays: 5,
        ToleranceMinor: 5_00,
        DefaultLanguage: "en",
        LanguageByCountry: new Dictionary<string, string>(StringComparer.Ordinal) { ["MX"] = "es", ["ES"] = "es", ["FR"] = "fr" });

    private static Dictionary<string, string> Languages(string key) =>
        new(StringComparer.Ordinal) { ["en"] = key + ".en", ["es"] = key + ".es", ["fr"] = key + ".fr" };
}
