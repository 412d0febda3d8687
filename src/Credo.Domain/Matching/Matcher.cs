namespace Credo.Domain.Matching;

/// <summary>
/// Decides one bank line: stage 1 finds the invoices its references name (invoice numbers in the text, ISO 11649
/// creditor references, the end-to-end id); stage 2 recognises the payer (an account it paid from before, its
/// customer number in the text, its name, fuzzily); stage 3 fits the amount (one invoice, several, a discount, a
/// short payment within tolerance, partial, over). Every candidate answer gets a score made of its evidence; the
/// best is applied only when it reaches the auto-apply threshold and no other answer comes within the ambiguity
/// margin. Pure: same facts, same decision.
/// </summary>
public static class Matcher
{
    public const int AmbiguityMargin = 10;

    public static MatchDecision Decide(BankLineFacts line, MatchBook book, MatchSettings settings, IReadOnlySet<string> refused)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(refused);
        if (!line.Amount.IsPositive)
        {
            return new(line.LineId, MatchOutcome.Unmatched, null, [], "Money paid out (or nothing), not a customer's payment: nothing to match.");
        }

        var referenced = ReferenceStage.Find(line, book);
        var payers = PayerStage.Find(line, book);
        var candidates = Candidates.Build(line, book, settings, referenced, payers)
            .Where(c => Safe(c, line, book))
            .ToList();
        // Portal (issue 16): a line quoting a buyer's payment request pays exactly that request's invoices.
        if (RequestStage.Find(line, book) is { } requested && Safe(requested, line, book))
        {
            candidates.RemoveAll(c => c.Signature == requested.Signature);
            candidates.Add(requested);
        }

        var dropped = candidates.RemoveAll(c => refused.Contains(c.Signature));
        candidates = [.. candidates.OrderByDescending(c => c.Score).ThenBy(c => c.Signature, StringComparer.Ordinal)];
        return Choose(line, candidates, settings, dropped);
    }

    private static MatchDecision Choose(BankLineFacts line, List<MatchAnswer> candidates, MatchSettings settings, int dropped)
    {
        var undone = dropped > 0 ? $" {dropped} answer(s) a person undid or rejected were not given again." : "";
        if (candidates.Count == 0)
        {
            return new(line.LineId, MatchOutcome.Unmatched, null, [], "No invoice, payer or amount pointed anywhere." + undone);
        }

        var best = candidates[0];
        var rivals = candidates.Skip(1).Where(c => best.Score - c.Score < AmbiguityMargin).ToList();
        var alternatives = candidates.Skip(1).Take(4).ToList();
        if (best.Score >= settings.AutoApplyScore && rivals.Count == 0)
        {
            return new(line.LineId, MatchOutcome.Apply, best, alternatives, $"Applied: score {best.Score} of at least {settings.AutoApplyScore}, no other answer close." + undone);
        }

        if (best.Score >= settings.SuggestScore)
        {
            var why = rivals.Count > 0
                ? $"Suggested, not applied: {rivals.Count + 1} answers are about equally good (scores {string.Join(", ", candidates.Take(rivals.Count + 1).Select(c => c.Score))})."
                : $"Suggested: score {best.Score}, below {settings.AutoApplyScore} for applying without a person.";
            return new(line.LineId, MatchOutcome.Suggest, best, alternatives, why + undone);
        }

        return new(line.LineId, MatchOutcome.Unmatched, null, [.. candidates.Take(5)], $"Unmatched: the best answer scores {best.Score}, below {settings.SuggestScore}." + undone);
    }

    /// <summary>
    /// The invariants, checked on every answer before it leaves the matcher: one customer, the line's currency, no
    /// invoice paid beyond its open amount, no more allocated than the line.
    /// </summary>
    public static bool Safe(MatchAnswer answer, BankLineFacts line, MatchBook book)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(book);
        var total = 0L;
        foreach (var allocation in answer.Allocations)
        {
            if (!book.Invoices.TryGetValue(allocation.InvoiceId, out var invoice) || invoice.CustomerId != answer.CustomerId
                || invoice.Open.Currency != line.Amount.Currency || allocation.Amount.Currency != line.Amount.Currency
                || !allocation.Amount.IsPositive || allocation.Amount.Minor > invoice.Open.Minor)
            {
                return false;
            }

            total += allocation.Amount.Minor;
        }

        return answer.Allocations.Select(a => a.InvoiceId).Distinct().Count() == answer.Allocations.Count
            && total <= line.Amount.Minor
            && answer.OnAccount.Currency == line.Amount.Currency
            && total + answer.OnAccount.Minor == line.Amount.Minor;
    }
}
