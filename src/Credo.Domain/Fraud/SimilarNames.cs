using System.Text;

namespace Credo.Domain.Fraud;

public sealed record ExistingCustomer(string CustomerId, string Name);

/// <param name="Similarity">1 − Levenshtein distance / longer normalised length, in 0..1.</param>
public sealed record NameMatch(string CustomerId, string Name, string NormalisedName, decimal Similarity);

public sealed record SimilarNameResult(FraudSignal Signal, string NormalisedName, IReadOnlyList<NameMatch> Matches);

/// <summary>
/// Signal "name-like-existing-customer": an applicant whose name, once normalised, is close to an existing customer's.
/// Normalising lower-cases, turns "&amp;" into "and", drops dots inside abbreviations ("B.V." is "bv"), turns other
/// punctuation into spaces, and removes trailing legal-form words (Ltd, LLC, Inc, GmbH, SA, BV, plc, …) repeatedly,
/// never down to nothing. Accents are kept as they are (no Unicode decomposition).
/// </summary>
public static class SimilarNames
{
    public const string Code = "name-like-existing-customer";

    public const decimal DefaultThreshold = 0.85m;

    private static readonly HashSet<string> LegalForms =
    [
        "ltd", "limited", "llc", "llp", "lp", "inc", "incorporated", "corp", "corporation", "co", "company", "plc",
        "gmbh", "mbh", "ag", "kg", "ohg", "ug", "ev", "sa", "sas", "sarl", "sasu", "bv", "nv", "vof", "srl", "spa", "sl",
        "slu", "oy", "oyj", "ab", "as", "asa", "aps", "pty", "pvt", "sp", "zoo", "kft", "sro", "doo", "and",
    ];

    public static string Normalise(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            if (c is '&')
            {
                text.Append(" and ");
            }
            else if (char.IsLetterOrDigit(c))
            {
                text.Append(c);
            }
            else if (c is not ('.' or '\'' or '’'))
            {
                text.Append(' ');
            }
        }

        var tokens = text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (tokens.Count > 1 && LegalForms.Contains(tokens[^1]))
        {
            tokens.RemoveAt(tokens.Count - 1);
        }

        return string.Join(' ', tokens);
    }

    public static int Levenshtein(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    /// <summary>1 for equal strings (two empty strings included), 0 for nothing in common.</summary>
    public static decimal Similarity(string a, string b)
    {
        var longer = Math.Max(a.Length, b.Length);
        return longer == 0 ? 1m : 1m - ((decimal)Levenshtein(a, b) / longer);
    }

    /// <summary>The existing customers at or above the threshold, best first (ties by customer id), at most <paramref name="top"/>.</summary>
    public static SimilarNameResult Find(string applicantName, IReadOnlyList<ExistingCustomer> existing, decimal threshold = DefaultThreshold, int top = 5)
    {
        var normalised = Normalise(applicantName);
        if (normalised.Length == 0)
        {
            return new SimilarNameResult(FraudSignal.NotApplicable(Code, "The applicant's name is empty once normalised."), normalised, []);
        }

        var matches = existing
            .Select(c => (Customer: c, Normalised: Normalise(c.Name)))
            .Select(x => new NameMatch(x.Customer.CustomerId, x.Customer.Name, x.Normalised, Similarity(normalised, x.Normalised)))
            .Where(m => m.Similarity >= threshold)
            .OrderByDescending(m => m.Similarity)
            .ThenBy(m => m.CustomerId, StringComparer.Ordinal)
            .Take(top)
            .ToList();
        var signal = matches.Count == 0
            ? FraudSignal.Clear(Code, $"No existing customer within similarity {threshold} of \"{normalised}\".")
            : FraudSignal.Raised(Code, [.. matches.Select(m => $"\"{normalised}\" ~ \"{m.NormalisedName}\" (customer {m.CustomerId}, similarity {decimal.Round(m.Similarity, 3)})")]);
        return new SimilarNameResult(signal, normalised, matches);
    }
}
