using Credo.Domain.Amounts;
using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Ledger;
using Credo.Domain.Matching;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.CashApplication;

/// <summary>
/// Lines paying invoices in another currency (issue 15, stage 3), beside the matcher in the line's own currency: for
/// a line the matcher did not apply, <see cref="CrossCurrencyMatcher"/> looks at the invoices in other currencies its
/// references name, at the rate in effect on the value date (the rate history, ADR 0009's table); its decision is
/// written here (applied through <see cref="ApplyCrossCurrencyLine"/>, suggested with the conversion it rests on, or
/// left waiting for a person with the missing rate said). The other currencies' invoices and the rates are read once
/// per run and line currency, and only when a line was not applied.
/// </summary>
internal sealed class CrossCurrencyLines(CreditDb db, ApplyCrossCurrencyLine apply, IOptions<CashApplicationOptions> options, IOptions<CashExchangeOptions> exchange)
{
    private readonly Dictionary<string, (MatchBook Book, RateTable Rates)> loaded = new(StringComparer.Ordinal);

    /// <summary>The decision across currencies for a line the matcher did not apply, or null when it names no invoice in another currency (or its own answer is better).</summary>
    public async Task<CrossCurrencyDecided?> Decide(BankLine line, MatchDecision sameCurrency, IReadOnlySet<string> refused, CancellationToken ct)
    {
        if (line.AmountMinor <= 0 || sameCurrency.Outcome == MatchOutcome.Apply)
        {
            return null;
        }

        var (book, rates) = await Load(line.Currency, ct);
        if (book.Invoices.Count == 0)
        {
            return null;
        }

        var facts = MatchBankLines.Facts(line) with { BookedOn = line.ValueOn ?? line.BookedOn };
        var decided = CrossCurrencyMatcher.Decide(facts, book, rates, options.Value.ToSettings(), exchange.Value.ToSettings(), refused, sameCurrency.Answer);
        if (decided?.Decision is { Outcome: MatchOutcome.Apply, Answer: { } answer })
        {
            book.Applied(facts, answer);
        }

        return decided is null ? null : new CrossCurrencyDecided(line, decided);
    }

    /// <summary>Writes each line's decision in its own transaction; what it did, counted as a batch would be.</summary>
    public async Task<BatchOutcome> Write(IReadOnlyList<CrossCurrencyDecided> lines, CancellationToken ct)
    {
        var outcome = new BatchOutcome(0, 0, 0, 0);
        foreach (var item in lines)
        {
            var status = await Write(item, 1, null, ct);
            outcome = status switch
            {
                BankLineStatus.Applied => outcome with { Applied = outcome.Applied + 1 },
                BankLineStatus.Suggested => outcome with { Suggested = outcome.Suggested + 1 },
                BankLineStatus.Unmatched => outcome with { Unmatched = outcome.Unmatched + 1 },
                null => outcome with { Changed = outcome.Changed + 1 },
            };
            db.ChangeTracker.Clear();
        }

        return outcome;
    }

    /// <summary>One line's decision as its <paramref name="sequence"/>th; null when someone decided the line meanwhile.</summary>
    public async Task<BankLineStatus?> Write(CrossCurrencyDecided item, int sequence, string? said, CancellationToken ct)
    {
        var (line, decided) = item;
        var row = Row(line, decided.Decision, sequence, said);
        var conversion = decided.Settlement is { } s ? Conversion(line, s) : null;
        if (decided.Decision is { Outcome: MatchOutcome.Apply, Answer: { } answer })
        {
            var failed = await apply.Apply(line, answer.CustomerNumber, Allocations(answer), conversion!, row, ct);
            if (failed is null || failed.Code == "line-changed")
            {
                return failed is null ? BankLineStatus.Applied : null;
            }

            row = LineDecisions.NotApplied(row, failed);
            conversion = Conversion(line, decided.Settlement!);
        }

        return await apply.Record(row, conversion, ct) is null ? row.Status : null;
    }

