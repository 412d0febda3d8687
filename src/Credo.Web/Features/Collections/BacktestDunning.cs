using Credo.Domain.Amounts;
using Credo.Domain.Collections;
using Credo.Domain.Common;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Collections;

internal sealed record BacktestLevelDto(string Level, int Messages);

/// <param name="PublishedAtUtc">When the version was published; null for a draft.</param>
/// <param name="Draft">A draft replayed beside the version in force (not stored; <paramref name="Number"/> is the number it would get).</param>
internal sealed record BacktestVersionDto(int Number, string? Note, DateTime? PublishedAtUtc, int Messages, int Customers, IReadOnlyList<BacktestLevelDto> ByLevel, IReadOnlyList<BacktestRecipient> Recipients, bool Draft = false);

/// <summary>A draft against the version in force over the same history: how many more reminders (negative: fewer), and the customers only one of them reminds.</summary>
internal sealed record DraftDifferenceDto(int AgainstVersion, int MoreMessages, IReadOnlyList<string> OnlyDraft, IReadOnlyList<string> OnlyInForce);

internal sealed record DunningBacktestDto(DateOnly From, DateOnly Through, int CustomersReplayed, IReadOnlyList<BacktestVersionDto> Versions, DraftDifferenceDto? Difference = null);

/// <param name="Definition">The draft policy, as <c>POST /api/collections/policy</c> takes it (validated the same way; not stored).</param>
internal sealed record BacktestDraftRequest(System.Text.Json.JsonElement? Definition, DateOnly? From = null, DateOnly? Through = null);

/// <summary>
/// The dunning policy backtest: every stored version (or the last five) replayed day by day over the same history
/// (<see cref="DunningBacktest"/>), showing how many messages each would have sent, at which levels, and to whom.
/// A draft (not yet published) is replayed beside the version in force, validated as publishing would.
/// History is the ledger's debits with the day each was settled (its last allocation or applied correction).
/// </summary>
internal sealed class BacktestDunning(CreditDb db)
{
    public const int MaxDays = 366;

    /// <summary>One policy to replay: a stored version, or a draft.</summary>
    private sealed record Candidate(int Number, string? Note, DateTime? PublishedAtUtc, bool Draft, DunningPolicy Policy);

    public async Task<Result<DunningBacktestDto>> Handle(DateOnly? from, DateOnly? through, CancellationToken ct)
    {
        if (Period(from, through) is not { } period)
        {
            return PeriodRefused();
        }

        var versions = (await db.DunningPolicyVersions.AsNoTracking().OrderByDescending(v => v.Number).Take(5).ToListAsync(ct))
            .Select(v => (Version: v, Policy: DunningPolicyJson.Read(v.DefinitionJson))).Where(v => v.Policy.IsOk)
            .Select(v => new Candidate(v.Version.Number, v.Version.Note, v.Version.PublishedAtUtc, false, v.Policy.Value!)).ToList();
        return await Replay(period, versions, ct);
    }

    /// <summary>Replays <paramref name="definitionJson"/> (refused by field as publishing would refuse it) beside the version in force.</summary>
    public async Task<Result<DunningBacktestDto>> Draft(string? definitionJson, DateOnly? from, DateOnly? through, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(definitionJson))
        {
            return new ValidationFailed("definition", "Give the draft policy to replay.");
        }

        var draft = DunningPolicyJson.Read(definitionJson);
        if (!draft.IsOk)
        {
            return draft.Error!;
        }

        if (Period(from, through) is not { } period)
        {
            return PeriodRefused();
        }

