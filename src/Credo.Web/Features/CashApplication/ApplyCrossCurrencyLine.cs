using System.Globalization;
using Credo.Domain.Amounts;
using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.CashApplication;

/// <summary>
/// The one place a bank line paying invoices in another currency moves money (issue 15, stage 3). In one transaction:
/// checks nobody decided the line meanwhile; posts the realised exchange difference on the invoices as their own
/// adjustments with a reason (PostAdjustment: a loss lowers what is owed, a gain raises it); posts the payment in the
/// invoices' currency for the converted amount with its allocations (RecordPayment, through <see cref="ICashLedger"/>);
/// stores the conversion (bank amount, rate, converted, owed, difference) beside the Applied decision; publishes the
/// line-applied event. Anything refused rolls all of it back. The payment's reference is the line's and decision's
/// (BANK-line-sequence), the adjustments' FX-line-sequence-n, so a replay cannot post twice.
/// </summary>
internal sealed class ApplyCrossCurrencyLine(CreditDb db, ICashLedger ledger, ICashExchangeLedger exchange, ApplyBankLine apply)
{
    /// <param name="allocations">The invoices and what is open on them as the answer read it (within the tolerance), or the converted amount's allocations (beyond it).</param>
    /// <param name="conversion">The conversion to store; its sequence becomes the decision's.</param>
    public async Task<DomainError?> Apply(BankLine line, string customerNumber, IReadOnlyList<PaymentAllocation> allocations, BankLineExchange conversion, BankLineDecision decision, CancellationToken ct)
    {
        var reference = ApplyBankLine.Reference(line, decision);
        decision.PaymentReference = reference;
        await using var tx = await OwnedTransaction.Begin(db, ct);
        try
        {
            var latest = await db.BankLineDecisions.Where(d => d.LineId == line.Id).MaxAsync(d => (int?)d.Sequence, ct) ?? 0;
            if (latest != decision.Sequence - 1)
            {
                await tx.RollbackAsync(ct);
                return new Refusal("line-changed", "Someone decided this line meanwhile. Reload it.");
            }

            var shares = Shares(allocations, conversion.DifferenceMinor);
            var paid = Paid(allocations, shares);
            if (await Post(line, customerNumber, reference, paid, shares, conversion, ct) is { } refused)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return refused;
            }

            conversion.Sequence = decision.Sequence;
            conversion.Adjustments = shares.Count == 0 ? null : string.Join('\n', shares.Select(s => $"{s.Invoice}={s.Reference}={s.AdjustmentMinor.ToString(CultureInfo.InvariantCulture)}"));
            db.BankLineExchanges.Add(conversion);
            // The decision says what the payment allocated (the exchange difference is the adjustments', not the allocation's).
            decision.Allocations = string.Join('\n', paid.Select(a => $"{a.InvoiceNumber}={a.AmountMinor.ToString(CultureInfo.InvariantCulture)}")
                .Append($"on-account={(conversion.ConvertedMinor - paid.Sum(a => a.AmountMinor)).ToString(CultureInfo.InvariantCulture)}"));
            db.BankLineDecisions.Add(decision);
            db.Publish(Event(line, customerNumber, decision, paid, conversion));
            await apply.Teach(line, decision, ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return null;
        }
        catch (DbUpdateException)
        {
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return new Refusal("line-changed", "Someone decided this line meanwhile. Reload it.");
        }
    }

    /// <summary>One invoice's part of the exchange difference: the adjustment posted on it (signed: what the customer owes moves by it).</summary>
    internal sealed record Share(string Invoice, string Reference, long AdjustmentMinor);

    /// <summary>
    /// The difference spread over the invoices: a loss (the money bought less) lowers the newest invoices first, never
    /// below nothing; a gain raises the newest. Each adjustment's reference is FX-line-sequence-n.
    /// </summary>
    internal static List<(string Invoice, long AdjustmentMinor)> Spread(IReadOnlyList<PaymentAllocation> allocations, long differenceMinor)
    {
        var spread = new List<(string, long)>();
        if (differenceMinor < 0 && allocations.Count > 0)
        {
            spread.Add((allocations[^1].InvoiceNumber, -differenceMinor));
            return spread;
        }

        var left = differenceMinor;
        foreach (var allocation in allocations.Reverse())
        {
            var take = Math.Min(left, allocation.AmountMinor);
            if (take > 0)
            {
                spread.Add((allocation.InvoiceNumber, -take));
                left -= take;
            }
        }

        return spread;
    }

