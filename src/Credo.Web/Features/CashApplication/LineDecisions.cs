using System.Globalization;
using Credo.Domain.Matching;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.CashApplication;

/// <summary>Reading and writing a line's decisions (append-only rows; the highest sequence is the line's status).</summary>
internal static class LineDecisions
{
    /// <summary>
    /// The engine's decision on a line as the row appended for it (the batch and the cross-currency pass write the same
    /// row); <paramref name="said"/> is what a remittance advice or a conversion said, put before the evidence.
    /// </summary>
    public static BankLineDecision ByEngine(BankLine line, MatchDecision decision, DateTime atUtc, int sequence = 1, string? said = null) => new()
    {
        LineId = line.Id,
        Sequence = sequence,
        Status = decision.Outcome switch
        {
            MatchOutcome.Apply => BankLineStatus.Applied,
            MatchOutcome.Suggest => BankLineStatus.Suggested,
            MatchOutcome.Unmatched => BankLineStatus.Unmatched,
        },
        Action = decision.Outcome switch
        {
            MatchOutcome.Apply => "matched",
            MatchOutcome.Suggest => "suggested",
            MatchOutcome.Unmatched => "unmatched",
        },
        CustomerId = decision.Answer?.CustomerId,
        Score = decision.Answer?.Score ?? 0,
        Signature = decision.Answer?.Signature,
        Allocations = decision.Answer is { } a ? Allocations(a.Allocations, a.OnAccount.Minor) : null,
        Evidence = (said is null ? "" : said + ".\n") + Evidence(decision.Answer?.Evidence ?? [], decision.Summary),
        AtUtc = atUtc,
        By = "cash application engine",
    };

    public static Task<BankLineDecision?> Latest(this CreditDb db, long lineId, CancellationToken ct) =>
        db.BankLineDecisions.AsNoTracking().Where(d => d.LineId == lineId).OrderByDescending(d => d.Sequence).FirstOrDefaultAsync(ct);

    /// <summary>The latest decision of each line of a set (lines without one are absent).</summary>
    public static async Task<Dictionary<long, BankLineDecision>> LatestOf(this CreditDb db, IReadOnlyCollection<long> lineIds, CancellationToken ct)
    {
        var rows = await db.BankLineDecisions.AsNoTracking().Where(d => lineIds.Contains(d.LineId)).ToListAsync(ct);
        return rows.GroupBy(d => d.LineId).ToDictionary(g => g.Key, g => g.MaxBy(d => d.Sequence)!);
    }

    /// <summary>Answers a person undid or rejected on these lines: the engine never gives them again by itself.</summary>
    public static async Task<Dictionary<long, HashSet<string>>> Refused(this CreditDb db, IReadOnlyCollection<long> lineIds, CancellationToken ct)
    {
        var rows = await db.BankLineDecisions.AsNoTracking()
            .Where(d => lineIds.Contains(d.LineId) && (d.Action == "rejected" || d.Action == "undone") && d.Signature != null)
            .Select(d => new { d.LineId, d.Signature }).ToListAsync(ct);
        return rows.GroupBy(r => r.LineId).ToDictionary(g => g.Key, g => g.Select(r => r.Signature!).ToHashSet(StringComparer.Ordinal));
    }

    public static string Allocations(IEnumerable<InvoiceAllocation> allocations, long onAccountMinor) =>
        string.Join('\n', allocations.Select(a => $"{a.InvoiceNumber}={a.Amount.Minor.ToString(CultureInfo.InvariantCulture)}")
            .Append($"on-account={onAccountMinor.ToString(CultureInfo.InvariantCulture)}"));

    public static (List<(string Invoice, long Minor)> Allocations, long OnAccount) ReadAllocations(string? text)
    {
        var list = new List<(string, long)>();
        long onAccount = 0;
        foreach (var row in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var cut = row.LastIndexOf('=');
            var minor = long.Parse(row[(cut + 1)..], CultureInfo.InvariantCulture);
            if (row[..cut] == "on-account")
            {
                onAccount = minor;
            }
            else
            {
                list.Add((row[..cut], minor));
            }
        }

        return (list, onAccount);
    }

    public static string Evidence(IEnumerable<Credo.Domain.Matching.Evidence> evidence, string summary) =>
        string.Join('\n', evidence.Select(e => e.Points == 0 ? e.Said : $"{e.Said} ({(e.Points > 0 ? "+" : "")}{e.Points})").Prepend(summary));

    /// <summary>An Applied decision the ledger refused (an invoice changed since the book was read): suggested instead, saying why, for a person to look at.</summary>
    public static BankLineDecision NotApplied(BankLineDecision row, Credo.Domain.Common.DomainError refusal) => new()
    {
        LineId = row.LineId, Sequence = row.Sequence, Status = BankLineStatus.Suggested, Action = "suggested", CustomerId = row.CustomerId, Score = row.Score,
        Signature = row.Signature, Allocations = row.Allocations, Evidence = row.Evidence + $"\nNot applied: the ledger refused ({refusal.Message})", AtUtc = row.AtUtc, By = row.By, AdviceId = row.AdviceId,
    };
}
