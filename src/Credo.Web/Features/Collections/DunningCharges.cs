using Credo.Domain.Common;
using Credo.Web.Features.Ledger;

namespace Credo.Web.Features.Collections;

using Money = Credo.Domain.Amounts.Money;

/// <summary>A late fee or interest charge the dunning run posts: its ledger reference, what it is, the amount and when it falls due.</summary>
internal sealed record DunningCharge(string Reference, string What, Money Amount, DateOnly On, DateOnly DueOn);

/// <summary>
/// The ledger, as the dunning run needs it: post a fee or interest charge as a debit the customer owes. Implemented over
/// the ledger's own <see cref="PostAdjustment"/> so no ledger rule is copied here; the call joins the run's transaction,
/// so the message and its charges commit together. The reference is the charge's idempotency key: a charge already
/// posted under it is not posted again.
/// </summary>
internal interface IDunningLedger
{
    /// <summary>Posts the charge; null when posted or already there under its reference, else the ledger's refusal.</summary>
    Task<DomainError?> Charge(string customerNumber, DunningCharge charge, CancellationToken ct);
}

/// <summary><see cref="IDunningLedger"/> over PostAdjustment (a standalone positive adjustment is a debit item due on its due date).</summary>
internal sealed class LedgerDunningCharges(PostAdjustment adjustment) : IDunningLedger
{
    public async Task<DomainError?> Charge(string customerNumber, DunningCharge charge, CancellationToken ct)
    {
        var result = await adjustment.Handle(
            new PostAdjustmentRequest(customerNumber, null, charge.Amount.Major, charge.Amount.Currency.Code, charge.What, charge.On, charge.DueOn, charge.Reference), ct);
        return result.IsOk || result.Error is { Code: "duplicate-document" } ? null : result.Error;
    }
}

/// <summary>The charges a message brings, one per kind and currency, each under a reference unique per customer, level and day.</summary>
internal static class DunningChargeReferences
{
    public const string FeePrefix = "FEE";
    public const string InterestPrefix = "INT";

    /// <summary>
    /// "FEE-20261207-C0001-second-notice-USD": kind, run date, customer, level and currency, at most 64 characters
    /// (the level code is cut to fit).
    /// </summary>
    public static string For(string prefix, DateOnly on, string customerNumber, string levelCode, string currency)
    {
        var head = $"{prefix}-{on:yyyyMMdd}-{customerNumber}-";
        var tail = "-" + currency;
        var room = Math.Max(1, 64 - head.Length - tail.Length);
        var level = levelCode.Length > room ? levelCode[..room] : levelCode;
        var reference = head + level + tail;
        return reference.Length > 64 ? reference[..64] : reference;
    }

    /// <summary>Every charge of a planned message: its late fees and its interest, per currency.</summary>
    public static IReadOnlyList<DunningCharge> Of(Credo.Domain.Collections.PlannedMessage message, string customerNumber, DateOnly on, int dueDays) =>
    [
        .. message.Fees.Select(f => new DunningCharge(For(FeePrefix, on, customerNumber, message.Level.Code, f.Currency.Code), $"Late fee ({message.Level.Name})", f, on, on.AddDays(dueDays))),
        .. message.InterestTotals.Select(i => new DunningCharge(For(InterestPrefix, on, customerNumber, message.Level.Code, i.Currency.Code), $"Interest on late payment ({message.Level.Name})", i, on, on.AddDays(dueDays))),
    ];

    /// <summary>True for a ledger document the dunning run posted (fees and interest are not charged fees or interest again).</summary>
    public static bool IsCharge(string? document) =>
        document is not null && (document.StartsWith(FeePrefix + "-", StringComparison.Ordinal) || document.StartsWith(InterestPrefix + "-", StringComparison.Ordinal));
}
