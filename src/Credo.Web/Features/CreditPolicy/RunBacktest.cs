using System.Globalization;
using Credo.Domain.Common;
using Credo.Domain.Credit;
using Credo.Domain.Amounts;
using Credo.Domain.Policy;
using Credo.Web.Data;
using Credo.Web.Features.Credit;
using Credo.Web.Features.Evidence;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.CreditPolicy;

/// <summary>How many movers to list per part (all are counted).</summary>
internal sealed record BacktestRequest(int? MaxMovers);

internal sealed record OutcomeCountsDto(int Cases, int Approved, int Referred, int Declined, decimal ApprovalRate, decimal ReferralRate, decimal DeclineRate, IReadOnlyList<Amount> LimitsGranted);

/// <summary>A case whose outcome or limit the draft changes.</summary>
internal sealed record BacktestMover(string Kind, long Id, string Reference, string BaselineOutcome, string DraftOutcome, Amount? BaselineLimit, Amount? DraftLimit);

internal sealed record BacktestPartDto(OutcomeCountsDto Baseline, OutcomeCountsDto Draft, int MoverCount, IReadOnlyList<BacktestMover> Movers);

/// <param name="BaselineNumber">The published version compared against; null when none is (every case then counts as referred).</param>
/// <param name="BookWithBureauFacts">Book customers decided with the facts of a stored bureau report; the others had none
/// (a backtest never pulls one), so a policy that needs bureau facts refers them.</param>
/// <param name="BookLeftOut">Book customers left out of the book's counts: neither version could judge them, because a fact the
/// policy needs is not on file for them (a review would ask for it; a backtest cannot). Issue 12 §4: counting them made the
/// book "100 % referred" under both versions and told a manager nothing.</param>
/// <param name="BookMissingFacts">The facts missing for the customers left out, most often missing first, with how many lacked each.</param>
internal sealed record BacktestReport(int DraftNumber, int? BaselineNumber, DateOnly AsOf, BacktestPartDto Applications, BacktestPartDto Book, int BookWithBureauFacts, int BookLeftOut = 0, IReadOnlyList<MissingFactCount>? BookMissingFacts = null);

/// <summary>A fact the policy needed and did not have, and for how many cases.</summary>
internal sealed record MissingFactCount(string Fact, int Cases);

/// <summary>
/// Runs a version (normally a draft) next to the published one and reports what would change, before publishing:
/// <list type="bullet">
/// <item><b>Historical applications</b>: the evidence snapshot of each application's latest stored decision (a decision
/// stored without an application counts as one case), re-scored with each version's own scorecard and limit formula, as
/// of the date it was decided.</item>
/// <item><b>The current book</b>: every customer's internal-history facts today (see <see cref="InternalHistory"/>) and
/// the facts of the latest bureau report stored for it (see <see cref="BookCases"/>), over the facts of its latest
/// decision if it has one, asking for its current limit (as a periodic review would).</item>
/// </list>
/// For each: approval, referral and decline counts and rates, total limits granted per currency, and the cases whose
/// outcome or limit moves. Nothing is stored. The draft does not have to be valid to be backtested, only readable.
/// </summary>
internal sealed class RunBacktest(CreditDb db, PolicyCache cache, InternalHistory history)
{
    public const int DefaultMovers = 200;
    private const int Batch = 2048;

