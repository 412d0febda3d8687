using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Features.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.CashApplication;

/// <summary>
/// Undoes an applied line: the payment it posted is reversed through the ledger (its allocations undone, the
/// invoices reopen) and the line becomes unmatched, in one transaction. The engine never applies that answer again
/// by itself; a person may.
/// </summary>
internal sealed class UndoBankLine(CreditDb db, ICashLedger ledger, ApplyCrossCurrencyLine across)
{
    public async Task<Result<long>> Handle(long lineId, string? reason, CancellationToken ct)
    {
        var statementId = await db.BankLines.Where(l => l.Id == lineId).Select(l => (long?)l.StatementId).FirstOrDefaultAsync(ct);
        if (statementId is null)
        {
            return new NotFound("Bank line", lineId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var latest = await db.Latest(lineId, ct);
        if (latest is not { Status: BankLineStatus.Applied, PaymentReference: { } reference })
        {
            return new Refusal("not-applied", "This line is not applied, so there is nothing to undo.");
        }

        var why = string.IsNullOrWhiteSpace(reason) ? "Bank line match undone" : reason.Trim();
        await using var tx = await OwnedTransaction.Begin(db, ct);
        try
        {
            // cashfx: a line paying invoices in another currency also reverses the exchange difference it posted.
            if ((await ledger.ReversePayment(reference, $"{why} (bank line {lineId})", ct) ?? await across.ReverseDifferences(lineId, latest.Sequence, why, ct)) is { } refused)
            {
                await tx.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                return refused;
            }

            db.BankLineDecisions.Add(new BankLineDecision
            {
                LineId = lineId,
                Sequence = latest.Sequence + 1,
                Status = BankLineStatus.Unmatched,
                Action = "undone",
                CustomerId = latest.CustomerId,
                Signature = latest.Signature,
                Allocations = latest.Allocations,
                Evidence = $"Undone by {db.Actor.Name}: {why}. Payment {reference} reversed.",
                PaymentReference = reference,
                AtUtc = db.UtcNow,
                By = db.Actor.Name,
            });
            db.Publish(new BankLineUndone(lineId, statementId.Value, reference, why, db.Actor.Name));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return lineId;
        }
        catch (DbUpdateException)
        {
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            return new Refusal("line-changed", "Someone decided this line meanwhile. Reload it.");
        }
    }
}
