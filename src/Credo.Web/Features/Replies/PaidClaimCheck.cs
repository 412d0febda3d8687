using Credo.Domain.Amounts;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Replies;

/// <summary>
/// What a person checking a "we have paid" reply should know first: whether the invoices it names are already settled
/// in the ledger, and whether an unapplied bank line (one the cash application has not applied) carries the amount it
/// names, the named invoices' open total, or an invoice number in its remittance text. It only points; it decides and
/// posts nothing (matching is the cash application's).
/// </summary>
internal static class PaidClaimCheck
{
    public static async Task<string> Hint(CreditDb db, InboundReply reply, long customerId, CancellationToken ct)
    {
        var named = reply.Invoices.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var invoices = await db.Entries.AsNoTracking()
            .Where(e => e.CustomerId == customerId && e.Kind == EntryKind.Invoice && named.Contains(e.Document!))
            .Select(e => new { e.OpenMinor, e.Currency }).ToListAsync(ct);
        if (invoices.Count > 0 && invoices.All(i => i.OpenMinor == 0))
        {
            return named.Length == 1 ? "The ledger already shows that invoice as paid." : "The ledger already shows those invoices as paid.";
        }

        var currency = reply.Currency ?? invoices.Select(i => i.Currency).FirstOrDefault()
            ?? await db.Customers.Where(c => c.Id == customerId).Select(c => c.Currency).SingleAsync(ct);
        var amounts = new List<long>();
        if (reply.AmountMinor is { } claimed)
        {
            amounts.Add(claimed);
        }

        if (invoices.Count > 0)
        {
            amounts.Add(invoices.Where(i => i.Currency == currency).Sum(i => i.OpenMinor));
        }

        var line = await Unapplied(db, currency, amounts, named.FirstOrDefault(), ct);
        return line is null
            ? "No unapplied bank line matches it yet."
            : $"An unapplied bank line may be it: {new Money(line.AmountMinor, Currency.Of(line.Currency)).ToDisplayString()}" +
              $"{(line.CounterpartyName is { Length: > 0 } payer ? " from " + payer : string.Empty)}, booked on {PlainWords.Date(line.BookedOn)}.";
    }

    private static async Task<BankLine?> Unapplied(CreditDb db, string currency, List<long> amounts, string? firstInvoice, CancellationToken ct)
    {
        if (amounts.Count == 0 && firstInvoice is null)
        {
            return null;
        }

        return await db.BankLines.AsNoTracking()
            .Where(l => l.Currency == currency && (amounts.Contains(l.AmountMinor) || (firstInvoice != null && l.Remittance.Contains(firstInvoice))))
            .Where(l => db.BankLineDecisions.Where(d => d.LineId == l.Id).OrderByDescending(d => d.Sequence).Select(d => (BankLineStatus?)d.Status).FirstOrDefault() != BankLineStatus.Applied)
            .OrderByDescending(l => l.BookedOn).ThenByDescending(l => l.Id).FirstOrDefaultAsync(ct);
    }
}
