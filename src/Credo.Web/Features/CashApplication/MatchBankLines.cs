using Credo.Domain.Customers;
using Credo.Domain.Ledger;
using Credo.Domain.Matching;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.CashApplication;

/// <summary>
/// Runs the matcher over the undecided lines of some statements: loads the open items and payers once per currency,
/// asks <see cref="Matcher"/> for one decision per line, applies the confident ones through <see cref="ApplyBankLine"/>
/// and records the others. A line someone decided meanwhile is skipped. Rerunnable: decided lines are left alone.
/// </summary>
internal sealed class MatchBankLines(CreditDb db, ApplyBankLine apply, IOptions<CashApplicationOptions> options, IEnumerable<IPaymentRequests> requestSources)
{
    public async Task<MatchRunReport> Run(IReadOnlyCollection<long> statementIds, CancellationToken ct)
    {
        var lines = await db.BankLines.AsNoTracking().Where(l => statementIds.Contains(l.StatementId) && l.Booked && l.AmountMinor > 0)
            .OrderBy(l => l.StatementId).ThenBy(l => l.LineNo).ToListAsync(ct);
        var ids = lines.Select(l => l.Id).ToList();
        var decided = await db.LatestOf(ids, ct);
        var undecided = lines.Where(l => !decided.ContainsKey(l.Id)).ToList();
        var refused = await db.Refused(ids, ct);
        int applied = 0, suggested = 0, unmatched = 0, skipped = 0;
        var settings = options.Value.ToSettings();
        foreach (var currency in undecided.GroupBy(l => l.Currency))
        {
            var book = await LoadBook(currency.Key, ct);
            foreach (var line in currency)
            {
                var decision = Matcher.Decide(Facts(line), book, settings, refused.GetValueOrDefault(line.Id) ?? []);
                var outcome = await Record(line, decision, book, ct);
                // Each line commits on its own; what it tracked is not needed again (and would make every later save slower).
                db.ChangeTracker.Clear();
                switch (outcome)
                {
                    case BankLineStatus.Applied: applied++; break;
                    case BankLineStatus.Suggested: suggested++; break;
                    case BankLineStatus.Unmatched: unmatched++; break;
                    case null: skipped++; break;
                }
            }
        }

        return new MatchRunReport(applied, suggested, unmatched, skipped + (lines.Count - undecided.Count));
    }

    private async Task<BankLineStatus?> Record(BankLine line, MatchDecision decision, MatchBook book, CancellationToken ct)
    {
        var row = new BankLineDecision
        {
            LineId = line.Id,
            Sequence = 1,
            Status = decision.Outcome switch
            {
                MatchOutcome.Apply => BankLineStatus.Applied,
                MatchOutcome.Suggest => BankLineStatus.Suggested,
                MatchOutcome.Unmatched => BankLineStatus.Unmatched,
            },
            Action = decision.Outcome switch
            {
                MatchOutcome.Apply => "matched",
                MatchOutcome.Suggest => "suggested",
                MatchOutcome.Unmatched => "unmatched",
            },
            CustomerId = decision.Answer?.CustomerId,
            Score = decision.Answer?.Score ?? 0,
            Signature = decision.Answer?.Signature,
            Allocations = decision.Answer is { } a ? LineDecisions.Allocations(a.Allocations, a.OnAccount.Minor) : null,
            Evidence = LineDecisions.Evidence(decision.Answer?.Evidence ?? [], decision.Summary),
            AtUtc = db.UtcNow,
            By = "cash application engine",
        };
        if (decision.Outcome == MatchOutcome.Apply)
        {
            var answer = decision.Answer!;
            var facts = Facts(line);
            var failed = await apply.Apply(line, answer.CustomerNumber, [.. answer.Allocations.Select(x => new PaymentAllocation(x.InvoiceNumber, x.Amount.Minor))], row, ct);
            if (failed is null)
            {
                book.Applied(facts, answer);
                return BankLineStatus.Applied;
            }

            if (failed.Code == "line-changed")
            {
                return null;
            }

            // The ledger refused (an invoice changed since the book was read): a person looks at it instead.
            row = new BankLineDecision
            {
                LineId = row.LineId, Sequence = 1, Status = BankLineStatus.Suggested, Action = "suggested", CustomerId = row.CustomerId, Score = row.Score,
                Signature = row.Signature, Allocations = row.Allocations, Evidence = row.Evidence + $"\nNot applied: the ledger refused ({failed.Message})", AtUtc = row.AtUtc, By = row.By,
            };
        }

        return await apply.Record(row, ct) is null ? row.Status : null;
    }

    private static BankLineFacts Facts(BankLine line) => new(
        line.Id, new Money(line.AmountMinor, Currency.Of(line.Currency)), line.BookedOn, line.Remittance,
        line.StructuredReferences?.Split('\n', StringSplitOptions.RemoveEmptyEntries) ?? [], line.EndToEndId, line.CounterpartyName, line.CounterpartyAccount);

    /// <summary>The open invoices in one currency and the payers they belong to (names, aliases and accounts learned).</summary>
    private async Task<MatchBook> LoadBook(string currency, CancellationToken ct)
    {
        var money = Currency.Of(currency);
        var invoices = await db.Entries.AsNoTracking()
            .Where(e => e.Kind == EntryKind.Invoice && e.Currency == currency && e.OpenMinor > 0)
            .Select(e => new { e.Id, e.CustomerId, e.Document, e.OpenMinor, e.PostedOn, e.DueOn, e.TermsCode })
            .ToListAsync(ct);
        var open = invoices.Select(e =>
        {
            var terms = e.TermsCode is null ? null : PaymentTerms.Parse(e.TermsCode).Value;
            return new OpenInvoice(e.Id, e.CustomerId, e.Document ?? "", new Money(e.OpenMinor, money), e.PostedOn, e.DueOn ?? e.PostedOn,
                terms is null ? 0 : (int)(terms.DiscountPercent * 100), terms?.DiscountUntil(e.PostedOn));
        }).ToList();
        var customerIds = open.Select(i => i.CustomerId).Distinct().ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Number, c.LegalName, c.TradingName }).ToListAsync(ct);
        var hints = await db.PayerHints.AsNoTracking().Where(h => customerIds.Contains(h.CustomerId)).ToListAsync(ct);
        var payers = customers.Select(c => new PayerProfile(
            c.Id,
            c.Number,
            [c.LegalName, .. c.TradingName is null ? Array.Empty<string>() : [c.TradingName], .. hints.Where(h => h.CustomerId == c.Id && h.Kind == "name").Select(h => h.Value)],
            [.. hints.Where(h => h.CustomerId == c.Id && h.Kind == "account").Select(h => h.Value)]));
        // ---- portal (issue 16): payment requests a buyer made, by their creditor reference (IPaymentRequests port) ----
        var requests = new List<RequestedPayment>();
        foreach (var source in requestSources)
        {
            requests.AddRange(await source.Waiting(currency, ct));
        }

        return new MatchBook(open, payers, requests);
    }
}
