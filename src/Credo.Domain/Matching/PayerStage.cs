namespace Credo.Domain.Matching;

/// <summary>Stage 2: which customers the payer may be, each with its evidence.</summary>
internal static class PayerStage
{
    private const int RareWord = 200;
    private const int CommonWord = 2_000;

    public static Dictionary<long, List<Evidence>> Find(BankLineFacts line, MatchBook book)
    {
        var found = new Dictionary<long, List<Evidence>>();
        if (line.PayerAccount is { } account && book.ByAccount.TryGetValue(MatchBook.Account(account), out var owners))
        {
            owners.ForEach(c => Add(found, c, new Evidence("payer", $"paid from account {account}, which {book.NumberOf(c)} has paid from before", 35)));
        }

        var text = string.Join(' ', new[] { line.Remittance, line.EndToEndId ?? "" }.Concat(line.StructuredReferences));
        foreach (var (raw, full, _) in References.Tokens(text).DistinctBy(t => t.Full))
        {
            if (full.Length >= 4 && book.ByNumber.TryGetValue(full, out var numbered))
            {
                numbered.ForEach(c => Add(found, c, new Evidence("payer", $"customer number {book.NumberOf(c)} in the text ('{raw}')", 30)));
            }
        }

        if (line.PayerName is { Length: > 0 } name)
        {
            Names(found, book, name);
        }

        return found;
    }

    /// <summary>Fuzzy names, blocked: only customers sharing a word of three letters or more with the payer's name are compared.</summary>
    private static void Names(Dictionary<long, List<Evidence>> found, MatchBook book, string name)
    {
        // The rarer a word, the better it blocks: customers sharing a word of the payer's that few customers have; a
        // name made only of common words ("CITY FOODS") is compared with the customers of its rarest word, if not too many.
        var lists = PayerNames.Normalise(name).Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= 3).Distinct(StringComparer.Ordinal)
            .Select(w => book.ByNameWord.TryGetValue(w, out var ids) ? ids : null).OfType<List<long>>().OrderBy(l => l.Count).ToList();
        var rare = lists.Where(l => l.Count <= RareWord).ToList();
        var prepared = PayerNames.Prepare(name);
        var candidates = (rare.Count > 0 ? rare : lists.Take(1).Where(l => l.Count <= CommonWord)).SelectMany(l => l).Distinct();
        foreach (var customerId in candidates)
        {
            var payer = book.Payers[customerId];
            var (score, closest) = payer.Names.Select(n => (Score: PayerNames.Similarity(prepared, book.PreparedName(n)), Name: n)).MaxBy(x => x.Score);
            var points = score switch
            {
                >= 90 => 30,
                >= 80 => 20,
                >= 70 => 10,
                _ => 0,
            };
            if (points > 0)
            {
                Add(found, customerId, new Evidence("payer", $"payer name '{name}' is {score} % like '{closest}' ({payer.Number})", points));
            }
        }
    }

    private static void Add(Dictionary<long, List<Evidence>> found, long customerId, Evidence evidence)
    {
        if (!found.TryGetValue(customerId, out var list))
        {
            found[customerId] = list = [];
        }

        if (!list.Any(e => e.Said == evidence.Said))
        {
            list.Add(evidence);
        }
    }
}
