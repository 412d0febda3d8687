using Credo.Domain.Collections;
using Credo.Domain.Amounts;
using Credo.Web.Data;
using Credo.Web.Features.Ledger;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Money = Credo.Domain.Amounts.Money;

namespace Credo.Web.Features.Collections;

internal sealed record WorklistReason(long Points, string Text);

/// <summary>A customer in a queue, with its rank's reasons, what is overdue and what was last done.</summary>
internal sealed record WorklistRow(
    int Rank,
    string Customer,
    string CustomerName,
    string? Collector,
    long Points,
    IReadOnlyList<WorklistReason> Reasons,
    IReadOnlyList<Amount> Overdue,
    int OldestDaysPastDue,
    string? OpenPromise,
    string? LastContact,
    string? Phone,
    bool CallRequested)
{
    /// <summary>The risk class of the customer's latest credit decision, in the scorecard's words; null when none.</summary>
    public string? RiskClass { get; init; }

    /// <summary>Whether the payment prediction counted in the rank.</summary>
    public bool Predicted { get; init; }
}

internal sealed record WorklistDto(DateOnly AsOf, string Queue, IReadOnlyList<WorklistRow> Rows, int Snoozed, int Unassigned);

/// <summary>
/// The collector's worklist: customers with overdue items, assigned by the rules (customer, then group, then segment),
/// ranked by <see cref="CollectionScore"/> with every reason shown, in the reporting currency (Analytics:ReportingCurrency)
/// at the exchange rates in effect today. Promised items and the disputed part of an item do not count as overdue (a
/// partly disputed invoice counts for its undisputed rest); snoozed customers wait until their date. Queue "mine" is the signed-in collector's; managers may ask for
/// "all", "unassigned", or a collector's email. The queue is chosen first and only its customers' items are read (issue
/// 14 §7). The payment prediction (<see cref="IPaymentOutlooks"/>, one question per customer) is asked for the first
/// <see cref="PredictedAtTop"/> customers of the rank without it, when a model is trained, and re-ranks them by amount ×
/// days until paid; without a trained model the rank falls back to amount × days late.
/// </summary>
internal sealed class Worklist(CreditDb db, Microsoft.Extensions.Options.IOptions<Analytics.AnalyticsOptions> analytics, IPaymentOutlooks outlooks)
{
    /// <summary>How many of the queue's first customers get the payment prediction asked (each is a question of its own).</summary>
    public const int PredictedAtTop = 20;

    private static readonly IReadOnlyDictionary<long, PaymentOutlookDto> NoOutlook = new Dictionary<long, PaymentOutlookDto>();

    public async Task<WorklistDto> Handle(string queue, string? me, CancellationToken ct)
    {
        var today = db.Today();
        var assign = await Assigner(ct);
        var keys = await db.Customers.AsNoTracking().Where(c => db.Entries.Any(e => e.CustomerId == c.Id && e.OpenMinor > 0 && e.DueOn != null && e.DueOn < today)) // a subquery: beyond 32,766 ids SQLite refuses a list
            .Select(c => new { c.Id, c.Number, c.GroupId, Segments = c.Segments.Where(s => s.Segment != null).Select(s => s.Segment!.Dimension + ":" + s.Segment.Code).ToList() }).ToListAsync(ct);
        var collectorOf = keys.ToDictionary(k => k.Id, k => assign(k.Number, k.GroupId, k.Segments));
        var wanted = collectorOf.Where(x => InQueue(queue, me, x.Value)).Select(x => x.Key).ToList();
        var facts = await QueueFacts.Load(db, wanted, queue == "all", today, analytics.Value.Reporting, ct);
        var rows = facts.Customers.Select(c => (Row: facts.Row(c, collectorOf.GetValueOrDefault(c.Id), NoOutlook), Snoozed: facts.Snoozed.Contains(c.Id)))
            .Where(x => x.Row.Points > 0 || x.Row.Overdue.Count > 0).ToList(); // an amount with no exchange rate scores 0 but stays in the queue, its reason said
        var ranked = rows.Where(x => !x.Snoozed).Select(x => x.Row).OrderByDescending(r => r.Points).ThenBy(r => r.Customer, StringComparer.Ordinal).ToList();
        var predicted = await Predict(facts, ranked.Take(PredictedAtTop).ToList(), collectorOf, today, ct);
        var inQueue = ranked.Select(r => predicted.GetValueOrDefault(r.Customer) ?? r)
            .OrderByDescending(r => r.Points).ThenBy(r => r.Customer, StringComparer.Ordinal).Select((r, i) => r with { Rank = i + 1 }).ToList();
        return new WorklistDto(today, queue, inQueue, rows.Count(x => x.Snoozed), collectorOf.Count(x => x.Value is null));
    }

