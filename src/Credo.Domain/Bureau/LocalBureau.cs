using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Credo.Domain.Amounts;

namespace Credo.Domain.Bureau;

/// <summary>
/// A deterministic bureau for demos and tests: the report is derived from SHA-256 of the normalised tax id, so the
/// same tax id always gives the same report. Bytes of the hash choose: no match (about 1 in 16), bankruptcy (about
/// 1 in 20 of the rest), judgments 0..3 (mostly 0), a score 20..99 and a suggested limit that grows with the score.
/// Tax ids ending in "000" are never found, and ending in "999" are always bankrupt, so tests and demos can ask for
/// either on purpose.
/// </summary>
public static class LocalBureau
{
    public static BureauAnswer Report(string taxId, Currency currency)
    {
        var normalised = BureauSubjects.NormaliseTaxId(taxId);
        if (normalised.Length == 0)
        {
            return new BureauAnswer.NoMatch("No tax id to look up.", "{}");
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(normalised));
        var askedBankrupt = normalised.EndsWith("999", StringComparison.Ordinal);
        if (normalised.EndsWith("000", StringComparison.Ordinal) || (hash[0] % 16 == 0 && !askedBankrupt))
        {
            return new BureauAnswer.NoMatch($"No company with tax id {normalised}.", Raw(normalised, found: false, 0, 0, false, 0, currency));
        }

        var bankrupt = askedBankrupt || hash[1] % 20 == 0;
        var judgments = hash[2] switch
        {
            < 200 => 0,
            < 235 => 1,
            < 250 => 2,
            _ => 3,
        };
        var score = bankrupt ? 5 + (hash[3] % 15) : 20 + (hash[3] % 80) - (judgments * 5);
        score = Math.Clamp(score, 0, 100);

        // Suggested limit: score × (1..8) × 1,000 major units, none when bankrupt.
        var limitMajor = bankrupt ? 0 : score * (1 + (hash[4] % 8)) * 1_000L;
        var limitMinor = checked(limitMajor * (long)Math.Pow(10, currency.Scale));
        var report = new BureauReport(score, new Money(limitMinor, currency), bankrupt, judgments);
        return new BureauAnswer.Found(report, Raw(normalised, found: true, score, limitMajor, bankrupt, judgments, currency));
    }

    private static string Raw(string taxId, bool found, int score, long limitMajor, bool bankrupt, int judgments, Currency currency) =>
        string.Create(CultureInfo.InvariantCulture, $$"""{"bureau":"local","taxId":"{{taxId}}","found":{{(found ? "true" : "false")}},"score":{{score}},"suggestedLimit":{"amount":{{limitMajor}},"currency":"{{currency.Code}}"},"bankruptcy":{{(bankrupt ? "true" : "false")}},"judgments":{{judgments}}}""");
}
