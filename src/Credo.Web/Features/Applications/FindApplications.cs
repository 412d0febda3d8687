using System.Security.Claims;
using System.Text.Json;
using Credo.Domain.Applications;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Applications;

internal sealed record ApplicationRow(
    string Reference,
    ApplicationKind Kind,
    ApplicationStatus Status,
    string? LegalName,
    string ApplicantEmail,
    string Currency,
    decimal? RequestedLimit,
    string? AssignedTo,
    DateTime? SubmittedAtUtc,
    DateTime UpdatedAtUtc,
    int AgeDays,
    bool AwaitingApplicant,
    string? CustomerNumber);

internal sealed record ApplicationList(IReadOnlyList<ApplicationRow> Items, IReadOnlyDictionary<ApplicationStatus, int> CountsByStatus);

internal sealed record EventView(DateTime AtUtc, string Actor, string Kind, ApplicationStatus? FromStatus, ApplicationStatus? ToStatus, string? Text);

internal sealed record DocumentView(long Id, string FieldKey, string OriginalName, string ContentType, long SizeBytes, DateTime UploadedAtUtc);

internal sealed record AssessmentView(
    long DecisionId,
    int PolicyVersion,
    string Outcome,
    decimal? Limit,
    string Currency,
    string? TermsCode,
    string? RiskClass,
    decimal? Score,
    DateOnly? ReviewOn,
    bool NeedsSecondApprover,
    IReadOnlyList<string> Reasons,
    IReadOnlyList<SignalView> FraudSignals,
    IReadOnlyList<string> Sources,
    IReadOnlyDictionary<string, JsonElement> Facts,
    DateTime AtUtc);

internal sealed record ApprovalView(string By, DateTime AtUtc, decimal Limit, string Currency, string TermsCode, DateOnly? ReviewOn, bool Final, bool Override, string? Reason);

internal sealed record AnswerView(string Key, string Label, string Value);

internal sealed record ApplicationDetails(
    long Id,
    string Reference,
    ApplicationKind Kind,
    ApplicationStatus Status,
    int Version,
    string? LegalName,
    string? TradingName,
    string? TaxId,
    string? Website,
    string? Phone,
    string? Country,
    string ApplicantEmail,
    bool EmailVerified,
    string Currency,
    decimal? RequestedLimit,
    string? RequestedTermsCode,
    string? AssignedTo,
    string? CustomerNumber,
    long? LatestDecisionId,
    DateTime CreatedAtUtc,
    DateTime? SubmittedAtUtc,
    DateTime? DecidedAtUtc,
    bool AwaitingApplicant,
    IReadOnlyList<AnswerView> Answers,
    IReadOnlyList<DocumentView> Documents,
    AssessmentView? LatestAssessment,
    IReadOnlyList<ApprovalView> Approvals,
    ApprovalView? PendingApproval,
    IReadOnlyList<EventView> Events,
    IReadOnlyList<FlowAction> AvailableActions);

/// <summary>Filters for the queue. Age is days since submission (or creation for drafts).</summary>
internal sealed record ApplicationFilter(ApplicationStatus? Status, ApplicationKind? Kind, string? AssignedTo, int? MinAgeDays, bool? Open);

