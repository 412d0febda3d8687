namespace Credo.Domain.Collections.Replies;

/// <summary>Whether a reply is applied without a person, and if not, why (in a collector's words).</summary>
public sealed record AutoApplyVerdict(bool Apply, string Why);

/// <summary>
/// When the assistant may apply a reply by itself (issue 14 §6): only a promise to pay or a dispute, only when the
/// seller set a threshold, only when the rules are at least that sure, and never when a language model that was asked
/// read it as something else. Everything else waits for a person.
/// </summary>
public static class ReplyAutoApply
{
    public static AutoApplyVerdict Decide(ReplyLabel label, int confidencePercent, ReplyLabel? modelLabel, int? thresholdPercent)
    {
        if (thresholdPercent is not { } threshold)
        {
            return new AutoApplyVerdict(false, "Automatic applying is off: a person confirms every reply.");
        }

        if (!Applies(label))
        {
            return new AutoApplyVerdict(false, "Only promises to pay and disputes are applied automatically.");
        }

        if (confidencePercent < threshold)
        {
            return new AutoApplyVerdict(false, $"The rules are {confidencePercent}% sure, below the {threshold}% needed to apply it without a person.");
        }

        if (modelLabel is { } other && other != label)
        {
            return new AutoApplyVerdict(false, "The language model reads it differently from the rules, so a person decides.");
        }

        return new AutoApplyVerdict(true, $"The rules are {confidencePercent}% sure (at least {threshold}% is needed).");
    }

    private static bool Applies(ReplyLabel label) => label switch
    {
        ReplyLabel.Promise or ReplyLabel.Dispute => true,
        ReplyLabel.Paid or ReplyLabel.WrongContact or ReplyLabel.OutOfOffice or ReplyLabel.CopyRequest or ReplyLabel.Other => false,
    };
}
