using Credo.Domain.Amounts;
namespace Credo.Domain.Bureau;

/// <summary>
/// A commercial credit report reduced to the fields Credo uses, whatever bureau produced it.
/// Score is normalised to 0..100 (higher is better); a field the bureau did not give is null, never zero.
/// </summary>
public sealed record BureauReport(int? Score, Money? SuggestedLimit, bool? Bankruptcy, int? Judgments);

/// <summary>What one provider answered for one subject.</summary>
public abstract record BureauAnswer
{
    private BureauAnswer()
    {
    }

    /// <summary>A report was found. <paramref name="RawJson"/> is the provider's payload, kept as it came.</summary>
    public sealed record Found(BureauReport Report, string RawJson) : BureauAnswer;

    /// <summary>The provider answered, but knows no such company.</summary>
    public sealed record NoMatch(string Detail, string RawJson) : BureauAnswer;

    /// <summary>The provider could not answer (timeout, error status, unreadable payload). Not the same as no match.</summary>
    public sealed record Failed(string Detail) : BureauAnswer;
}

public static class BureauSubjects
{
    /// <summary>Tax ids compare upper-cased with everything but letters and digits removed ("de 123-456" is "DE123456").</summary>
    public static string NormaliseTaxId(string taxId) => new([.. taxId.ToUpperInvariant().Where(char.IsAsciiLetterOrDigit)]);

    /// <summary>Linear rescale of a bureau's own score range to 0..100, rounded half away from zero and clamped.</summary>
    public static int Normalise(decimal score, decimal min, decimal max)
    {
        if (max == min)
        {
            return 0;
        }

        var scaled = (score - min) * 100m / (max - min);
        return (int)decimal.Clamp(decimal.Round(scaled, MidpointRounding.AwayFromZero), 0m, 100m);
    }
}