    /// <summary>The first customers' rows again with the payment prediction of their overdue items, where the analytics slice has one.</summary>
    private async Task<Dictionary<string, WorklistRow>> Predict(QueueFacts facts, List<WorklistRow> top, Dictionary<long, string?> collectorOf, DateOnly today, CancellationToken ct)
    {
        var result = new Dictionary<string, WorklistRow>(StringComparer.Ordinal);
        if (top.Count == 0 || !await outlooks.Trained(ct))
        {
            return result; // no trained model: each question would read the whole portfolio, and the baseline is the customer's own average
        }

        var byNumber = facts.Customers.ToDictionary(c => c.Number, StringComparer.Ordinal);
        foreach (var row in top)
        {
            var customer = byNumber[row.Customer];
            var outlook = await outlooks.ForCustomer(customer.Id, today, ct);
            if (outlook.Count > 0)
            {
                result[row.Customer] = facts.Row(customer, collectorOf.GetValueOrDefault(customer.Id), outlook);
            }
        }

        return result;
    }

    private static bool InQueue(string queue, string? me, string? collector) => queue switch
    {
        "all" => true,
        "unassigned" => collector is null,
        "mine" => me is not null && string.Equals(collector, me, StringComparison.OrdinalIgnoreCase),
        _ => string.Equals(collector, queue, StringComparison.OrdinalIgnoreCase),
    };

    /// <summary>The collector assigned to one customer by the stored rules, or null (a new case's owner).</summary>
    public async Task<string?> CollectorOf(long customerId, CancellationToken ct)
    {
        var customer = await db.Customers.AsNoTracking().Include(c => c.Segments).ThenInclude(s => s.Segment).SingleOrDefaultAsync(c => c.Id == customerId, ct);
        return customer is null ? null : (await Assigner(ct))(customer.Number, customer.GroupId, [.. customer.Segments.Where(s => s.Segment is not null).Select(s => $"{s.Segment!.Dimension}:{s.Segment.Code}")]);
    }

    /// <summary>The assignment of each customer by the stored rules (see <see cref="CollectorAssignment.Resolve"/>).</summary>
    private async Task<Func<string, long?, List<string>, string?>> Assigner(CancellationToken ct)
    {
        var rules = (await db.CollectorRules.AsNoTracking().OrderBy(r => r.Id).ToListAsync(ct)).Select(r => new AssignmentRule(r.Scope, r.Key, r.CollectorEmail)).ToList();
        var groups = await db.Groups.AsNoTracking().ToDictionaryAsync(g => g.Id, ct);
        List<string> PathOf(long? id)
        {
            var path = new List<string>();
            while (id is { } g && groups.TryGetValue(g, out var group) && path.Count < 32)
            {
                path.Add(group.Code);
                id = group.ParentId;
            }

            return path;
        }

        return (number, groupId, segments) => CollectorAssignment.Resolve(rules, number, PathOf(groupId), segments)?.Collector;
    }

    /// <summary>Collectors see their own queue; credit managers, admins and viewers may see any.</summary>
    public static string QueueFor(System.Security.Claims.ClaimsPrincipal user, string? asked)
    {
        var collectorOnly = user.IsInRole(Roles.Collector) && !user.IsInRole(Roles.CreditManager) && !user.IsInRole(Roles.Admin);
        return collectorOnly ? "mine" : string.IsNullOrWhiteSpace(asked) ? "all" : asked.Trim().ToLowerInvariant();
    }

    /// <summary>The signed-in person's email (a staff user's name), or null for an API key.</summary>
    public static string? Me(System.Security.Claims.ClaimsPrincipal user) => user.Identity?.Name is { } name && name.Contains('@', StringComparison.Ordinal) ? name : null;

    public static async Task<IResult> Endpoint(string? queue, System.Security.Claims.ClaimsPrincipal user, Worklist use, CancellationToken ct) =>
        TypedResults.Ok(await use.Handle(QueueFor(user, queue), Me(user), ct));
}