    private static List<Share> Shares(IReadOnlyList<PaymentAllocation> allocations, long differenceMinor) =>
        [.. Spread(allocations, differenceMinor).Select(s => new Share(s.Invoice, "", s.AdjustmentMinor))];

    /// <summary>The adjustments first (so each invoice's open amount is what the converted money pays), then the payment in the invoices' currency.</summary>
    private async Task<DomainError?> Post(BankLine line, string customer, string reference, List<PaymentAllocation> paid, List<Share> shares, BankLineExchange conversion, CancellationToken ct)
    {
        var currency = Currency.Of(conversion.Currency);
        var words = Words(conversion);
        for (var n = 0; n < shares.Count; n++)
        {
            shares[n] = shares[n] with { Reference = $"FX-{reference}-{n + 1}" };
            var share = shares[n];
            var reason = $"Realised exchange {(share.AdjustmentMinor < 0 ? "loss" : "gain")} on bank line {line.Id}: {words}";
            if (await exchange.PostDifference(share.Invoice, new Money(share.AdjustmentMinor, currency), conversion.ValueOn, share.Reference, reason, ct) is { } refused)
            {
                return refused;
            }
        }

        return await ledger.PostPayment(new PaymentToPost(customer, reference, line.BookedOn, conversion.ConvertedMinor, conversion.Currency, paid, line.BankReference ?? $"line {line.Id}"), ct);
    }

    /// <summary>"1,000.00 EUR at 1.0850 = 1,085.00 USD; 5.00 USD exchange difference (a loss)", from a stored conversion.</summary>
    public static string Words(BankLineExchange conversion)
    {
        var paid = new Money(conversion.PaidMinor, Currency.Of(conversion.PaidCurrency));
        var converted = new Credo.Domain.Matching.Conversion(paid, conversion.Rate, conversion.RateEffectiveOn, new Money(conversion.ConvertedMinor, Currency.Of(conversion.Currency)));
        return new Credo.Domain.Matching.ExchangeSettlement(converted, new Money(conversion.OwedMinor, converted.Converted.Currency), new Money(conversion.DifferenceMinor, converted.Converted.Currency)).Words;
    }

    /// <summary>What the payment allocates: each invoice's part after its exchange adjustment.</summary>
    private static List<PaymentAllocation> Paid(IReadOnlyList<PaymentAllocation> allocations, List<Share> shares) =>
        [.. allocations.Select(a => a with { AmountMinor = a.AmountMinor + shares.Where(s => s.Invoice == a.InvoiceNumber).Sum(s => s.AdjustmentMinor) }).Where(a => a.AmountMinor > 0)];

    private static BankLineApplied Event(BankLine line, string customer, BankLineDecision decision, List<PaymentAllocation> paid, BankLineExchange conversion) =>
        new(
            line.Id, line.StatementId, customer, decision.PaymentReference!, conversion.ConvertedMinor, conversion.Currency,
            [.. paid.Select(a => new AppliedInvoice(a.InvoiceNumber, a.AmountMinor))], conversion.ConvertedMinor - paid.Sum(a => a.AmountMinor),
            decision.Action, decision.Score, decision.By, new AppliedExchange(conversion.PaidMinor, conversion.PaidCurrency, conversion.Rate, conversion.RateEffectiveOn, conversion.DifferenceMinor));

    /// <summary>On undo (inside the undo's transaction, after the payment's reversal): the exchange adjustments an applied line posted, reversed.</summary>
    public async Task<DomainError?> ReverseDifferences(long lineId, int sequence, string reason, CancellationToken ct)
    {
        var conversion = await db.BankLineExchanges.AsNoTracking().FirstOrDefaultAsync(x => x.LineId == lineId && x.Sequence == sequence, ct);
        foreach (var row in (conversion?.Adjustments ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (await exchange.ReverseDifference(row.Split('=')[1], $"{reason} (exchange difference of bank line {lineId})", ct) is { } refused)
            {
                return refused;
            }
        }

        return null;
    }

    /// <summary>Appends a decision that moves no money (a suggestion) with the conversion it rests on, in one save (the batch's <see cref="ApplyBankLine.Record"/>).</summary>
    public Task<DomainError?> Record(BankLineDecision decision, BankLineExchange? conversion, CancellationToken ct)
    {
        if (conversion is not null)
        {
            conversion.Sequence = decision.Sequence;
            db.BankLineExchanges.Add(conversion);
        }

        return apply.Record(decision, ct);
    }
}