    public async Task<Result<BacktestReport>> Handle(int number, BacktestRequest request, CancellationToken ct)
    {
        var row = await db.PolicyVersions.AsNoTracking().Where(v => v.Number == number).Select(v => new { v.Id, v.Number, v.DefinitionJson }).SingleOrDefaultAsync(ct);
        if (row is null)
        {
            return new NotFound("Policy version", number.ToString(CultureInfo.InvariantCulture));
        }

        var parsed = PolicyJson.Parse(row.DefinitionJson);
        if (!parsed.IsOk)
        {
            return parsed.Error!;
        }

        var draft = new LoadedPolicy(row.Id, row.Number, parsed.Value!);
        var baseline = await cache.PublishedAsync(db, ct);
        var maxMovers = Math.Clamp(request.MaxMovers ?? DefaultMovers, 0, 10_000);
        var asOf = db.Today();

        var applications = new Tally(maxMovers);
        var cases = db.PolicyDecisions.AsNoTracking()
            .Where(d => d.ApplicationId == null || d.Id == db.PolicyDecisions.Where(x => x.ApplicationId == d.ApplicationId).Max(x => x.Id))
            .OrderBy(d => d.Id)
            .Select(d => new { d.Id, d.ApplicationId, d.Currency, d.AsOf, d.FactsJson });
        var buffer = new List<Case>(Batch);
        await foreach (var d in cases.AsAsyncEnumerable().WithCancellation(ct))
        {
            buffer.Add(new Case("application", d.ApplicationId ?? d.Id, d.ApplicationId is null ? $"decision {d.Id}" : null, d.Currency, d.AsOf, d.FactsJson, null));
            if (buffer.Count == Batch)
            {
                applications.Add(Evaluate(buffer, baseline, draft));
                buffer.Clear();
            }
        }

        applications.Add(Evaluate(buffer, baseline, draft));
        buffer.Clear();
        await NameApplications(applications.Movers, ct);

        var book = new Tally(maxMovers, leaveOutUndecidable: true);
        var bookWithBureauFacts = 0;
        var chunk = new List<CustomerHistory>(InternalHistory.ChunkSize);
        await foreach (var h in history.ForBookAsync(asOf, ct))
        {
            chunk.Add(h);
            if (chunk.Count == InternalHistory.ChunkSize)
            {
                var (full, withBureau) = await BookCases(chunk, asOf, ct);
                book.Add(Evaluate(full, baseline, draft));
                bookWithBureauFacts += withBureau;
                chunk.Clear();
            }
        }

        var (rest, restWithBureau) = await BookCases(chunk, asOf, ct);
        book.Add(Evaluate(rest, baseline, draft));
        bookWithBureauFacts += restWithBureau;
        return new BacktestReport(draft.Number, baseline?.Number, asOf, applications.ToDto(), book.ToDto(), bookWithBureauFacts, book.LeftOut, book.MissingFacts());
    }

    /// <summary>
    /// Book cases: the latest decision's facts for each customer (when any), overlaid with today's history and with the
    /// facts of the latest bureau report stored for the customer's subject (its normalised tax id, else its id: the key
    /// the evidence feature stores pulls under, so a report pulled for an application with the same tax id counts), of
    /// any age (<c>bureauReportAgeDays</c> says how old) and any provider. Read-only: nothing is pulled or stored. Also
    /// returns how many of the chunk had a report.
    /// </summary>
    private async Task<(List<Case> Cases, int WithBureau)> BookCases(List<CustomerHistory> chunk, DateOnly asOf, CancellationToken ct)
    {
        var ids = chunk.Select(h => h.CustomerId).ToList();
        var latest = await db.PolicyDecisions.AsNoTracking()
            .Where(d => d.CustomerId != null && ids.Contains(d.CustomerId.Value) && d.Id == db.PolicyDecisions.Where(x => x.CustomerId == d.CustomerId).Max(x => x.Id))
            .Select(d => new { CustomerId = d.CustomerId!.Value, d.FactsJson })
            .ToDictionaryAsync(d => d.CustomerId, d => d.FactsJson, ct);
        var subjectKeys = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => new { c.Id, c.TaxId })
            .ToDictionaryAsync(c => c.Id, c => BureauSubject.KeyFor(c.TaxId, c.Id, null), ct);
        var keys = subjectKeys.Values.Distinct().ToList();
        var reports = await db.BureauPulls.AsNoTracking()
            .Where(p => keys.Contains(p.SubjectKey) && p.Outcome == BureauPullOutcome.Report
                && p.Id == db.BureauPulls.Where(x => x.SubjectKey == p.SubjectKey && x.Outcome == BureauPullOutcome.Report).Max(x => x.Id))
            .Select(p => new { p.SubjectKey, p.PulledAtUtc, p.Score, p.Bankruptcy, p.Judgments, p.SuggestedLimitMinor, p.SuggestedLimitCurrency })
            .ToDictionaryAsync(p => p.SubjectKey, ct);
        var rates = reports.Count == 0
            ? RateTable.Empty
            : await db.Rates(chunk.Select(h => h.Currency).Concat(reports.Values.Where(r => r.SuggestedLimitCurrency is not null).Select(r => r.SuggestedLimitCurrency!)), ct);

