using Credo.Domain.Common;
using Credo.Domain.Amounts;

namespace Credo.Domain.Credit;

/// <summary>What a block rule looks at. Limits themselves are not a rule: every ceiling is always hard.</summary>
public enum BlockRuleKind
{
    /// <summary>Holds a customer whose status is on hold, blocked or closed.</summary>
    CustomerStatus,

    /// <summary>Holds when more than <see cref="BlockRule.ThresholdMinor"/> is overdue by more than <see cref="BlockRule.Days"/> days.</summary>
    Overdue,

    /// <summary>Holds when a limit on the path has passed its expiry date.</summary>
    LimitExpired,

    /// <summary>Holds when a limit on the path has passed its review date.</summary>
    ReviewOverdue,

    /// <summary>Holds when no level on the path has a ceiling at all.</summary>
    NoLimit,
}

/// <summary>A block rule as stored in data. Validated when saved; a disabled rule never fires.</summary>
public sealed record BlockRule(string Code, BlockRuleKind Kind, bool Enabled = true, long? ThresholdMinor = null, string? Currency = null, int? Days = null)
{
    /// <summary>The rules a fresh installation starts with.</summary>
    public static IReadOnlyList<BlockRule> Defaults { get; } =
    [
        new("customer-status", BlockRuleKind.CustomerStatus),
        new("overdue", BlockRuleKind.Overdue, ThresholdMinor: 0, Currency: "USD", Days: 30),
        new("limit-expired", BlockRuleKind.LimitExpired),
        new("review-overdue", BlockRuleKind.ReviewOverdue),
        new("no-limit", BlockRuleKind.NoLimit),
    ];

    public IReadOnlyList<ValidationFailed> Validate()
    {
        var errors = new List<ValidationFailed>();
        if (string.IsNullOrWhiteSpace(Code) || Code.Length > 64)
        {
            errors.Add(new ValidationFailed("code", "A rule code is 1 to 64 characters."));
        }

        switch (Kind)
        {
            case BlockRuleKind.Overdue:
                if (Days is null or < 0)
                {
                    errors.Add(new ValidationFailed("days", "An overdue rule needs days (0 or more)."));
                }

                if (ThresholdMinor is null or < 0)
                {
                    errors.Add(new ValidationFailed("threshold", "An overdue rule needs a threshold (0 or more)."));
                }

                if (!Amounts.Currency.TryParse(Currency, out _))
                {
                    errors.Add(new ValidationFailed("currency", "An overdue rule needs the currency of its threshold."));
                }

                break;
            case BlockRuleKind.CustomerStatus:
            case BlockRuleKind.LimitExpired:
            case BlockRuleKind.ReviewOverdue:
            case BlockRuleKind.NoLimit:
                break;
        }

        return errors;
    }
}

/// <summary>The open amount of a customer's debit items falling due on one date, in one currency.</summary>
public readonly record struct OpenDebit(DateOnly DueOn, Money Open);
