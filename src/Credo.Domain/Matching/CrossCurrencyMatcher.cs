using Credo.Domain.Amounts;
using Credo.Domain.Credit;

namespace Credo.Domain.Matching;

/// <summary>
/// Settings for lines paying invoices in another currency: a difference between the converted amount and what is
/// owed of at most <see cref="ToleranceBasisPoints"/> of the owed amount (100 = 1 %) settles the invoices, the rest
/// posted as a realised exchange difference; a rate older than <see cref="MaxRateAgeDays"/> days is not the day's rate.
/// </summary>
public sealed record ExchangeMatchSettings(int ToleranceBasisPoints = 100, int MaxRateAgeDays = 7)
{
    public static ExchangeMatchSettings Default { get; } = new();
}

/// <summary>A cross-currency decision: the line's decision and, when it applies or suggests an answer, the conversion it rests on.</summary>
public sealed record ExchangeDecision(MatchDecision Decision, ExchangeSettlement? Settlement);

/// <summary>
/// Stage 3 across currencies (issue 15): a line in one currency paying invoices in another (a EUR line for a USD
/// invoice). Only invoices its references name are considered (an amount alone means nothing across currencies);
/// the line's amount is converted at the rate in effect on its value date from the rate history. Within the
/// tolerance the invoices are settled in full and the rest is the realised exchange difference; beyond it the
/// converted amount pays oldest first (or leaves the rest on account) and a person decides. A missing or stale rate
/// is said plainly and the line waits for a person: a rate is never taken as 1 or 0. Pure: same facts, same decision.
/// </summary>
public static class CrossCurrencyMatcher
{
    private sealed record Candidate(MatchAnswer Answer, ExchangeSettlement? Settlement, bool Automatic, string? Waits);

    /// <param name="otherCurrencies">Open invoices in currencies other than the line's.</param>
    /// <param name="sameCurrencyBest">The best answer the matcher found in the line's own currency, if any (it competes).</param>
    /// <returns>Null when no invoice in another currency is named, or the line's own-currency answer is at least as good.</returns>
    public static ExchangeDecision? Decide(
        BankLineFacts line, MatchBook otherCurrencies, RateTable rates, MatchSettings settings, ExchangeMatchSettings exchange, IReadOnlySet<string> refused, MatchAnswer? sameCurrencyBest)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(otherCurrencies);
        ArgumentNullException.ThrowIfNull(rates);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(refused);
        if (!line.Amount.IsPositive)
        {
            return null;
        }

        var candidates = otherCurrencies.Invoices.Values.Select(i => i.Open.Currency).Where(c => c != line.Amount.Currency).Distinct()
            .SelectMany(c => InCurrency(line, c, otherCurrencies, rates, exchange))
            .Where(c => !refused.Contains(c.Answer.Signature))
            .OrderByDescending(c => c.Answer.Score).ThenBy(c => c.Answer.Signature, StringComparer.Ordinal).ToList();
        if (candidates.Count == 0 || (sameCurrencyBest is not null && sameCurrencyBest.Score >= candidates[0].Answer.Score))
        {
            return null;
        }

