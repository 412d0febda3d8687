using Credo.Domain.Amounts;
using Credo.Domain.Policy;

namespace Credo.Web.Features.Evidence;

/// <summary>
/// A stored bureau report as policy facts, one mapping for the evidence gatherer and the backtest over the customer
/// book: <c>bureauScore</c>, <c>bureauBankruptcy</c>, <c>bureauJudgments</c>, <c>bureauReportAgeDays</c> and
/// <c>bureauSuggestedLimit</c>. A figure the report does not give is not in the set (missing, never zero), so the set is
/// an overlay for <see cref="FactSet.With(FactSet)"/>.
/// </summary>
internal static class BureauFacts
{
    /// <param name="suggestedLimit">The report's suggested limit in the case's currency; null when the report has none or
    /// no rate converts it.</param>
    public static FactSet Of(int? score, bool? bankruptcy, int? judgments, int ageDays, Money? suggestedLimit)
    {
        var values = new List<KeyValuePair<string, FactValue>>(5) { new("bureauReportAgeDays", new FactValue.Number(ageDays)) };
        if (score is { } s)
        {
            values.Add(new("bureauScore", new FactValue.Number(s)));
        }

        if (bankruptcy is { } b)
        {
            values.Add(new("bureauBankruptcy", new FactValue.Flag(b)));
        }

        if (judgments is { } j)
        {
            values.Add(new("bureauJudgments", new FactValue.Number(j)));
        }

        if (suggestedLimit is { } m)
        {
            values.Add(new("bureauSuggestedLimit", new FactValue.Number(m.Major)));
        }

        return new FactSet(values);
    }
}