        var cases = new List<Case>(chunk.Count);
        var withBureau = 0;
        foreach (var h in chunk)
        {
            var earlier = latest.TryGetValue(h.CustomerId, out var json) && FactSetJson.Read(json) is { IsOk: true } read ? read.Value! : FactSet.Empty;
            var facts = earlier.With(h.Facts);
            if (subjectKeys.TryGetValue(h.CustomerId, out var key) && reports.TryGetValue(key, out var r))
            {
                Money? suggested = null;
                if (r.SuggestedLimitMinor is { } suggestedMinor && r.SuggestedLimitCurrency is { } limitCurrency)
                {
                    var amount = new Money(suggestedMinor, Currency.Of(limitCurrency));
                    suggested = limitCurrency == h.Currency ? amount
                        : rates.Convert(amount, Currency.Of(h.Currency), asOf) is { IsOk: true } converted ? converted.Value : null;
                }

                var ageDays = asOf.DayNumber - DateOnly.FromDateTime(r.PulledAtUtc).DayNumber;
                facts = facts.With(BureauFacts.Of(r.Score, r.Bankruptcy, r.Judgments, ageDays, suggested));
                withBureau++;
            }

            if (h.LimitMinor is { } limit)
            {
                facts = facts.With("requestedLimit", (decimal?)new Money(limit, Currency.Of(h.Currency)).Major);
            }

            cases.Add(new Case("customer", h.CustomerId, h.Number, h.Currency, asOf, null, facts));
        }

