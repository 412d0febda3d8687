namespace Credo.Domain.Matching;

/// <summary>
/// How alike a payer name on a bank line and a customer's name are, from 0 to 100: upper case, accents and
/// punctuation dropped, legal forms (INC, LLC, LTD, GMBH, BV...) and filler words (THE, AND) removed, then the Dice
/// coefficient of character bigrams over the remaining words. "HARBOR & VINE DISTRIBUTORS INC" and "Harbor and Vine
/// Distributors" score 100; a typo or a missing word scores in the 70s to 90s.
/// </summary>
public static class PayerNames
{
    private static readonly HashSet<string> Noise = new(StringComparer.Ordinal)
    {
        "INC", "LLC", "LTD", "LIMITED", "CORP", "CORPORATION", "CO", "COMPANY", "GMBH", "AG", "BV", "NV", "SA", "SARL", "SAS", "SRL", "PLC", "LP", "LLP",
        "THE", "AND", "OF", "DE", "KG", "OHG", "UG", "SPA", "AB", "AS", "OY",
    };

    public static string Normalise(string name)
    {
        var decomposed = name.Normalize(System.Text.NormalizationForm.FormD);
        var letters = new string([.. decomposed.Where(c => char.IsAsciiLetterOrDigit(c) || char.IsWhiteSpace(c) || c is '&' or '-' or '.' or ',' or '/')
            .Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : ' ')]);
        return string.Join(' ', Initials(letters.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(w => !Noise.Contains(w)));
    }

    /// <summary>Runs of single letters are one word: "B.V." is BV, "S. A." is SA.</summary>
    private static IEnumerable<string> Initials(string[] words)
    {
        var run = "";
        foreach (var word in words)
        {
            if (word.Length == 1 && char.IsAsciiLetter(word[0]))
            {
                run += word;
                continue;
            }

            if (run.Length > 0)
            {
                yield return run;
                run = "";
            }

            yield return word;
        }

        if (run.Length > 0)
        {
            yield return run;
        }
    }

    public static int Similarity(string a, string b) => Similarity(Prepare(a), Prepare(b));

    /// <summary>A name normalised and cut into its bigrams once, to be compared with many.</summary>
    public sealed record Prepared(string Normalised, IReadOnlyDictionary<string, int> Grams, int Count);

    public static Prepared Prepare(string name)
    {
        var normalised = Normalise(name);
        List<string> grams = normalised.Length == 0 ? [] : Bigrams(normalised);
        return new Prepared(normalised, grams.GroupBy(g => g, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal), grams.Count);
    }

    public static int Similarity(Prepared a, Prepared b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        if (a.Normalised == b.Normalised)
        {
            return 100;
        }

        var common = a.Grams.Sum(g => Math.Min(g.Value, b.Grams.GetValueOrDefault(g.Key)));
        return (int)(200L * common / (a.Count + b.Count));
    }

    private static List<string> Bigrams(string text)
    {
        var grams = new List<string>();
        foreach (var word in text.Split(' '))
        {
            var padded = $" {word} ";
            for (var i = 0; i < padded.Length - 1; i++)
            {
                grams.Add(padded.Substring(i, 2));
            }
        }

        return grams;
    }
}
