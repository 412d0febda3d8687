using Credo.Domain.Amounts;
using Credo.Domain.Ledger;
using Credo.Domain.Matching;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;
using Credo.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.CashApplication;

/// <summary>
/// Small differences a bank line leaves open, written off by the seller's policy (<see cref="WriteOffPolicy"/>, limits per
/// currency in settings) through the ledger's write-off use case, inside the line's transaction. A write-off is a
/// correction: it needs an administrator or a credit manager (the Corrections policy's roles); when a person without
/// that role runs the matching (or no policy covers the currency) the difference stays open, and the line's evidence says so.
/// Command-line and background runs act as the operator of the server and may write off.
/// </summary>
internal sealed class SmallDifferences(CreditDb db, ICashLedger ledger, IOptions<CashApplicationOptions> options, IHttpContextAccessor http)
{
    /// <summary>The evidence line to add to the line's decision, or null when there is nothing to say.</summary>
    public async Task<string?> Settle(long lineId, FitKind? fit, IReadOnlyList<LeftOpen> left, CancellationToken ct)
    {
        var policy = options.Value.ToWriteOffPolicy();
        var differences = policy.Decide(fit, left);
        if (differences.Count == 0)
        {
            return null;
        }

        if (!MayWriteOff)
        {
            return $"Not written off: {string.Join(", ", differences.Select(d => $"{d.Amount.ToDisplayString()} on {d.InvoiceNumber}"))} is within the write-off policy, but only an administrator or a credit manager may write off; the difference stays open";
        }

        foreach (var difference in differences)
        {
            var refused = await ledger.WriteOff(difference.InvoiceNumber, difference.Amount.Minor, difference.Amount.Currency.Code, $"Small difference written off by policy (bank line {lineId})", ct);
            if (refused is not null)
            {
                return $"Not written off: the ledger refused ({refused.Message}); the difference stays open";
            }
        }

        return policy.Said(differences);
    }

    /// <summary>
    /// After a person's confirmation or match posted <paramref name="allocations"/> (in the line's transaction): the
    /// amount fit is the matcher's own (<see cref="AmountFit.Of"/> over the invoices as they were open before the
    /// payment), what the payment left open is read back from the ledger, and the same policy and roles as the engine's
    /// batch (<see cref="Settle"/>) decide.
    /// </summary>
    public async Task<string?> SettleAfterPerson(BankLine line, IReadOnlyList<PaymentAllocation> allocations, CancellationToken ct)
    {
        if (allocations.Count == 0)
        {
            return null;
        }

        var currency = Currency.Of(line.Currency);
        var numbers = allocations.Select(a => a.InvoiceNumber).Distinct().ToList();
        var rows = await db.Entries.AsNoTracking()
            .Where(e => e.Kind == EntryKind.Invoice && e.Currency == line.Currency && numbers.Contains(e.Document!))
            .Select(e => new { e.Id, e.CustomerId, e.Document, e.OpenMinor, e.PostedOn, e.DueOn, e.TermsCode })
            .ToListAsync(ct);
        var paid = allocations.GroupBy(a => a.InvoiceNumber).ToDictionary(g => g.Key, g => g.Sum(a => a.AmountMinor), StringComparer.Ordinal);
        var before = rows.Select(e => MatchBankLines.Open(e.Id, e.CustomerId, e.Document, new Money(e.OpenMinor + paid.GetValueOrDefault(e.Document!), currency), e.PostedOn, e.DueOn, e.TermsCode)).ToList();
        var fit = AmountFit.Of(new Money(line.AmountMinor, currency), before, line.BookedOn, options.Value.ToleranceMinor).Kind;
        return await Settle(line.Id, fit, [.. rows.Select(e => new LeftOpen(e.Document!, new Money(e.OpenMinor, currency)))], ct);
    }

    private bool MayWriteOff => http.HttpContext?.User is not { Identity.IsAuthenticated: true } user
        || user.IsInRole(Roles.Admin) || user.IsInRole(Roles.CreditManager);
}
