using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.CashApplication;

/// <summary>
/// The one place a bank line moves money: in one transaction, checks that nobody decided the line meanwhile, posts
/// the payment and its allocations through the ledger, and appends the line's Applied decision. Two matchers on the
/// same line: the unique (line, sequence) index and the payment's unique reference let one win; the other rolls back.
/// </summary>
internal sealed class ApplyBankLine(CreditDb db, ICashLedger ledger, SmallDifferences differences)
{
    /// <param name="decision">The Applied decision to append; its Sequence must be the next one for the line.</param>
    public async Task<DomainError?> Apply(BankLine line, string customerNumber, IReadOnlyList<PaymentAllocation> allocations, BankLineDecision decision, CancellationToken ct)
    {
        var reference = Reference(line, decision);
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

            var posted = await ledger.PostPayment(
                new PaymentToPost(customerNumber, reference, line.BookedOn, line.AmountMinor, line.Currency, allocations, line.BankReference ?? $"line {line.Id}"), ct);
            if (posted is not null)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return posted;
            }

            // A person's confirmation or match: a small difference left open is written off by the same policy as the engine's batch.
            if (decision.Action is "confirmed" or "manual" && await differences.SettleAfterPerson(line, allocations, ct) is { } said)
            {
                decision.Evidence += "\n" + said;
            }

            db.BankLineDecisions.Add(decision);
            db.Publish(AppliedEvent(line, customerNumber, decision, allocations));
            await Teach(line, decision, ct);
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

    /// <summary>The payment reference of a line's application: unique per line and decision, so a replay cannot post twice.</summary>
    public static string Reference(BankLine line, BankLineDecision decision) => $"BANK-{line.Id}-{decision.Sequence}";

    public static BankLineApplied AppliedEvent(BankLine line, string customerNumber, BankLineDecision decision, IReadOnlyList<PaymentAllocation> allocations) => new(
        line.Id, line.StatementId, customerNumber, decision.PaymentReference!, line.AmountMinor, line.Currency,
        [.. allocations.Select(a => new AppliedInvoice(a.InvoiceNumber, a.AmountMinor))], line.AmountMinor - allocations.Sum(a => a.AmountMinor), decision.Action, decision.Score, decision.By);

    /// <summary>
    /// What an applied line teaches the engine: the payer's account (from then on, evidence that the account's payments
    /// are this customer's); a person's match also teaches the payer's name as an alias of the customer.
    /// </summary>
    public static IEnumerable<(string Kind, string Value)> Lessons(BankLine line, BankLineDecision decision)
    {
        if (decision.CustomerId is null)
        {
            yield break;
        }

        var person = decision.Action is "confirmed" or "manual";
        foreach (var (kind, value) in new[] { ("account", line.CounterpartyAccount), ("name", person ? line.CounterpartyName?.Trim() : null) })
        {
            if (value is { Length: > 0 and <= 200 })
            {
                yield return (kind, value);
            }
        }
    }

    internal async Task Teach(BankLine line, BankLineDecision decision, CancellationToken ct)
    {
        foreach (var (kind, value) in Lessons(line, decision))
        {
            var customerId = decision.CustomerId!.Value;
            if (!await db.PayerHints.AnyAsync(h => h.CustomerId == customerId && h.Kind == kind && h.Value == value, ct))
            {
                db.PayerHints.Add(new PayerHint { CustomerId = customerId, Kind = kind, Value = value, LearnedFromLineId = line.Id, AtUtc = db.UtcNow, By = decision.By });
            }
        }
    }

    /// <summary>Appends a decision that moves no money (suggested, unmatched, rejected), refusing if the line moved on meanwhile.</summary>
    public async Task<DomainError?> Record(BankLineDecision decision, CancellationToken ct)
    {
        try
        {
            db.BankLineDecisions.Add(decision);
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return new Refusal("line-changed", "Someone decided this line meanwhile. Reload it.");
        }
    }
}
