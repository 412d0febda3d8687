using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.CashApplication;

/// <summary>The read side across currencies: the conversion each line's latest decision rests on (its own, or the one a rejection or undo refers to).</summary>
internal static class CrossCurrencyWords
{
    /// <summary>By decision id: the conversion of that decision, or of the suggestion or application it rejected or undid.</summary>
    public static async Task<Dictionary<long, BankLineExchange>> Conversions(CreditDb db, IEnumerable<BankLineDecision> decisions, CancellationToken ct)
    {
        var latest = decisions.Where(d => d.Allocations is not null).ToList();
        var lineIds = latest.Select(d => d.LineId).Distinct().ToList();
        if (lineIds.Count == 0)
        {
            return [];
        }

        var rows = await db.BankLineExchanges.AsNoTracking().Where(x => lineIds.Contains(x.LineId)).ToListAsync(ct);
        var found = new Dictionary<long, BankLineExchange>();
        foreach (var decision in latest)
        {
            var refersBack = decision.Action is "rejected" or "undone";
            if (rows.FirstOrDefault(x => x.LineId == decision.LineId && (x.Sequence == decision.Sequence || (refersBack && x.Sequence == decision.Sequence - 1))) is { } row)
            {
                found[decision.Id] = row;
            }
        }

        return found;
    }
}
