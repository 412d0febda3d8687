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

    public static int Similarity(string a, string b)
    {
        var x = Normalise(a);
        var y = Normalise(b);
        if (x.Length == 0 || y.Length == 0)
        {
            return 0;
        }

        if (x == y)
        {
            return 100;
        }

        var left = Bigrams(x);
        var right = Bigrams(y);
        var common = 0;
        var pool = right.GroupBy(g => g).ToDictionary(g => g.Key, g => g.Count());
        foreach (var gram in left)
        {
            if (pool.TryGetValue(gram, out var n) && n > 0)
            {
                common++;
                pool[gram] = n - 1;
            }
        }

        return (int)(200L * common / (left.Count + right.Count));
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
