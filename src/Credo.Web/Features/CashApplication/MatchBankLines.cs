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
/// asks <see cref="Matcher"/> for one decision per line, and writes the decisions of each <see cref="BatchSize"/> lines
/// in one transaction through <see cref="ApplyBankLines"/> (the confident ones posted through the ledger's planner and
/// bulk writer, the others recorded). A batch a concurrent writer got in the way of is redone line by line through
/// <see cref="ApplyBankLine"/>. A line someone decided meanwhile is skipped. Rerunnable: decided lines are left alone.
/// </summary>
internal sealed class MatchBankLines(CreditDb db, ApplyBankLine apply, ApplyBankLines batch, IOptions<CashApplicationOptions> options, IEnumerable<IPaymentRequests> requestSources, CrossCurrencyLines across)
{
    /// <summary>Lines written per transaction.</summary>
    public const int BatchSize = 500;

    /// <summary>Where the last <see cref="Run"/> spent its time (the bench's per-step breakdown).</summary>
    public MatchSteps LastSteps { get; private set; } = new();

    public async Task<MatchRunReport> Run(IReadOnlyCollection<long> statementIds, CancellationToken ct)
    {
        var lines = await db.BankLines.AsNoTracking().Where(l => statementIds.Contains(l.StatementId) && l.Booked && l.AmountMinor > 0)
            .OrderBy(l => l.StatementId).ThenBy(l => l.LineNo).ToListAsync(ct);
        var ids = lines.Select(l => l.Id).ToList();
        var decided = await db.LatestOf(ids, ct);
        var undecided = lines.Where(l => !decided.ContainsKey(l.Id)).ToList();
        var refused = await db.Refused(ids, ct);
        var tally = new BatchOutcome(0, 0, 0, lines.Count - undecided.Count);
        var settings = options.Value.ToSettings();
        var steps = new MatchSteps();
        foreach (var currency in undecided.GroupBy(l => l.Currency))
        {
            var book = await steps.Time(MatchStep.LoadCandidates, () => LoadBook(currency.Key, ct));
            var advices = await WaitingAdvices(currency.Key, [.. currency], ct);
            foreach (var chunk in currency.Chunk(BatchSize))
            {
                var toApply = new List<LineToApply>();
                var others = new List<BankLineDecision>();
                var crossed = new List<CrossCurrencyDecided>(); // cashfx: lines paying invoices in another currency
                steps.Start(MatchStep.Match);
                foreach (var line in chunk)
                {
                    var advice = advices.GetValueOrDefault(line.Id);
                    var facts = advice is null ? Facts(line) : Facts(line) with { Remittance = $"{line.Remittance} {advice.Invoices.Replace('\n', ' ')}".Trim() };
                    var decision = Matcher.Decide(facts, book, settings, refused.GetValueOrDefault(line.Id) ?? []);
                    if (advice is null && decision.Outcome != MatchOutcome.Apply && await across.Decide(line, decision, refused.GetValueOrDefault(line.Id) ?? [], ct) is { } other)
                    {
                        crossed.Add(other);
                        continue;
                    }

                    var row = LineDecisions.ByEngine(line, decision, db.UtcNow, said: advice?.Said);
                    row.AdviceId = advice?.Id;

                    if (decision.Outcome == MatchOutcome.Apply)
                    {
                        toApply.Add(new LineToApply(line, decision.Answer!, row));
                        book.Applied(facts, decision.Answer!);
                    }
                    else
                    {
                        others.Add(row);
                    }
                }

                steps.Stop(MatchStep.Match);
                tally = Sum(tally, await steps.Time(MatchStep.Post, () => Write(toApply, others, ct)));
                tally = Sum(tally, await steps.Time(MatchStep.Post, () => across.Write(crossed, ct)));
            }
        }

        LastSteps = steps;
        return new MatchRunReport(tally.Applied, tally.Suggested, tally.Unmatched, tally.Changed);
    }