/// <summary>The application queue and one application with everything a reviewer reads.</summary>
internal sealed class FindApplications(CreditDb db)
{
    public async Task<ApplicationList> List(ApplicationFilter f, CancellationToken ct)
    {
        var counts = (await db.Applications.AsNoTracking().GroupBy(a => a.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .ToDictionary(x => x.Key, x => x.Count);
        var query = db.Applications.AsNoTracking();
        if (f.Status is { } status)
        {
            query = query.Where(a => a.Status == status);
        }
        else if (f.Open == true)
        {
            query = query.Where(a => a.Status != ApplicationStatus.Approved && a.Status != ApplicationStatus.Declined && a.Status != ApplicationStatus.Withdrawn && a.Status != ApplicationStatus.Draft);
        }

        if (f.Kind is { } kind)
        {
            query = query.Where(a => a.Kind == kind);
        }

        if (f.AssignedTo is { Length: > 0 } assignee)
        {
            query = assignee == "-" ? query.Where(a => a.AssignedTo == null) : query.Where(a => a.AssignedTo == assignee);
        }

        var now = db.UtcNow;
        if (f.MinAgeDays is { } days && days > 0)
        {
            var before = now.AddDays(-days);
            query = query.Where(a => (a.SubmittedAtUtc ?? a.CreatedAtUtc) <= before);
        }

        var rows = await query.OrderBy(a => a.SubmittedAtUtc ?? a.CreatedAtUtc).ThenBy(a => a.Id).Take(500)
            .Select(a => new { a.Id, a.Reference, a.Kind, a.Status, a.LegalName, a.ApplicantEmail, a.Currency, a.RequestedLimitMinor, a.AssignedTo, a.SubmittedAtUtc, a.CreatedAtUtc, a.UpdatedAtUtc, a.CustomerId })
            .ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var customerIds = rows.Where(r => r.CustomerId != null).Select(r => r.CustomerId!.Value).Distinct().ToList();
        var numbers = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Number, ct);
        var infoEvents = await db.ApplicationEvents.AsNoTracking()
            .Where(e => ids.Contains(e.ApplicationId) && (e.Kind == EventKinds.InfoRequested || e.Kind == EventKinds.InfoProvided))
            .Select(e => new { e.ApplicationId, e.Id, e.Kind }).ToListAsync(ct);
        var awaiting = infoEvents.GroupBy(e => e.ApplicationId).Where(g => g.MaxBy(e => e.Id)!.Kind == EventKinds.InfoRequested).Select(g => g.Key).ToHashSet();
        return new ApplicationList(
            [.. rows.Select(a => new ApplicationRow(
                a.Reference, a.Kind, a.Status, a.LegalName, a.ApplicantEmail, a.Currency,
                a.RequestedLimitMinor is { } m ? MoneyJson.Major(m, a.Currency) : null,
                a.AssignedTo, a.SubmittedAtUtc, a.UpdatedAtUtc, (int)(now - (a.SubmittedAtUtc ?? a.CreatedAtUtc)).TotalDays,
                a.Status == ApplicationStatus.InReview && awaiting.Contains(a.Id),
                a.CustomerId is { } c && numbers.TryGetValue(c, out var n) ? n : null))],
            counts);
    }

    public async Task<ApplicationDetails?> Get(string reference, FlowActor? viewer, CancellationToken ct)
    {
        var id = await db.Applications.AsNoTracking().Where(a => a.Reference == reference).Select(a => (long?)a.Id).SingleOrDefaultAsync(ct);
        return id is { } found ? await Details(db, found, viewer, ct) : null;
    }

    /// <summary>What a workflow endpoint answers: the application as it now is (no caller-specific actions).</summary>
    public static Task<ApplicationDetails?> Summary(CreditDb db, long id, CancellationToken ct) => Details(db, id, null, ct);

    private static async Task<ApplicationDetails?> Details(CreditDb db, long id, FlowActor? viewer, CancellationToken ct)
    {
        var a = await db.Applications.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (a is null)
        {
            return null;
        }

        var definition = await db.ApplicationTemplates.AsNoTracking().Where(t => t.Id == a.TemplateId).Select(t => t.DefinitionJson).SingleOrDefaultAsync(ct);
        var labels = TemplateReading.Labels(definition);
        var customerNumber = a.CustomerId is { } cid ? await db.Customers.AsNoTracking().Where(c => c.Id == cid).Select(c => c.Number).SingleOrDefaultAsync(ct) : null;
        var events = await db.ApplicationEvents.AsNoTracking().Where(e => e.ApplicationId == id).OrderBy(e => e.Id)
            .Select(e => new EventView(e.AtUtc, e.Actor, e.Kind, e.FromStatus, e.ToStatus, e.Text)).ToListAsync(ct);
        var documents = await db.ApplicationDocuments.AsNoTracking().Where(d => d.ApplicationId == id).OrderBy(d => d.Id)
            .Select(d => new DocumentView(d.Id, d.FieldKey, d.OriginalName, d.ContentType, d.SizeBytes, d.UploadedAtUtc)).ToListAsync(ct);
        var assessment = await db.LatestAssessment(id, ct);
        var approvals = await db.ApplicationApprovals.AsNoTracking().Where(x => x.ApplicationId == id).OrderBy(x => x.Id).ToListAsync(ct);
        var approvalViews = approvals.Select(x => new ApprovalView(x.By, x.AtUtc, MoneyJson.Major(x.LimitMinor, x.Currency), x.Currency, x.TermsCode, x.ReviewOn, x.Final, x.Override, x.Reason)).ToList();
        var last = approvals.LastOrDefault();
        var pending = last is { Final: false } && last.DecisionId == a.LatestDecisionId && ApplicationFlow.IsWithPeople(a.Status) ? approvalViews[^1] : null;
        var awaiting = events.LastOrDefault(e => e.Kind is EventKinds.InfoRequested or EventKinds.InfoProvided)?.Kind == EventKinds.InfoRequested;
        return new ApplicationDetails(
            a.Id, a.Reference, a.Kind, a.Status, a.Version, a.LegalName, a.TradingName, a.TaxId, a.Website, a.Phone, a.Country,
            a.ApplicantEmail, a.EmailVerifiedAtUtc is not null, a.Currency,
            a.RequestedLimitMinor is { } m ? MoneyJson.Major(m, a.Currency) : null, a.RequestedTermsCode, a.AssignedTo, customerNumber,
            a.LatestDecisionId, a.CreatedAtUtc, a.SubmittedAtUtc, a.DecidedAtUtc, a.Status == ApplicationStatus.InReview && awaiting,
            [.. TemplateReading.Answers(a.AnswersJson).Select(p => new AnswerView(p.Key, TemplateReading.Label(p.Key, labels), p.Value))],
            documents,
            assessment is null ? null : View(assessment),
            approvalViews,
            pending,
            events,
            viewer is { } role ? ApplicationFlow.Available(a.Status, role) : []);
    }

    private static AssessmentView View(ApplicationAssessment x) => new(
        x.DecisionId, x.PolicyVersion, x.Outcome,
        x.LimitMinor is { } l ? MoneyJson.Major(l, x.Currency) : null,
        x.Currency, x.TermsCode, x.RiskClass, x.Score, x.ReviewOn, x.NeedsSecondApprover,
        JsonSerializer.Deserialize<List<string>>(x.ReasonsJson) ?? [],
        JsonSerializer.Deserialize<List<SignalView>>(x.FraudSignalsJson, JsonSerializerOptions.Web) ?? [],
        JsonSerializer.Deserialize<List<string>>(x.SourcesJson) ?? [],
        JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(x.FactsJson) ?? [],
        x.AtUtc);

    public static async Task<IResult> ListEndpoint(ApplicationStatus? status, ApplicationKind? kind, string? assignedTo, int? minAgeDays, bool? open, FindApplications find, CancellationToken ct) =>
        TypedResults.Ok(await find.List(new ApplicationFilter(status, kind, assignedTo, minAgeDays, open), ct));

    public static async Task<IResult> GetEndpoint(string reference, FindApplications find, CreditDb db, ClaimsPrincipal user, CancellationToken ct) =>
        await find.Get(reference, WorkflowActor.From(user, db.Actor.Name)?.Role, ct) is { } details ? TypedResults.Ok(details) : Problems.NotFound("Application", reference);
}

internal static class AssessmentQueries
{
    public static Task<ApplicationAssessment?> LatestAssessment(this CreditDb db, long applicationId, CancellationToken ct) =>
        db.ApplicationAssessments.AsNoTracking().Where(x => x.ApplicationId == applicationId).OrderByDescending(x => x.Id).FirstOrDefaultAsync(ct);
}