        return (cases, withBureau);
    }

    private async Task NameApplications(List<BacktestMover> movers, CancellationToken ct)
    {
        var ids = movers.Where(m => m.Reference.Length == 0).Select(m => m.Id).ToList();
        if (ids.Count == 0)
        {
            return;
        }

        var references = await db.Applications.AsNoTracking().Where(a => ids.Contains(a.Id)).ToDictionaryAsync(a => a.Id, a => a.Reference, ct);
        for (var i = 0; i < movers.Count; i++)
        {
            if (movers[i].Reference.Length == 0)
            {
                movers[i] = movers[i] with { Reference = references.GetValueOrDefault(movers[i].Id, $"application {movers[i].Id}") };
            }
        }
    }

    /// <summary>Both versions over a batch, in parallel (pure evaluation; the database is not touched here).</summary>
    private static Outcome[] Evaluate(List<Case> cases, LoadedPolicy? baseline, LoadedPolicy draft)
    {
        var results = new Outcome[cases.Count];
        Parallel.For(0, cases.Count, i => results[i] = Evaluate(cases[i], baseline, draft));
        return results;
    }

    public static Outcome Evaluate(Case c, LoadedPolicy? baseline, LoadedPolicy draft)
    {
        var facts = c.Facts ?? (FactSetJson.Read(c.FactsJson!) is { IsOk: true } read ? read.Value! : null);
        if (facts is null || !DecisionRecords.TryCurrency(c.Currency, out var currency))
        {
            return new Outcome(c, PolicyOutcome.Refer, null, PolicyOutcome.Refer, null);
        }

        var before = baseline is null ? null : PolicyEngine.Evaluate(baseline.Definition, facts, currency, c.AsOf).Value;
        var after = PolicyEngine.Evaluate(draft.Definition, facts, currency, c.AsOf).Value;
        return new Outcome(c, before?.Outcome ?? PolicyOutcome.Refer, before?.Limit, after?.Outcome ?? PolicyOutcome.Refer, after?.Limit)
        {
            MissingFacts = (baseline is null || Missing(before).Count > 0) && Missing(after).Count > 0
                ? [.. Missing(before).Union(Missing(after)).Order(StringComparer.Ordinal)]
                : [],
        };
    }

    /// <summary>The facts a referral waited for (a rule could not be decided without them); empty when the version decided.</summary>
    private static IReadOnlyList<string> Missing(PolicyDecision? d) =>
        d is { Outcome: PolicyOutcome.Refer } && d.Reasons.Any(r => r.Code == "missing-fact")
            ? [.. d.Trace.Where(t => t.Effect == RuleEffect.Undetermined).SelectMany(t => t.MissingFacts).Distinct()]
            : [];

    /// <summary>One case: a stored snapshot (applications) or facts built now (the book).</summary>
    internal sealed record Case(string Kind, long Id, string? Reference, string Currency, DateOnly AsOf, string? FactsJson, FactSet? Facts);

    internal sealed record Outcome(Case Case, PolicyOutcome Baseline, Money? BaselineLimit, PolicyOutcome Draft, Money? DraftLimit)
    {
        /// <summary>Set when neither version could judge the case for want of these facts.</summary>
        public IReadOnlyList<string> MissingFacts { get; init; } = [];

        public bool Undecidable => MissingFacts.Count > 0 && Baseline == PolicyOutcome.Refer && Draft == PolicyOutcome.Refer;
    }

    private sealed class Tally(int maxMovers, bool leaveOutUndecidable = false)
    {
        private readonly Dictionary<string, int> missingFacts = new(StringComparer.Ordinal);
        private readonly int[] baseline = new int[3];
        private readonly int[] draft = new int[3];
        private readonly Dictionary<string, long> baselineLimits = new(StringComparer.Ordinal);
        private readonly Dictionary<string, long> draftLimits = new(StringComparer.Ordinal);
        private int cases;
        private int moverCount;

        public List<BacktestMover> Movers { get; } = [];

        public int LeftOut { get; private set; }

        public IReadOnlyList<MissingFactCount> MissingFacts() =>
            [.. missingFacts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => new MissingFactCount(kv.Key, kv.Value))];

        public void Add(Outcome[] outcomes)
        {
            foreach (var o in outcomes)
            {
                if (leaveOutUndecidable && o.Undecidable)
                {
                    LeftOut++;
                    foreach (var fact in o.MissingFacts)
                    {
                        missingFacts[fact] = missingFacts.GetValueOrDefault(fact) + 1;
                    }

                    continue;
                }

                cases++;
                baseline[(int)o.Baseline]++;
                draft[(int)o.Draft]++;
                if (o.BaselineLimit is { } bl)
                {
                    baselineLimits[bl.Currency.Code] = baselineLimits.GetValueOrDefault(bl.Currency.Code) + bl.Minor;
                }

                if (o.DraftLimit is { } dl)
                {
                    draftLimits[dl.Currency.Code] = draftLimits.GetValueOrDefault(dl.Currency.Code) + dl.Minor;
                }

                if (o.Baseline != o.Draft || o.BaselineLimit != o.DraftLimit)
                {
                    moverCount++;
                    if (Movers.Count < maxMovers)
                    {
                        Movers.Add(new BacktestMover(
                            o.Case.Kind, o.Case.Id, o.Case.Reference ?? string.Empty,
                            DecisionRecords.OutcomeWord(o.Baseline), DecisionRecords.OutcomeWord(o.Draft),
                            o.BaselineLimit is { } b ? Amount.Of(b.Minor, b.Currency.Code) : null,
                            o.DraftLimit is { } d ? Amount.Of(d.Minor, d.Currency.Code) : null));
                    }
                }
            }
        }

        public BacktestPartDto ToDto() => new(Counts(baseline, baselineLimits), Counts(draft, draftLimits), moverCount, Movers);

        private OutcomeCountsDto Counts(int[] counts, Dictionary<string, long> limits)
        {
            decimal Rate(int n) => cases == 0 ? 0m : decimal.Round(n / (decimal)cases, 4);
            return new OutcomeCountsDto(
                cases,
                counts[(int)PolicyOutcome.Approve],
                counts[(int)PolicyOutcome.Refer],
                counts[(int)PolicyOutcome.Decline],
                Rate(counts[(int)PolicyOutcome.Approve]),
                Rate(counts[(int)PolicyOutcome.Refer]),
                Rate(counts[(int)PolicyOutcome.Decline]),
                [.. limits.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => Amount.Of(kv.Value, kv.Key))]);
        }
    }

    public static async Task<IResult> Endpoint(int number, BacktestRequest? request, RunBacktest use, CancellationToken ct)
    {
        var result = await use.Handle(number, request ?? new BacktestRequest(null), ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}