    /// <summary>
    /// Decides one line again with more remittance (a remittance advice that arrived apart from the money): the same
    /// matcher, book and thresholds, the advice's invoice numbers read as the line's remittance, its words added to the
    /// evidence. The decision is the line's next (an applied one posted through the ledger); null when someone decided
    /// the line meanwhile.
    /// </summary>
    public async Task<BankLineStatus?> Redecide(BankLine line, int sequence, string moreRemittance, string said, CancellationToken ct, long? adviceId = null)
    {
        var facts = Facts(line) with { Remittance = $"{line.Remittance} {moreRemittance}".Trim() };
        var refused = await db.Refused([line.Id], ct);
        var decision = Matcher.Decide(facts, await LoadBook(line.Currency, ct), options.Value.ToSettings(), refused.GetValueOrDefault(line.Id) ?? []);
        var row = LineDecisions.ByEngine(line, decision, db.UtcNow, sequence, said);
        row.AdviceId = adviceId;
        return decision.Outcome == MatchOutcome.Apply
            ? await One(new LineToApply(line, decision.Answer!, row), ct)
            : await apply.Record(row, ct) is null ? row.Status : null;
    }

    /// <summary>
    /// Remittance advices that arrived before their money (no decision names them yet), paired with the run's lines:
    /// an advice goes to a line only when it is the one waiting advice of the line's total and currency and the line is
    /// the one line of that amount in the run. One query for the run, not one per line.
    /// </summary>
    private async Task<Dictionary<long, RemittanceAdviceRecord>> WaitingAdvices(string currency, IReadOnlyList<BankLine> lines, CancellationToken ct)
    {
        var waiting = await db.RemittanceAdvices.AsNoTracking()
            .Where(a => a.Currency == currency && a.TotalMinor != null && !db.BankLineDecisions.Any(d => d.AdviceId == a.Id))
            .ToListAsync(ct);
        if (waiting.Count == 0)
        {
            return [];
        }

        var byTotal = waiting.GroupBy(a => a.TotalMinor!.Value).Where(g => g.Count() == 1).ToDictionary(g => g.Key, g => g.Single());
        return lines.GroupBy(l => l.AmountMinor).Where(g => g.Count() == 1 && byTotal.ContainsKey(g.Key))
            .ToDictionary(g => g.Single().Id, g => byTotal[g.Key]);
    }

    private static BatchOutcome Sum(BatchOutcome a, BatchOutcome b) => new(a.Applied + b.Applied, a.Suggested + b.Suggested, a.Unmatched + b.Unmatched, a.Changed + b.Changed);

    /// <summary>One batch in one transaction; if a concurrent writer got in its way, its lines one by one.</summary>
    private async Task<BatchOutcome> Write(List<LineToApply> toApply, List<BankLineDecision> others, CancellationToken ct)
    {
        var done = await batch.Apply(toApply, others, ct);
        // What a batch tracked is not needed again (and would make every later save slower).
        db.ChangeTracker.Clear();
        if (done is not null)
        {
            return done;
        }

        var outcome = new BatchOutcome(0, 0, 0, 0);
        foreach (var item in toApply)
        {
            outcome = Sum(outcome, Count(await One(item, ct)));
            db.ChangeTracker.Clear();
        }

        foreach (var row in others)
        {
            row.Id = 0;
            outcome = Sum(outcome, Count(await apply.Record(row, ct) is null ? row.Status : null));
            db.ChangeTracker.Clear();
        }

        return outcome;
    }

    private static BatchOutcome Count(BankLineStatus? status) => status switch
    {
        BankLineStatus.Applied => new(1, 0, 0, 0),
        BankLineStatus.Suggested => new(0, 1, 0, 0),
        BankLineStatus.Unmatched => new(0, 0, 1, 0),
        null => new(0, 0, 0, 1),
    };