    /// <summary>A person confirms a cross-currency suggestion: posted as suggested, with the conversion the suggestion showed.</summary>
    public async Task<Result<long>> Confirm(BankLine line, string customerNumber, BankLineDecision suggestion, BankLineExchange shown, CancellationToken ct)
    {
        var decision = new BankLineDecision
        {
            LineId = line.Id, Sequence = suggestion.Sequence + 1, Status = BankLineStatus.Applied, Action = "confirmed", CustomerId = suggestion.CustomerId,
            Score = suggestion.Score, Signature = suggestion.Signature, Allocations = suggestion.Allocations,
            Evidence = $"Confirmed by {db.Actor.Name}.\n{suggestion.Evidence}", AtUtc = db.UtcNow, By = db.Actor.Name,
        };
        var (allocations, _) = LineDecisions.ReadAllocations(suggestion.Allocations);
        var conversion = Copy(shown);
        var failed = await apply.Apply(line, customerNumber, [.. allocations.Select(a => new PaymentAllocation(a.Invoice, a.Minor))], conversion, decision, ct);
        return failed is null ? line.Id : failed;
    }

    private static List<PaymentAllocation> Allocations(MatchAnswer answer) => [.. answer.Allocations.Select(a => new PaymentAllocation(a.InvoiceNumber, a.Amount.Minor))];

    private BankLineExchange Conversion(BankLine line, ExchangeSettlement settlement) => new()
    {
        LineId = line.Id, PaidMinor = settlement.Conversion.Paid.Minor, PaidCurrency = settlement.Conversion.Paid.Currency.Code, Rate = settlement.Conversion.Rate,
        RateEffectiveOn = settlement.Conversion.RateOn, ValueOn = line.ValueOn ?? line.BookedOn, Currency = settlement.Owed.Currency.Code,
        ConvertedMinor = settlement.Conversion.Converted.Minor, OwedMinor = settlement.Owed.Minor, DifferenceMinor = settlement.Difference.Minor, AtUtc = db.UtcNow,
    };

    private BankLineExchange Copy(BankLineExchange shown) => new()
    {
        LineId = shown.LineId, PaidMinor = shown.PaidMinor, PaidCurrency = shown.PaidCurrency, Rate = shown.Rate, RateEffectiveOn = shown.RateEffectiveOn, ValueOn = shown.ValueOn,
        Currency = shown.Currency, ConvertedMinor = shown.ConvertedMinor, OwedMinor = shown.OwedMinor, DifferenceMinor = shown.DifferenceMinor, AtUtc = db.UtcNow,
    };

    private BankLineDecision Row(BankLine line, MatchDecision decision, int sequence, string? said) => LineDecisions.ByEngine(line, decision, db.UtcNow, sequence, said);

    /// <summary>Open invoices in every currency but the line's, their customers as payers, and the rates between them, once per line currency.</summary>
    private async Task<(MatchBook Book, RateTable Rates)> Load(string lineCurrency, CancellationToken ct)
    {
        if (loaded.TryGetValue(lineCurrency, out var done))
        {
            return done;
        }

        var invoices = await db.Entries.AsNoTracking()
            .Where(e => e.Kind == EntryKind.Invoice && e.Currency != lineCurrency && e.OpenMinor > 0)
            .Select(e => new { e.Id, e.CustomerId, e.Document, e.Currency, e.OpenMinor, e.PostedOn, e.DueOn, e.TermsCode })
            .ToListAsync(ct);
        var open = invoices.Select(e => MatchBankLines.Open(e.Id, e.CustomerId, e.Document, new Money(e.OpenMinor, Currency.Of(e.Currency)), e.PostedOn, e.DueOn, e.TermsCode)).ToList();
        var book = new MatchBook(open, await Payers([.. open.Select(i => i.CustomerId).Distinct()], ct));
        var rates = open.Count == 0 ? RateTable.Empty : await db.Rates([lineCurrency, .. invoices.Select(i => i.Currency).Distinct()], ct);
        loaded[lineCurrency] = (book, rates);
        return (book, rates);
    }

    /// <summary>The customers as payers are recognised (names, aliases and accounts learned), as the matcher's own book reads them.</summary>
    private async Task<List<PayerProfile>> Payers(List<long> customerIds, CancellationToken ct)
    {
        var customers = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).Select(c => new { c.Id, c.Number, c.LegalName, c.TradingName }).ToListAsync(ct);
        var hints = await db.PayerHints.AsNoTracking().Where(h => customerIds.Contains(h.CustomerId)).ToListAsync(ct);
        return [.. customers.Select(c => new PayerProfile(
            c.Id,
            c.Number,
            [c.LegalName, .. c.TradingName is null ? Array.Empty<string>() : [c.TradingName], .. hints.Where(h => h.CustomerId == c.Id && h.Kind == "name").Select(h => h.Value)],
            [.. hints.Where(h => h.CustomerId == c.Id && h.Kind == "account").Select(h => h.Value)]))];
    }
}