        return Choose(line, candidates, settings, sameCurrencyBest);
    }

    private static ExchangeDecision? Choose(BankLineFacts line, List<Candidate> candidates, MatchSettings settings, MatchAnswer? sameCurrencyBest)
    {
        var best = candidates[0];
        var alternatives = candidates.Skip(1).Select(c => c.Answer).Concat(sameCurrencyBest is null ? [] : [sameCurrencyBest]).OrderByDescending(a => a.Score).ToList();
        if (best.Waits is { } waits)
        {
            return new(new MatchDecision(line.LineId, MatchOutcome.Unmatched, null, [best.Answer, .. alternatives.Take(4)], waits), null);
        }

        var rivals = alternatives.Count(a => best.Answer.Score - a.Score < Matcher.AmbiguityMargin);
        var words = $" Paid in {line.Amount.Currency.Code} for invoices in {best.Settlement!.Owed.Currency.Code}: {best.Settlement.Words}.";
        if (best.Automatic && rivals == 0 && best.Answer.Score >= settings.AutoApplyScore)
        {
            return new(new MatchDecision(line.LineId, MatchOutcome.Apply, best.Answer, [.. alternatives.Take(4)], $"Applied: score {best.Answer.Score} of at least {settings.AutoApplyScore}, no other answer close." + words), best.Settlement);
        }

        if (best.Answer.Score < settings.SuggestScore)
        {
            return null;
        }

        var why = rivals > 0 ? $"Suggested, not applied: {rivals + 1} answers are about equally good."
            : !best.Automatic ? "Suggested, not applied: the converted amount is beyond the tolerance for rate differences."
            : $"Suggested: score {best.Answer.Score}, below {settings.AutoApplyScore} for applying without a person.";
        return new(new MatchDecision(line.LineId, MatchOutcome.Suggest, best.Answer, [.. alternatives.Take(4)], why + words), best.Settlement);
    }

    /// <summary>The answers among the invoices in <paramref name="currency"/> that the line's references name, one per customer.</summary>
    private static IEnumerable<Candidate> InCurrency(BankLineFacts line, Currency currency, MatchBook book, RateTable rates, ExchangeMatchSettings exchange)
    {
        // The reference and payer stages read the line as if it were in the invoices' currency (they look at its currency only).
        var probe = line with { Amount = new Money(line.Amount.Minor, currency) };
        var referenced = ReferenceStage.Find(probe, book);
        if (referenced.Count == 0)
        {
            yield break;
        }

        var payers = PayerStage.Find(probe, book);
        var rate = rates.InEffect(line.Amount.Currency.Code, currency.Code, line.BookedOn);
        foreach (var group in referenced.Keys.Select(id => book.Invoices[id]).GroupBy(i => i.CustomerId))
        {
            var invoices = group.OrderBy(i => i.DueOn).ThenBy(i => i.Id).ToList();
            List<Evidence> evidence = [.. ReferenceEvidence(invoices, referenced), .. PayerEvidence(payers.GetValueOrDefault(group.Key) ?? [])];
            yield return rate is { } r && line.BookedOn.DayNumber - r.EffectiveOn.DayNumber <= exchange.MaxRateAgeDays
                ? Converted(line, book, group.Key, invoices, Conversion.At(line.Amount, r.Rate, r.EffectiveOn, currency), evidence, exchange)
                : Waiting(line, book, group.Key, invoices, currency, rate?.EffectiveOn, evidence, exchange);
        }
    }

    private static Candidate Converted(BankLineFacts line, MatchBook book, long customerId, List<OpenInvoice> invoices, Conversion conversion, List<Evidence> evidence, ExchangeMatchSettings exchange)
    {
        var owed = new Money(invoices.Sum(i => i.Open.Minor), conversion.Converted.Currency);
        var numbers = string.Join(", ", invoices.Select(i => i.Number));
        var settlement = ExchangeSettlement.Of(conversion, owed);
        var tolerance = ExchangeSettlement.Tolerance(exchange.ToleranceBasisPoints);
        var rateSaid = $"the {line.Amount.Currency.Code} to {owed.Currency.Code} rate in effect on {line.BookedOn:yyyy-MM-dd} (recorded for {conversion.RateOn:yyyy-MM-dd})";
        if (settlement.Within(exchange.ToleranceBasisPoints))
        {
            var said = $"{settlement.Words} against {owed.ToDisplayString()} open on {numbers}, at {rateSaid}: within the {tolerance} tolerance for rate differences";
            return new(Answer(customerId, book, [.. invoices.Select(i => new InvoiceAllocation(i.Id, i.Number, i.Open))], owed with { Minor = 0 }, [.. evidence, new Evidence("amount", said, 30)], FitKind.Exact), settlement, true, null);
        }

        var fit = AmountFit.Of(conversion.Converted, invoices, line.BookedOn, 0);
        var apart = $"{conversion.Words} against {owed.ToDisplayString()} open on {numbers}, at {rateSaid}: {settlement.Difference.Abs().ToDisplayString()} apart, beyond the {tolerance} tolerance; {fit.Said}";
        return new(Answer(customerId, book, fit.Allocations, fit.OnAccount, [.. evidence, new Evidence("amount", apart, 0)], fit.Kind), ExchangeSettlement.Without(conversion), false, null);
    }

    private static Candidate Waiting(BankLineFacts line, MatchBook book, long customerId, List<OpenInvoice> invoices, Currency currency, DateOnly? stale, List<Evidence> evidence, ExchangeMatchSettings exchange)
    {
        var owed = new Money(invoices.Sum(i => i.Open.Minor), currency);
        var numbers = string.Join(", ", invoices.Select(i => i.Number));
        var missing = stale is { } on
            ? $"the latest {line.Amount.Currency.Code} to {currency.Code} rate is of {on:yyyy-MM-dd}, more than {exchange.MaxRateAgeDays} days before the value date {line.BookedOn:yyyy-MM-dd}"
            : $"there is no {line.Amount.Currency.Code} to {currency.Code} exchange rate in effect on the value date {line.BookedOn:yyyy-MM-dd}";
        var waits = $"Waits for a person: {line.Amount.ToDisplayString()} names {numbers} ({owed.ToDisplayString()} open), but {missing}. Record the day's rate, then match the line again; a missing rate is never taken as 1.";
        var answer = Answer(customerId, book, [], owed with { Minor = 0 }, [.. evidence, new Evidence("amount", "no rate to convert the amount with", 0)], FitKind.Partial);
        return new(answer, null, false, waits);
    }

    private static IEnumerable<Evidence> ReferenceEvidence(List<OpenInvoice> invoices, Dictionary<long, Evidence> referenced) =>
        invoices.Select(i => referenced[i.Id]).OrderByDescending(e => e.Points).ThenBy(e => e.Said, StringComparer.Ordinal)
            .Select((e, n) => e with { Points = n == 0 ? e.Points : n <= 2 ? 5 : 0 });

    /// <summary>Payer evidence counts up to 45 in all, as in the line's own currency.</summary>
    private static List<Evidence> PayerEvidence(List<Evidence> own)
    {
        var left = 45;
        return [.. own.OrderByDescending(e => e.Points).Select(e =>
        {
            var points = Math.Min(left, e.Points);
            left -= points;
            return e with { Points = points };
        })];
    }

    private static MatchAnswer Answer(long customerId, MatchBook book, IReadOnlyList<InvoiceAllocation> allocations, Money onAccount, List<Evidence> evidence, FitKind fit) =>
        new(customerId, book.NumberOf(customerId), allocations, onAccount, Math.Clamp(evidence.Sum(e => e.Points), 0, 100), evidence) { Fit = fit };

    /// <summary>
    /// The invariants of a cross-currency answer: one customer, every allocation in the invoices' currency and within
    /// an invoice's open amount, allocations plus on account equal to what the settlement says is owed, and the
    /// converted amount plus the exchange difference equal to it too.
    /// </summary>
    public static bool Safe(MatchAnswer answer, ExchangeSettlement settlement, MatchBook book)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(settlement);
        ArgumentNullException.ThrowIfNull(book);
        var currency = settlement.Owed.Currency;
        var allocationsOk = answer.Allocations.All(a => book.Invoices.TryGetValue(a.InvoiceId, out var i) && i.CustomerId == answer.CustomerId
            && i.Open.Currency == currency && a.Amount.Currency == currency && a.Amount.IsPositive && a.Amount.Minor <= i.Open.Minor);
        return allocationsOk && answer.OnAccount.Currency == currency
            && answer.Allocations.Sum(a => a.Amount.Minor) + answer.OnAccount.Minor == settlement.Owed.Minor
            && settlement.Conversion.Converted.Minor + settlement.Difference.Minor == settlement.Owed.Minor;
    }
}
