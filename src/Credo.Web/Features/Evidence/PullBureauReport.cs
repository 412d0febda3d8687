using Credo.Domain.Bureau;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.Evidence;

/// <summary>The report the waterfall settled on (or none), and what happened on the way, for the sources list.</summary>
/// <param name="FromCache">True when a fresh stored report was reused and no provider was called.</param>
internal sealed record BureauOutcome(BureauPull? Report, bool FromCache, int AgeDays, IReadOnlyList<string> Trail);

/// <summary>
/// Gets a bureau report for a subject with cost control. First the cache: the newest report younger than
/// Evidence:Bureau:MaxAgeDays from a provider in the waterfall (in waterfall order, so a manual report an analyst entered
/// outranks a bought one when "manual" comes first) is reused without calling anyone. Otherwise each provider is asked
/// in order, skipping one that said "no match" for this subject within the window; every call is stored with its
/// outcome and cost (the audit), and the first report wins. A failure or "no match" falls through to the next.
/// </summary>
internal sealed class PullBureauReport(CreditDb db, BureauProviders providers, IOptions<EvidenceOptions> options)
{
    public async Task<BureauOutcome> Pull(BureauSubject subject, CancellationToken ct)
    {
        var now = db.UtcNow;
        var freshFrom = now.AddDays(-options.Value.Bureau.MaxAgeDays);
        var order = providers.Names;
        var recent = await db.BureauPulls.AsNoTracking()
            .Where(p => p.SubjectKey == subject.Key && p.PulledAtUtc >= freshFrom && p.Outcome != BureauPullOutcome.Failed && order.Contains(p.Provider))
            .OrderByDescending(p => p.Id)
            .ToListAsync(ct);
        var cached = order
            .Select(name => recent.FirstOrDefault(p => p.Provider == name && p.Outcome == BureauPullOutcome.Report))
            .FirstOrDefault(p => p is not null);
        if (cached is not null)
        {
            var age = AgeDays(cached, now);
            return new BureauOutcome(cached, true, age, [$"bureau: {cached.Provider} report {cached.Id} reused from the cache, {age} days old (no new pull within {options.Value.Bureau.MaxAgeDays} days)"]);
        }

        var trail = new List<string>();
        foreach (var provider in providers.InOrder())
        {
            if (recent.FirstOrDefault(p => p.Provider == provider.Name && p.Outcome == BureauPullOutcome.NoMatch) is { } earlierNoMatch)
            {
                trail.Add($"bureau: {provider.Name} skipped, it found no match {AgeDays(earlierNoMatch, now)} days ago (pull {earlierNoMatch.Id})");
                continue;
            }

            var answer = await provider.PullAsync(subject, ct);
            var pull = Record(subject, provider, answer, now);
            db.BureauPulls.Add(pull);
            await db.SaveChangesAsync(ct);
            switch (answer)
            {
                case BureauAnswer.Found:
                    trail.Add($"bureau: {provider.Name} report {pull.Id}, pulled now at a cost of {provider.CostPerCall}");
                    return new BureauOutcome(pull, false, 0, trail);
                case BureauAnswer.NoMatch noMatch:
                    trail.Add($"bureau: {provider.Name} found no match (pull {pull.Id}): {noMatch.Detail}");
                    break;
                case BureauAnswer.Failed failed:
                    trail.Add($"bureau: {provider.Name} failed (pull {pull.Id}): {failed.Detail}");
                    break;
            }
        }

        trail.Add("bureau: no provider returned a report");
        return new BureauOutcome(null, false, 0, trail);
    }

    public static int AgeDays(BureauPull pull, DateTime nowUtc) => DateOnly.FromDateTime(nowUtc).DayNumber - DateOnly.FromDateTime(pull.PulledAtUtc).DayNumber;

    private BureauPull Record(BureauSubject subject, IBureauProvider provider, BureauAnswer answer, DateTime now)
    {
        var pull = new BureauPull
        {
            Provider = provider.Name,
            SubjectKey = subject.Key,
            ApplicationId = subject.ApplicationId,
            CustomerId = subject.CustomerId,
            PulledAtUtc = now,
            RequestedBy = db.Actor.Name,
            CostMinor = provider.CostPerCall.Minor,
            CostCurrency = provider.CostPerCall.Currency.Code,
        };
        switch (answer)
        {
            case BureauAnswer.Found found:
                pull.Outcome = BureauPullOutcome.Report;
                pull.RawJson = found.RawJson;
                Fill(pull, found.Report);
                break;
            case BureauAnswer.NoMatch noMatch:
                pull.Outcome = BureauPullOutcome.NoMatch;
                pull.RawJson = noMatch.RawJson;
                pull.Detail = Cap(noMatch.Detail);
                break;
            case BureauAnswer.Failed failed:
                pull.Outcome = BureauPullOutcome.Failed;
                pull.Detail = Cap(failed.Detail);
                break;
        }

        return pull;
    }

    public static void Fill(BureauPull pull, BureauReport report)
    {
        pull.Score = report.Score;
        pull.SuggestedLimitMinor = report.SuggestedLimit?.Minor;
        pull.SuggestedLimitCurrency = report.SuggestedLimit?.Currency.Code;
        pull.Bankruptcy = report.Bankruptcy;
        pull.Judgments = report.Judgments;
    }

    private static string Cap(string detail) => detail.Length <= 1000 ? detail : detail[..1000];
}