        var latest = await db.DunningPolicyVersions.AsNoTracking().OrderByDescending(v => v.Number).FirstOrDefaultAsync(ct);
        var inForce = latest is null ? new Candidate(0, "Built-in default", null, false, DunningPolicy.Default)
            : new Candidate(latest.Number, latest.Note, latest.PublishedAtUtc, false, DunningPolicyJson.Read(latest.DefinitionJson).Value ?? DunningPolicy.Default);
        var replayed = await Replay(period, [new Candidate(inForce.Number + 1, "Draft", null, true, draft.Value!), inForce], ct);
        var (d, f) = (replayed.Versions[0], replayed.Versions[1]);
        var (drafted, inForceReached) = (d.Recipients.Select(r => r.Customer).ToHashSet(), f.Recipients.Select(r => r.Customer).ToHashSet());
        return replayed with
        {
            Difference = new DraftDifferenceDto(f.Number, d.Messages - f.Messages,
                [.. d.Recipients.Where(r => !inForceReached.Contains(r.Customer)).Select(r => r.Customer)],
                [.. f.Recipients.Where(r => !drafted.Contains(r.Customer)).Select(r => r.Customer)]),
        };
    }

    private (DateOnly Start, DateOnly End)? Period(DateOnly? from, DateOnly? through)
    {
        var end = through ?? db.Today();
        var start = from ?? end.AddDays(-90);
        return start > end || end.DayNumber - start.DayNumber >= MaxDays ? null : (start, end);
    }

    private static ValidationFailed PeriodRefused() => new("from", $"The period runs forward and covers at most {MaxDays} days.");

    /// <summary>Each candidate replayed over the same history, in the order given.</summary>
    private async Task<DunningBacktestDto> Replay((DateOnly Start, DateOnly End) period, IReadOnlyList<Candidate> candidates, CancellationToken ct)
    {
        var (start, end) = period;
        var customers = await History(start, end, ct);
        return new DunningBacktestDto(start, end, customers.Count, [.. candidates.Select(v =>
        {
            var outcome = DunningBacktest.Run(v.Policy, customers, start, end);
            return new BacktestVersionDto(v.Number, v.Note, v.PublishedAtUtc, outcome.Messages, outcome.Recipients.Count,
                [.. outcome.ByLevel.Select(l => new BacktestLevelDto(l.Level, l.Messages))], outcome.Recipients, v.Draft);
        })]);
    }

    /// <summary>Every customer with a debit due before the end and not settled before the start, with its debits' history.</summary>
    private async Task<List<HistoricCustomer>> History(DateOnly start, DateOnly end, CancellationToken ct)
    {
        var lookAhead = end.AddDays(60); // a friendly reminder before the due date
        var debitsQuery = db.Entries.AsNoTracking()
            .Where(e => e.DueOn != null && e.AmountMinor > 0 && e.State != ItemState.Reversed && e.PostedOn <= end && e.DueOn <= lookAhead && (e.Kind == EntryKind.Invoice || e.Kind == EntryKind.Adjustment));
        var debits = await debitsQuery
            .Select(e => new { e.Id, e.CustomerId, e.Kind, e.Document, e.PostedOn, DueOn = e.DueOn!.Value, e.Currency, e.AmountMinor, e.OpenMinor })
            .ToListAsync(ct);
        // The settled debits as a subquery, not an id list: EF sends each id as its own variable and SQLite stops at 32,766 (issue 14 §7).
        var closed = debitsQuery.Where(d => d.OpenMinor == 0).Select(d => d.Id);
        var allocated = await db.Allocations.AsNoTracking().Where(a => closed.Contains(a.DebitId)).GroupBy(a => a.DebitId)
            .Select(g => new { g.Key, On = g.Max(a => a.AppliedOn) }).ToDictionaryAsync(x => x.Key, x => x.On, ct);
        var corrected = await db.Entries.AsNoTracking().Where(e => e.AppliesToId != null && closed.Contains(e.AppliesToId.Value)).GroupBy(e => e.AppliesToId!.Value)
            .Select(g => new { g.Key, On = g.Max(e => e.PostedOn) }).ToDictionaryAsync(x => x.Key, x => x.On, ct);
        DateOnly? ClosedOn(long id, long open, DateOnly posted) => open > 0 ? null
            : new[] { allocated.TryGetValue(id, out var a) ? a : (DateOnly?)null, corrected.TryGetValue(id, out var c) ? c : null }.Max() ?? posted;
        var live = debits.Select(d => (d, Closed: ClosedOn(d.Id, d.OpenMinor, d.PostedOn))).Where(x => x.Closed is null || x.Closed >= start).ToList();

        var ids = live.Select(x => x.d.CustomerId).Distinct().ToList();
        var wanted = ids.ToHashSet();
        var rows = (await db.Customers.AsNoTracking().Include(c => c.Segments).ThenInclude(s => s.Segment).Where(c => debitsQuery.Any(d => d.CustomerId == c.Id)).ToListAsync(ct))
            .Where(c => wanted.Contains(c.Id)).ToList();
        var risk = await DunningFacts.RiskClasses(db, ids, ct);
        var policy = DunningPolicy.Default;
        var byCustomer = live.ToLookup(x => x.d.CustomerId);
        return [.. rows.OrderBy(c => c.Number, StringComparer.Ordinal).Select(c => new HistoricCustomer(
            c.Id, c.Number, c.TradingName ?? c.LegalName, policy.LanguageFor(c.BillingAddress.Country),
            DunningContacts.Choose([.. c.Contacts.Select(x => new ContactCard(x.Name, x.Role, x.Email, x.Phone))], c.LegalName, c.Email, c.Phone),
            [.. c.Segments.Where(s => s.Segment is not null).Select(s => $"{s.Segment!.Dimension}:{s.Segment.Code}")],
            risk.GetValueOrDefault(c.Id),
            [.. byCustomer[c.Id].Select(x => new HistoricItem(x.d.Id, x.d.Document ?? $"#{x.d.Id}", x.d.PostedOn, x.d.DueOn, new Money(x.d.AmountMinor, Currency.Of(x.d.Currency)), x.Closed,
                x.d.Kind == EntryKind.Invoice && !DunningChargeReferences.IsCharge(x.d.Document)))]))];
    }

    public static async Task<IResult> Endpoint(DateOnly? from, DateOnly? through, BacktestDunning use, CancellationToken ct)
    {
        var result = await use.Handle(from, through, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }

    public static async Task<IResult> DraftEndpoint(BacktestDraftRequest request, BacktestDunning use, CancellationToken ct)
    {
        var result = await use.Draft(request.Definition?.GetRawText(), request.From, request.Through, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}