    /// <summary>One line on the slow path: posted through RecordPayment in its own transaction (a refusal becomes a suggestion).</summary>
    private async Task<BankLineStatus?> One(LineToApply item, CancellationToken ct)
    {
        var row = item.Decision;
        row.Id = 0;
        var failed = await apply.Apply(item.Line, item.Answer.CustomerNumber, [.. item.Answer.Allocations.Select(x => new PaymentAllocation(x.InvoiceNumber, x.Amount.Minor))], row, ct);
        if (failed is null)
        {
            return BankLineStatus.Applied;
        }

        if (failed.Code == "line-changed")
        {
            return null;
        }

        var suggested = LineDecisions.NotApplied(row, failed);
        return await apply.Record(suggested, ct) is null ? suggested.Status : null;
    }

    internal static BankLineFacts Facts(BankLine line) => new(
        line.Id, new Money(line.AmountMinor, Currency.Of(line.Currency)), line.BookedOn, line.Remittance,
        line.StructuredReferences?.Split('\n', StringSplitOptions.RemoveEmptyEntries) ?? [], line.EndToEndId, line.CounterpartyName, line.CounterpartyAccount);

    /// <summary>An invoice as the matcher sees it: what is open, and its cash discount when its terms give one.</summary>
    public static OpenInvoice Open(long id, long customerId, string? document, Money open, DateOnly postedOn, DateOnly? dueOn, string? termsCode) =>
        Open(id, customerId, document, open, postedOn, dueOn, termsCode is null ? null : PaymentTerms.Parse(termsCode).Value);

    /// <summary>The same, with the invoice's terms already read (a book reads each distinct terms code once, not once per invoice).</summary>
    private static OpenInvoice Open(long id, long customerId, string? document, Money open, DateOnly postedOn, DateOnly? dueOn, PaymentTerms? terms)
    {
        return new OpenInvoice(id, customerId, document ?? "", open, postedOn, dueOn ?? postedOn,
            terms is null ? 0 : (int)(terms.DiscountPercent * 100), terms?.DiscountUntil(postedOn));
    }

    /// <summary>The open invoices in one currency and the payers they belong to (names, aliases and accounts learned).</summary>
    private async Task<MatchBook> LoadBook(string currency, CancellationToken ct)
    {
        var money = Currency.Of(currency);
        var invoices = await db.Entries.AsNoTracking()
            .Where(e => e.Kind == EntryKind.Invoice && e.Currency == currency && e.OpenMinor > 0)
            .Select(e => new { e.Id, e.CustomerId, e.Document, e.OpenMinor, e.PostedOn, e.DueOn, e.TermsCode })
            .ToListAsync(ct);
        var terms = invoices.Select(e => e.TermsCode).OfType<string>().Distinct(StringComparer.Ordinal).ToDictionary(c => c, c => PaymentTerms.Parse(c).Value, StringComparer.Ordinal);
        var open = invoices.Select(e => Open(e.Id, e.CustomerId, e.Document, new Money(e.OpenMinor, money), e.PostedOn, e.DueOn, e.TermsCode is null ? null : terms[e.TermsCode])).ToList();
        var customerIds = open.Select(i => i.CustomerId).Distinct().ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Number, c.LegalName, c.TradingName }).ToListAsync(ct);
        // One lookup by customer: scanning every hint per customer was quadratic (20,000 customers x 14,000 hints).
        var hints = (await db.PayerHints.AsNoTracking().Where(h => customerIds.Contains(h.CustomerId)).Select(h => new { h.CustomerId, h.Kind, h.Value }).ToListAsync(ct))
            .ToLookup(h => (h.CustomerId, h.Kind), h => h.Value);
        var payers = customers.Select(c => new PayerProfile(
            c.Id,
            c.Number,
            [c.LegalName, .. c.TradingName is null ? Array.Empty<string>() : [c.TradingName], .. hints[(c.Id, "name")]],
            [.. hints[(c.Id, "account")]]));
        // ---- portal (issue 16): payment requests a buyer made, by their creditor reference (IPaymentRequests port) ----
        var requests = new List<RequestedPayment>();
        foreach (var source in requestSources)
        {
            requests.AddRange(await source.Waiting(currency, ct));
        }

        return new MatchBook(open, payers, requests);
    }
}