/// <summary>A stored pull as the API and pages show it.</summary>
internal sealed record BureauPullDto(
    long Id,
    string Provider,
    string Subject,
    DateTime PulledAtUtc,
    int AgeDays,
    string Outcome,
    int? Score,
    Amount? SuggestedLimit,
    bool? Bankruptcy,
    int? Judgments,
    string? Detail,
    Amount Cost,
    string RequestedBy,
    string RawJson)
{
    public static BureauPullDto Of(BureauPull p, DateTime nowUtc) => new(
        p.Id,
        p.Provider,
        p.SubjectKey,
        p.PulledAtUtc,
        PullBureauReport.AgeDays(p, nowUtc),
        p.Outcome.ToString(),
        p.Score,
        p.SuggestedLimitMinor is { } l && p.SuggestedLimitCurrency is { } c ? Amount.Of(l, c) : null,
        p.Bankruptcy,
        p.Judgments,
        p.Detail,
        Amount.Of(p.CostMinor, p.CostCurrency),
        p.RequestedBy,
        p.RawJson);
}

/// <summary>Figures of a bureau report an analyst read elsewhere (a PDF, a phone call) and enters by hand.</summary>
internal sealed record ManualBureauReportRequest(int? Score, decimal? SuggestedLimit, string? Currency, bool? Bankruptcy, int? Judgments, string? Note);

/// <summary>An analyst enters (or uploads as JSON) a bureau report for an application or customer: stored as a "manual" pull at no cost.</summary>
internal sealed class EnterBureauReport(CreditDb db)
{
    public async Task<Domain.Common.Result<BureauPullDto>> Handle(EvidenceTarget target, ManualBureauReportRequest r, CancellationToken ct)
    {
        if (r.Score is < 0 or > 100)
        {
            return new Domain.Common.ValidationFailed("score", "The score is normalised to 0..100.");
        }

        if (r.Judgments is < 0)
        {
            return new Domain.Common.ValidationFailed("judgments", "Judgments are a count, zero or more.");
        }

        Money? limit = null;
        if (r.SuggestedLimit is { } amount)
        {
            var currency = MoneyJson.ParseCurrency(r.Currency ?? target.Currency.Code);
            if (!currency.IsOk)
            {
                return currency.Error!;
            }

            if (amount < 0)
            {
                return new Domain.Common.ValidationFailed("suggestedLimit", "A suggested limit is zero or more.");
            }

            var money = Money.FromMajor(amount, currency.Value, "suggestedLimit");
            if (!money.IsOk)
            {
                return money.Error!;
            }

            limit = money.Value;
        }

        if (r.Score is null && limit is null && r.Bankruptcy is null && r.Judgments is null)
        {
            return new Domain.Common.ValidationFailed("score", "Enter at least one figure of the report.");
        }

        var subject = target.Subject;
        var pull = new BureauPull
        {
            Provider = ManualBureauProvider.ProviderName,
            SubjectKey = subject.Key,
            ApplicationId = target.ApplicationId,
            CustomerId = target.CustomerId,
            PulledAtUtc = db.UtcNow,
            RequestedBy = db.Actor.Name,
            Outcome = BureauPullOutcome.Report,
            RawJson = System.Text.Json.JsonSerializer.Serialize(r, System.Text.Json.JsonSerializerOptions.Web),
            Detail = string.IsNullOrWhiteSpace(r.Note) ? "Entered by hand." : r.Note.Trim()[..Math.Min(r.Note.Trim().Length, 1000)],
            CostMinor = 0,
            CostCurrency = target.Currency.Code,
        };
        PullBureauReport.Fill(pull, new BureauReport(r.Score, limit, r.Bankruptcy, r.Judgments));
        db.BureauPulls.Add(pull);
        await db.SaveChangesAsync(ct);
        return BureauPullDto.Of(pull, db.UtcNow);
    }

    /// <summary>Every pull for the target's subject, newest first: the report history with ages, outcomes and costs.</summary>
    public async Task<IReadOnlyList<BureauPullDto>> List(EvidenceTarget target, CancellationToken ct)
    {
        var key = target.Subject.Key;
        var pulls = await db.BureauPulls.AsNoTracking().Where(p => p.SubjectKey == key).OrderByDescending(p => p.Id).Take(200).ToListAsync(ct);
        var now = db.UtcNow;
        return [.. pulls.Select(p => BureauPullDto.Of(p, now))];
    }

    public static async Task<IResult> PostEndpoint(string kind, string key, ManualBureauReportRequest request, CreditDb db, EnterBureauReport enter, CancellationToken ct)
    {
        var target = await db.Resolve(kind, key, ct);
        if (!target.IsOk)
        {
            return target.Error!.ToProblem();
        }

        var result = await enter.Handle(target.Value!, request, ct);
        return result.IsOk ? TypedResults.Created($"/api/evidence/{kind}/{Uri.EscapeDataString(key)}/bureau-reports", result.Value) : result.Error!.ToProblem();
    }

    public static async Task<IResult> ListEndpoint(string kind, string key, CreditDb db, EnterBureauReport enter, CancellationToken ct)
    {
        var target = await db.Resolve(kind, key, ct);
        return target.IsOk ? TypedResults.Ok(await enter.List(target.Value!, ct)) : target.Error!.ToProblem();
    }
}
