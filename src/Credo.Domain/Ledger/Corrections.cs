using Credo.Domain.Common;

namespace Credo.Domain.Ledger;

/// <summary>An allocation someone asked for: so much to one invoice. <see cref="Field"/> names the request line.</summary>
public readonly record struct RequestedApplication(long ItemId, long AmountMinor, string Field);

/// <summary>The pure checks behind allocations, write-offs, adjustments and reversals.</summary>
public static class Corrections
{
    /// <summary>
    /// Checks explicit allocations: each amount positive, each invoice's total within its open amount, and the sum
    /// within what the credit has unapplied. Lines naming the same invoice are merged.
    /// </summary>
    public static Result<IReadOnlyList<Application>> Explicit(long availableMinor, IReadOnlyList<RequestedApplication> requested, IReadOnlyDictionary<long, long> openByItem, string totalField = "allocations")
    {
        var totals = new Dictionary<long, long>();
        foreach (var r in requested)
        {
            if (r.AmountMinor <= 0)
            {
                return new ValidationFailed(r.Field, "An allocation amount must be greater than zero.");
            }

            var total = checked(totals.GetValueOrDefault(r.ItemId) + r.AmountMinor);
            var open = openByItem.GetValueOrDefault(r.ItemId);
            if (total > open)
            {
                return new Refusal("over-allocation", $"The allocation exceeds the invoice's open amount ({open} minor units open).", r.Field);
            }

            totals[r.ItemId] = total;
        }

        var sum = totals.Values.Sum();
        if (sum > availableMinor)
        {
            return new Refusal("over-allocation", $"The allocations total more than the {availableMinor} minor units available.", totalField);
        }

        return Result<IReadOnlyList<Application>>.Ok([.. totals.Select(t => new Application(t.Key, t.Value))]);
    }

    /// <summary>The amount to write off: all that is open, or a part of it.</summary>
    public static Result<long> WriteOff(long openMinor, long? requestedMinor, string field = "amount")
    {
        if (openMinor <= 0)
        {
            return new Refusal("nothing-open", "The invoice has nothing open to write off.");
        }

        if (requestedMinor is not { } wanted)
        {
            return openMinor;
        }

        if (wanted <= 0)
        {
            return new ValidationFailed(field, "The amount must be greater than zero.");
        }

        return wanted > openMinor
            ? new Refusal("write-off-exceeds-open", $"Only {openMinor} minor units are open.", field)
            : wanted;
    }

    /// <summary>A signed adjustment to an item: it may not take the open amount below zero.</summary>
    public static DomainError? Adjust(long openMinor, long deltaMinor, string field = "amount") =>
        checked(openMinor + deltaMinor) < 0
            ? new Refusal("adjustment-exceeds-open", $"The adjustment would make the open amount negative ({openMinor} minor units open).", field)
            : null;

    /// <summary>Whether an entry may be reversed.</summary>
    public static DomainError? CanReverse(EntryKind kind, bool alreadyReversed, bool hasLiveAppliedEntries) =>
        kind switch
        {
            EntryKind.Reversal => new Refusal("cannot-reverse-reversal", "A reversal cannot itself be reversed; post a new document instead."),
            EntryKind.Invoice or EntryKind.CreditNote or EntryKind.Payment or EntryKind.WriteOff or EntryKind.Adjustment when alreadyReversed =>
                new Refusal("already-reversed", "This entry has already been reversed."),
            EntryKind.Invoice or EntryKind.CreditNote or EntryKind.Payment or EntryKind.WriteOff or EntryKind.Adjustment when hasLiveAppliedEntries =>
                new Refusal("has-applied-entries", "Write-offs or adjustments are applied to this item; reverse them first."),
            EntryKind.Invoice or EntryKind.CreditNote or EntryKind.Payment or EntryKind.WriteOff or EntryKind.Adjustment => null,
        };
}
