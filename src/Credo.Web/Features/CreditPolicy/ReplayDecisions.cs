using System.Globalization;
using Credo.Domain.Common;
using Credo.Domain.Policy;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.CreditPolicy;

/// <summary>Which stored decisions to replay: an id range (both optional, inclusive).</summary>
internal sealed record ReplayRequest(long? FromId, long? ToId);

/// <param name="Fields">The stored columns the replay did not reproduce (outcome, limit, reasons, rules, ...), or "facts" when the snapshot no longer reads.</param>
internal sealed record ReplayDifference(long DecisionId, int PolicyVersion, IReadOnlyList<string> Fields, string StoredOutcome, string ReplayedOutcome);

/// <param name="Skipped">Decisions stored without a policy version (nothing was evaluated, so there is nothing to replay).</param>
/// <param name="Differences">Up to <see cref="ReplayDecisions.MaxListed"/>; <paramref name="DifferenceCount"/> counts them all.</param>
internal sealed record ReplayReport(int Checked, int Skipped, int DifferenceCount, IReadOnlyList<ReplayDifference> Differences);

/// <summary>
/// Re-evaluates stored decisions with their own stored policy version, facts snapshot, currency and date, and reports
/// every one whose outcome, limit, terms, review date, risk class, score, reasons, rules or scorecard would differ. An
/// unchanged engine and untouched rows give no differences; a tampered snapshot or version, or an engine change that
/// alters old decisions, shows here. The <c>replay</c> verb and POST /api/decisions/replay call it.
/// </summary>
internal sealed class ReplayDecisions(CreditDb db, PolicyCache cache)
{
    public const int MaxListed = 1000;

    public async Task<ReplayReport> Handle(ReplayRequest request, CancellationToken ct)
    {
        var query = db.PolicyDecisions.AsNoTracking();
        if (request.FromId is { } from)
        {
            query = query.Where(d => d.Id >= from);
        }

        if (request.ToId is { } to)
        {
            query = query.Where(d => d.Id <= to);
        }

        int checkedCount = 0, skipped = 0, differing = 0;
        var listed = new List<ReplayDifference>();
        await foreach (var stored in query.OrderBy(d => d.Id).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (stored.PolicyVersionId is not { } versionId || stored.ScorecardJson == "null")
            {
                skipped++;
                continue;
            }

            checkedCount++;
            var fields = await Compare(stored, versionId, ct);
            if (fields.Fields.Count > 0)
            {
                differing++;
                if (listed.Count < MaxListed)
                {
                    listed.Add(new ReplayDifference(stored.Id, stored.PolicyVersionNumber, fields.Fields, stored.Outcome, fields.ReplayedOutcome));
                }
            }
        }

        return new ReplayReport(checkedCount, skipped, differing, listed);
    }

    private async Task<(IReadOnlyList<string> Fields, string ReplayedOutcome)> Compare(PolicyDecisionRecord stored, long versionId, CancellationToken ct)
    {
        var policy = await cache.ByIdAsync(db, versionId, ct);
        if (policy is null)
        {
            return (["policy"], "-");
        }

        var facts = FactSetJson.Read(stored.FactsJson);
        if (!facts.IsOk || !DecisionRecords.TryCurrency(stored.Currency, out var currency))
        {
            return (["facts"], "-");
        }

        var decision = PolicyEngine.Evaluate(policy.Definition, facts.Value!, currency, stored.AsOf);
        if (!decision.IsOk)
        {
            return (["evaluation"], "-");
        }

        var replayed = DecisionRecords.ToRecord(decision.Value!, facts.Value!, policy, currency.Code, stored.AsOf, stored.ApplicationId, stored.CustomerId, stored.AtUtc, stored.By);
        var fields = DecisionRecords.Differences(stored, replayed).ToList();
        if (replayed.PolicyVersionNumber != stored.PolicyVersionNumber)
        {
            fields.Add("policyVersion");
        }

        return (fields, replayed.Outcome);
    }

    public static async Task<IResult> Endpoint(ReplayRequest? request, ReplayDecisions use, CancellationToken ct) =>
        TypedResults.Ok(await use.Handle(request ?? new ReplayRequest(null, null), ct));
}

/// <summary>One stored decision, with its facts, scorecard and the rules that fired.</summary>
internal sealed class GetDecision(CreditDb db)
{
    public async Task<Result<DecisionDto>> Handle(long id, CancellationToken ct) =>
        await db.PolicyDecisions.AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct) is { } r
            ? PolicyDtos.Decision(r)
            : new NotFound("Decision", id.ToString(CultureInfo.InvariantCulture));

    /// <summary>The decisions about an application, newest first.</summary>
    public async Task<IReadOnlyList<DecisionDto>> ForApplication(long applicationId, CancellationToken ct) =>
        [.. (await db.PolicyDecisions.AsNoTracking().Where(d => d.ApplicationId == applicationId).OrderByDescending(d => d.Id).ToListAsync(ct)).Select(PolicyDtos.Decision)];

    public static async Task<IResult> Endpoint(long id, GetDecision use, CancellationToken ct)
    {
        var result = await use.Handle(id, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}
