using Credo.Domain.Collections;
using Credo.Domain.Amounts;
using Credo.Web.Data;
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
    bool CallRequested);

internal sealed record WorklistDto(DateOnly AsOf, string Queue, IReadOnlyList<WorklistRow> Rows, int Snoozed, int Unassigned);

/// <summary>
/// The collector's worklist: customers with overdue items, assigned by the rules (customer, then group, then segment),
/// ranked by <see cref="CollectionScore"/> with every reason shown, in the reporting currency (Analytics:ReportingCurrency)
/// at the exchange rates in effect today. Promised items and the disputed part of an item do not count as overdue (a
/// partly disputed invoice counts for its undisputed rest); snoozed customers wait until their date. Queue "mine" is the signed-in collector's; managers may ask for
/// "all", "unassigned", or a collector's email.
/// </summary>
internal sealed class Worklist(CreditDb db, Microsoft.Extensions.Options.IOptions<Analytics.AnalyticsOptions> analytics)
{
    public async Task<WorklistDto> Handle(string queue, string? me, CancellationToken ct)
    {
        var today = db.Today();
        var open = await db.Entries.AsNoTracking().Where(e => e.OpenMinor > 0 && e.DueOn != null)
            .Select(e => new { e.Id, e.CustomerId, e.Currency, e.OpenMinor, DueOn = e.DueOn!.Value, e.Disputed }).ToListAsync(ct);
        var disputedParts = await DunningFacts.DisputedParts(db, [.. open.Where(e => e.Disputed && e.DueOn < today).Select(e => e.Id)], ct);
        var reporting = analytics.Value.Reporting;
        var rates = await db.Rates(open.Select(e => e.Currency).Append(reporting.Code), ct);
        var escalated = (await db.CollectionActivities.AsNoTracking().Where(a => a.Kind == ActivityKind.Escalated && a.AtUtc >= db.UtcNow.AddDays(-30)).Select(a => a.CustomerId).ToListAsync(ct)).ToHashSet();
        var promises = await db.PaymentPromises.AsNoTracking().Include(p => p.Items)
            .Where(p => p.Status == PromiseStatus.Open || (p.Status == PromiseStatus.Broken && p.SettledOn >= today.AddDays(-90))).ToListAsync(ct);
        var promisedItems = promises.Where(p => p.Status == PromiseStatus.Open).SelectMany(p => p.Items).Select(i => i.EntryId).ToHashSet();
        var since = db.UtcNow.AddDays(-180);
        var activities = (await db.CollectionActivities.AsNoTracking().Where(a => a.AtUtc >= since && (a.Kind == ActivityKind.Snooze || a.Kind == ActivityKind.Call || a.Kind == ActivityKind.Note)).ToListAsync(ct))
            .GroupBy(a => (a.CustomerId, Snooze: a.Kind == ActivityKind.Snooze)).Select(g => g.MaxBy(a => a.AtUtc)!).ToList();
        var snoozed = activities.Where(a => a.Kind == ActivityKind.Snooze && a.SnoozeUntil > today).Select(a => a.CustomerId).ToHashSet();
        var calls = (await db.DunningMessages.AsNoTracking().Where(m => m.Channel == DunningChannel.CallTask && m.RunOn >= today.AddDays(-14)).Select(m => m.CustomerId).Distinct().ToListAsync(ct)).ToHashSet();
        var customers = await db.Customers.AsNoTracking().Include(c => c.Segments).ThenInclude(s => s.Segment).Where(c => db.Entries.Any(e => e.CustomerId == c.Id && e.OpenMinor > 0 && e.DueOn != null && e.DueOn < today)).ToListAsync(ct); // overdueCustomers as a subquery: beyond 32,766 ids SQLite refuses a list
        var assign = await Assigner(ct);
        var (openOf, promisesOf, activitiesOf) = (open.ToLookup(e => e.CustomerId), promises.ToLookup(p => p.CustomerId), activities.ToLookup(a => a.CustomerId)); // by customer once, not a scan per customer (issue 14 §7)

        var rows = customers.Select(c =>
        {
            var items = openOf[c.Id].ToList();
            var overdue = items.Where(e => e.DueOn < today && !promisedItems.Contains(e.Id))
                .Select(e => e with { OpenMinor = e.Disputed ? DunningFacts.Undisputed(e.OpenMinor, e.Disputed, disputedParts.GetValueOrDefault(e.Id)) ?? 0 : e.OpenMinor })
                .Where(e => e.OpenMinor > 0).ToList();
            var mine = promisesOf[c.Id].ToList();
            var facts = new WorklistFacts(
                [.. overdue.Select(e => (new Money(e.OpenMinor, Currency.Of(e.Currency)), today.DayNumber - e.DueOn.DayNumber))],
                mine.Count(p => p.Status == PromiseStatus.Broken),
                DunningPlanner.Totals(items.Select(e => new Money(e.OpenMinor, Currency.Of(e.Currency)))),
                mine.Count(p => p.Status == PromiseStatus.Open && p.PromisedOn == today))
            {
                Escalations = escalated.Contains(c.Id) ? 1 : 0, Reporting = reporting, Rates = rates, AsOf = today,
            };
            var score = CollectionScore.Rank(facts);
            var next = mine.Where(p => p.Status == PromiseStatus.Open).OrderBy(p => p.PromisedOn).FirstOrDefault();
            var last = activitiesOf[c.Id].Where(a => a.Kind != ActivityKind.Snooze).MaxBy(a => a.AtUtc);
            return (Row: new WorklistRow(0, c.Number, c.TradingName ?? c.LegalName, assign(c), score.Points, [.. score.Reasons.Select(r => new WorklistReason(r.Points, r.Text))],
                [.. DunningPlanner.Totals(facts.Overdue.Select(o => o.Open)).Select(t => Amount.Of(t.Minor, t.Currency.Code))],
                overdue.Count == 0 ? 0 : overdue.Max(e => today.DayNumber - e.DueOn.DayNumber),
                next is null ? null : $"{CollectionsText.Show(next.AmountMinor, next.Currency)} by {next.PromisedOn:yyyy-MM-dd}",
                last is null ? null : $"{last.AtUtc:yyyy-MM-dd}: {Timeline.Describe(last.Kind)}{(CallOutcomes.Text(last.Outcome) is { } o ? ", " + o.ToLowerInvariant() : string.Empty)}",
                c.Contacts.FirstOrDefault(x => x.Phone is not null)?.Phone ?? c.Phone,
                calls.Contains(c.Id)), Snoozed: snoozed.Contains(c.Id));
        }).Where(x => x.Row.Points > 0 || x.Row.Overdue.Count > 0).ToList(); // an amount with no exchange rate scores 0 but stays in the queue, its reason said

        var inQueue = rows.Where(x => !x.Snoozed && InQueue(queue, me, x.Row.Collector)).Select(x => x.Row)
            .OrderByDescending(r => r.Points).ThenBy(r => r.Customer, StringComparer.Ordinal).Select((r, i) => r with { Rank = i + 1 }).ToList();
        return new WorklistDto(today, queue, inQueue, rows.Count(x => x.Snoozed && InQueue(queue, me, x.Row.Collector)), rows.Count(x => x.Row.Collector is null));
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
        return customer is null ? null : (await Assigner(ct))(customer);
    }

    /// <summary>The assignment of each customer by the stored rules (see <see cref="CollectorAssignment.Resolve"/>).</summary>
    private async Task<Func<Customer, string?>> Assigner(CancellationToken ct)
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

        return c => CollectorAssignment.Resolve(rules, c.Number, PathOf(c.GroupId), [.. c.Segments.Where(s => s.Segment is not null).Select(s => $"{s.Segment!.Dimension}:{s.Segment.Code}")])?.Collector;
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
