namespace Credo.Domain.Matching;

/// <summary>Stage 3 and the score: candidate answers from the references, the payers, or the amount alone.</summary>
internal static class Candidates
{
    public static IEnumerable<MatchAnswer> Build(BankLineFacts line, MatchBook book, MatchSettings settings, Dictionary<long, Evidence> referenced, Dictionary<long, List<Evidence>> payers)
    {
        var answers = new List<MatchAnswer>();
        foreach (var group in referenced.Keys.Select(id => book.Invoices[id]).GroupBy(i => i.CustomerId))
        {
            var invoices = group.ToList();
            var fit = AmountFit.Of(line.Amount, invoices, line.BookedOn, settings.ToleranceMinor);
            // The strongest reference counts in full; each further invoice named adds 5, at most 10.
            var referenceEvidence = invoices.Select(i => referenced[i.Id]).OrderByDescending(e => e.Points).ThenBy(e => e.Said, StringComparer.Ordinal)
                .Select((e, n) => e with { Points = n == 0 ? e.Points : n <= 2 ? 5 : 0 }).ToList();
            List<Evidence> evidence = [.. referenceEvidence, .. Conflicts(group.Key, payers, book)];
            answers.AddRange(fit.Kind switch
            {
                FitKind.Over => Completed(line, book, settings, invoices, fit, evidence, payers),
                FitKind.Partial => PartialOrOther(line, book, settings, invoices, fit, evidence, payers),
                FitKind.Exact or FitKind.Discount or FitKind.WithinTolerance => [Answer(group.Key, book, fit, evidence, payers)],
            });
        }

        foreach (var (customerId, _) in payers.Where(p => !answers.Any(a => a.CustomerId == p.Key)))
        {
            answers.AddRange(FromPayer(line, book, settings, customerId, payers));
        }

        if (answers.Count == 0)
        {
            answers.AddRange(AmountOnly(line, book));
        }

        return answers;
    }

    private static IEnumerable<MatchAnswer> FromPayer(BankLineFacts line, MatchBook book, MatchSettings settings, long customerId, Dictionary<long, List<Evidence>> payers)
    {
        var open = book.ByCustomer.TryGetValue(customerId, out var list) ? book.Live(list).Where(i => i.Open.Currency == line.Amount.Currency).ToList() : [];
        if (open.Count == 0)
        {
            yield return Answer(customerId, book, new Fit(FitKind.Over, [], line.Amount, $"{book.NumberOf(customerId)} has nothing open in {line.Amount.Currency.Code}: all on account"), [], payers);
            yield break;
        }

        var subsets = AmountFit.ExactSets(line.Amount, open, line.BookedOn, settings.MaxSubsetSize, settings.MaxSubsetInvoices);
        if (subsets.Count == 0)
        {
            yield return Answer(customerId, book, AmountFit.Of(line.Amount, open, line.BookedOn, settings.ToleranceMinor), [], payers);
            yield break;
        }

        // A payer recognised by more than a name, and one set of its invoices alone adding up to the line: that is evidence too.
        var strongPayer = payers.TryGetValue(customerId, out var said) && said.Sum(e => e.Points) >= 35;
        List<Evidence> only = subsets.Count == 1 && strongPayer
            ? [new Evidence("amount", $"no other set of {book.NumberOf(customerId)}'s open invoices adds up to {line.Amount.ToDisplayString()}", 20)]
            : [];
        foreach (var subset in subsets)
        {
            yield return Answer(customerId, book, AmountFit.Of(line.Amount, subset, line.BookedOn, settings.ToleranceMinor), only, payers);
        }
    }

    /// <summary>
    /// The named invoices leave money over. When the rest is exactly what is open on one set of the customer's other
    /// invoices, that set is the likelier answer (its numbers often are in the text, too short to count alone: "#73");
    /// the plain answer, the rest on account, stays as a weaker alternative.
    /// </summary>
    private static IEnumerable<MatchAnswer> Completed(BankLineFacts line, MatchBook book, MatchSettings settings, List<OpenInvoice> named, Fit fit, List<Evidence> evidence, Dictionary<long, List<Evidence>> payers)
    {
        var customerId = named[0].CustomerId;
        var others = Others(line, book, customerId, named);
        var sets = AmountFit.ExactSets(fit.OnAccount, others, line.BookedOn, 3, settings.MaxSubsetInvoices);
        if (sets.Count == 0)
        {
            yield return Answer(customerId, book, fit, evidence, payers);
            yield break;
        }

        var digits = References.Tokens(line.Remittance).Select(t => t.Digits).Where(d => d.Length > 0).ToHashSet(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            var completion = set.Select(i => digits.Contains(References.DigitsKey(i.Number))
                ? new Evidence("reference", $"the number of {i.Number} in the remittance, too short to count alone, and its open amount completes the line", 5)
                : new Evidence("amount", $"{i.Number} is not named in the text, but its open amount completes the line: a person decides", -40));
            yield return Answer(customerId, book, AmountFit.Of(line.Amount, [.. named, .. set], line.BookedOn, settings.ToleranceMinor), [.. evidence, .. completion], payers);
        }

        var explained = string.Join(" or ", sets.Select(s => string.Join(" + ", s.Select(i => i.Number))));
        yield return Answer(customerId, book, fit, [.. evidence, new Evidence("amount", $"the rest is exactly what is open on {explained}: on account only if a person says so", -20)], payers);
    }

