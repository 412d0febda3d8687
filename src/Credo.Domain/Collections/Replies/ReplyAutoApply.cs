namespace Credo.Domain.Collections.Replies;

/// <summary>What the assistant does with a reply it may apply by itself.</summary>
public enum ReplyEffect
{
    /// <summary>Nothing: the reply waits for a person.</summary>
    WaitForPerson,

    /// <summary>The promise is recorded as a collector would (the reply is closed).</summary>
    RecordPromise,

    /// <summary>A case is opened on each disputed invoice as a collector would (the reply is closed).</summary>
    OpenDisputeCase,

    /// <summary>
    /// "It is paid": reminders are held for a short check period, and the reply stays waiting as a person's task to find
    /// the money in the cash application (the claim itself is never taken as a payment).
    /// </summary>
    HoldForPaymentCheck,

    /// <summary>"Wrong contact": reminders are held for the check period, and the reply waits for a person to find the right contact.</summary>
    HoldForNewContact,

    /// <summary>Out of office with a return date: the next reminder is held until that date (the reply is closed).</summary>
    HoldUntilReturn,
}

/// <summary>Whether a reply is applied without a person, and if not, why (in a collector's words).</summary>
/// <param name="HoldUntil">For a hold: reminders may go again from this day on.</param>
public sealed record AutoApplyVerdict(bool Apply, string Why, ReplyEffect Effect = ReplyEffect.WaitForPerson, DateOnly? HoldUntil = null)
{
    /// <summary>The reply is done once applied (a hold that asks a person to check something leaves it waiting).</summary>
    public bool ClosesReply => ReplyAutoApply.Closes(Effect);
}

/// <summary>
/// When the assistant may apply a reply by itself (issue 14 §6), and what applying it means, as one table: only when
/// the seller set a threshold, only when the rules are at least that sure, and never when a language model that was
/// asked read it as something else. A promise is recorded and a dispute opens a case. "It is paid" is never taken as a
/// payment: reminders are held for <see cref="CheckDays"/> days while a person checks the cash application. "Wrong
/// contact" holds reminders as long while a person finds the right contact (another reminder to the same address
/// would be wasted, or read by a stranger). An out-of-office answer with a return date within
/// <see cref="LongestAbsenceDays"/> days holds the next reminder until that date. Copy requests, replies the rules do
/// not recognise, and out-of-office answers without a return date wait for a person.
/// </summary>
public static class ReplyAutoApply
{
    /// <summary>Calendar days reminders are held while a person checks a "paid" claim or a contact.</summary>
    public const int CheckDays = 5;

    /// <summary>An absence longer than this (or a date read wrong) is not taken as a return date.</summary>
    public const int LongestAbsenceDays = 60;

    /// <summary>The table: what applying a reply with this label means (the return date read in it for an absence).</summary>
    public static ReplyEffect Effect(ReplyLabel label, DateOnly receivedOn, DateOnly? on) => label switch
    {
        ReplyLabel.Promise => ReplyEffect.RecordPromise,
        ReplyLabel.Dispute => ReplyEffect.OpenDisputeCase,
        ReplyLabel.Paid => ReplyEffect.HoldForPaymentCheck,
        ReplyLabel.WrongContact => ReplyEffect.HoldForNewContact,
        ReplyLabel.OutOfOffice => on is { } back && back > receivedOn && back.DayNumber - receivedOn.DayNumber <= LongestAbsenceDays
            ? ReplyEffect.HoldUntilReturn : ReplyEffect.WaitForPerson,
        ReplyLabel.CopyRequest or ReplyLabel.Other => ReplyEffect.WaitForPerson,
    };

    /// <summary>The day reminders may go again after a hold; null for an effect that holds nothing.</summary>
    public static DateOnly? HoldUntil(ReplyEffect effect, DateOnly receivedOn, DateOnly? on) => effect switch
    {
        ReplyEffect.HoldForPaymentCheck or ReplyEffect.HoldForNewContact => receivedOn.AddDays(CheckDays),
        ReplyEffect.HoldUntilReturn => on,
        ReplyEffect.WaitForPerson or ReplyEffect.RecordPromise or ReplyEffect.OpenDisputeCase => null,
    };

    /// <summary>Whether applying the effect closes the reply, or leaves it waiting as a person's task.</summary>
    public static bool Closes(ReplyEffect effect) => effect switch
    {
        ReplyEffect.RecordPromise or ReplyEffect.OpenDisputeCase or ReplyEffect.HoldUntilReturn => true,
        ReplyEffect.WaitForPerson or ReplyEffect.HoldForPaymentCheck or ReplyEffect.HoldForNewContact => false,
    };

    /// <summary>The verdict for a reply as read (its label, the rules' confidence, the model's label, the date read in it).</summary>
    public static AutoApplyVerdict Decide(ReplyLabel label, int confidencePercent, ReplyLabel? modelLabel, int? thresholdPercent, DateOnly receivedOn = default, DateOnly? on = null)
    {
        if (thresholdPercent is not { } threshold)
        {
            return new AutoApplyVerdict(false, "Automatic applying is off: a person confirms every reply.");
        }

        var effect = Effect(label, receivedOn, on);
        if (effect == ReplyEffect.WaitForPerson)
        {
            return new AutoApplyVerdict(false, label == ReplyLabel.OutOfOffice
                ? "An out-of-office answer without a return date (within 60 days) waits for a person."
                : "Copy requests and replies the rules do not recognise wait for a person.");
        }

        if (confidencePercent < threshold)
        {
            return new AutoApplyVerdict(false, $"The rules are {confidencePercent}% sure, below the {threshold}% needed to apply it without a person.");
        }

        if (modelLabel is { } other && other != label)
        {
            return new AutoApplyVerdict(false, "The language model reads it differently from the rules, so a person decides.");
        }

        return new AutoApplyVerdict(true, $"The rules are {confidencePercent}% sure (at least {threshold}% is needed).", effect, HoldUntil(effect, receivedOn, on));
    }
}
