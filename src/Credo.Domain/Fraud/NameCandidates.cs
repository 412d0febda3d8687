namespace Credo.Domain.Fraud;

/// <summary>
/// A pre-filter for <see cref="SimilarNames.Find"/> over a large book: it returns a superset of the customers whose
/// normalised name can reach the similarity threshold, so the exact comparison runs on a handful instead of the whole
/// book. Two proven bounds, both lossless:
/// <list type="bullet">
/// <item>length: similarity ≥ t needs t·|a| ≤ |b| ≤ |a|/t (the edit distance is at least the length difference);</item>
/// <item>trigrams (the q-gram lemma): names padded with two spaces at each end have |a|+2 trigrams, and one edit
/// destroys at most 3, so a candidate within distance d shares at least |a| + 2 − 3d of them (counted with
/// multiplicity; counted distinct, the applicant's repeated trigrams are subtracted too).</item>
/// </list>
/// When the trigram bound is not positive (very short names, low thresholds) only the length bound prunes.
/// Not thread-safe: the caller serialises access.
/// </summary>
public sealed class NameCandidates
{
    private readonly List<Entry> entries = [];
    private readonly Dictionary<string, int> slotById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> postings = new(StringComparer.Ordinal);
    private readonly Dictionary<int, List<int>> byLength = [];

    public int Count => slotById.Count;

    /// <summary>Adds a customer's name, or replaces it (the old name stops matching).</summary>
    public void Upsert(string customerId, string name)
    {
        if (slotById.TryGetValue(customerId, out var old))
        {
            if (entries[old].Name == name)
            {
                return;
            }

            entries[old] = entries[old] with { Alive = false };
        }

        var normalised = SimilarNames.Normalise(name);
        var slot = entries.Count;
        entries.Add(new Entry(customerId, name, normalised, true));
        slotById[customerId] = slot;
        foreach (var gram in Trigrams(normalised).Distinct())
        {
            if (!postings.TryGetValue(gram, out var list))
            {
                postings[gram] = list = [];
            }

            list.Add(slot);
        }

        if (!byLength.TryGetValue(normalised.Length, out var sameLength))
        {
            byLength[normalised.Length] = sameLength = [];
        }

        sameLength.Add(slot);
    }

    /// <summary>The customers that may be within <paramref name="threshold"/> of <paramref name="applicantName"/>, in no order.</summary>
    public IReadOnlyList<ExistingCustomer> Candidates(string applicantName, decimal threshold = SimilarNames.DefaultThreshold)
    {
        var a = SimilarNames.Normalise(applicantName);
        if (a.Length == 0 || threshold <= 0)
        {
            return [.. entries.Where(e => e.Alive).Select(e => new ExistingCustomer(e.CustomerId, e.Name))];
        }

        var minLength = (int)Math.Ceiling(threshold * a.Length);
        var maxLength = (int)Math.Floor(a.Length / threshold);
        var maxDistance = (int)Math.Floor((1 - threshold) * maxLength);
        var grams = Trigrams(a);
        var distinct = grams.Distinct().ToList();
        var required = grams.Count - (3 * maxDistance) - (grams.Count - distinct.Count);
        IEnumerable<int> slots;
        if (required <= 0)
        {
            slots = Enumerable.Range(minLength, Math.Max(0, maxLength - minLength + 1))
                .SelectMany(length => byLength.TryGetValue(length, out var list) ? list : []);
        }
        else
        {
            var shared = new Dictionary<int, int>();
            foreach (var gram in distinct)
            {
                if (postings.TryGetValue(gram, out var list))
                {
                    foreach (var slot in list)
                    {
                        shared[slot] = shared.GetValueOrDefault(slot) + 1;
                    }
                }
            }

            slots = shared.Where(kv => kv.Value >= required).Select(kv => kv.Key);
        }

        return [.. slots
            .Select(s => entries[s])
            .Where(e => e.Alive && e.Normalised.Length >= minLength && e.Normalised.Length <= maxLength)
            .Select(e => new ExistingCustomer(e.CustomerId, e.Name))];
    }

    private static List<string> Trigrams(string normalised)
    {
        var padded = "  " + normalised + "  ";
        var grams = new List<string>(padded.Length - 2);
        for (var i = 0; i + 3 <= padded.Length; i++)
        {
            grams.Add(padded.Substring(i, 3));
        }

        return grams;
    }

    private sealed record Entry(string CustomerId, string Name, string Normalised, bool Alive);
}