    /// <summary>
    /// The named invoices are paid only in part. When the amount is exactly what is open on other invoices of the same
    /// customer (a typo naming the wrong one of its invoices), those compete and the partial answer loses points.
    /// </summary>
    private static IEnumerable<MatchAnswer> PartialOrOther(BankLineFacts line, MatchBook book, MatchSettings settings, List<OpenInvoice> named, Fit fit, List<Evidence> evidence, Dictionary<long, List<Evidence>> payers)
    {
        var customerId = named[0].CustomerId;
        var sets = AmountFit.ExactSets(line.Amount, Others(line, book, customerId, named), line.BookedOn, 2, settings.MaxSubsetInvoices);
        if (sets.Count == 0)
        {
            return [Answer(customerId, book, fit, evidence, payers)];
        }

        var explained = string.Join(" or ", sets.Select(s => string.Join(" + ", s.Select(i => i.Number))));
        return [
            Answer(customerId, book, fit, [.. evidence, new Evidence("amount", $"the amount is exactly what is open on {explained}, which the text does not name", -20)], payers),
            .. sets.Select(set => Answer(customerId, book, AmountFit.Of(line.Amount, set, line.BookedOn, settings.ToleranceMinor), [], payers)),
        ];
    }

    private static List<OpenInvoice> Others(BankLineFacts line, MatchBook book, long customerId, List<OpenInvoice> named) =>
        book.ByCustomer.TryGetValue(customerId, out var list)
            ? [.. book.Live(list).Where(i => i.Open.Currency == line.Amount.Currency && !named.Any(n => n.Id == i.Id))]
            : [];

    /// <summary>Nothing names an invoice or a payer: invoices whose open (or discounted) amount is exactly the line's. Never enough to apply alone.</summary>
    private static IEnumerable<MatchAnswer> AmountOnly(BankLineFacts line, MatchBook book)
    {
        var same = book.WithAmount(line.Amount.Minor)
            .Where(i => i.Open.Currency == line.Amount.Currency && (i.Open == line.Amount || AmountFit.Discounted(i, line.BookedOn) == line.Amount))
            .OrderBy(i => i.Id).Take(6).ToList();
        return same.Select(i =>
        {
            var fit = AmountFit.Of(line.Amount, [i], line.BookedOn, 0);
            var points = same.Count == 1 ? 45 : 30;
            return new MatchAnswer(i.CustomerId, book.NumberOf(i.CustomerId), fit.Allocations, fit.OnAccount, points,
                [new Evidence("amount", $"only the amount: {fit.Said}" + (same.Count > 1 ? $" (one of {same.Count} invoices with that amount)" : ""), points)]);
        });
    }

    private static List<Evidence> Conflicts(long customerId, Dictionary<long, List<Evidence>> payers, MatchBook book)
    {
        var others = payers.Where(p => p.Key != customerId && p.Value.Sum(e => e.Points) >= 30).Select(p => book.NumberOf(p.Key)).ToList();
        return others.Count == 0 || payers.ContainsKey(customerId)
            ? []
            : [new Evidence("payer", $"the payer looks like {string.Join(", ", others)}, not the invoice's customer", -25)];
    }

    /// <summary>The score is the sum of the evidence's points: payer evidence counts up to 45 in all; the amount's fit adds 5 (partial) to 35 (exact, or exact less a discount within terms).</summary>
    private static MatchAnswer Answer(long customerId, MatchBook book, Fit fit, List<Evidence> evidence, Dictionary<long, List<Evidence>> payers)
    {
        var left = 45;
        var payerEvidence = (payers.TryGetValue(customerId, out var own) ? own : []).OrderByDescending(e => e.Points).Select(e =>
        {
            var points = Math.Min(left, e.Points);
            left -= points;
            return e with { Points = points };
        }).ToList();
        var amountPoints = fit.Kind switch
        {
            FitKind.Exact => 35,
            FitKind.Discount => 35,
            FitKind.WithinTolerance => 30,
            FitKind.Over => 10,
            FitKind.Partial => 5,
        };
        List<Evidence> all = [.. evidence, .. payerEvidence, new Evidence("amount", fit.Said, amountPoints)];
        var score = Math.Clamp(all.Sum(e => e.Points), 0, 100);
        return new MatchAnswer(customerId, book.NumberOf(customerId), fit.Allocations, fit.OnAccount, score, all) { Fit = fit.Kind };
    }
}
