using Credo.Domain.Amounts;
using Credo.Domain.Collections;
using Credo.Domain.Credit;
using Credo.Web.Data;
using Credo.Web.Features.Ledger;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Money = Credo.Domain.Amounts.Money;

namespace Credo.Web.Features.Collections;

/// <summary>One open item of a queue's customer, as the worklist ranks it.</summary>
internal sealed record QueueItem(long Id, long CustomerId, string Currency, long OpenMinor, DateOnly DueOn, bool Disputed);

/// <summary>
/// What the worklist reads for the customers of one queue, read once and grouped by customer (issue 14 §7): their open
/// items, promises (open, broken in 90 days, kept in 12 months), recent contacts and snoozes, call tasks, escalations and
/// risk classes. The customers are named by one JSON/array parameter (<c>EF.Parameter</c>), not one variable per id:
/// SQLite stops at 32,766 variables.
/// </summary>
internal sealed class QueueFacts
{
    public required IReadOnlyList<Customer> Customers { get; init; }

    public required ILookup<long, QueueItem> Open { get; init; }

    public required Dictionary<long, long> DisputedParts { get; init; }

    public required ILookup<long, PaymentPromise> Promises { get; init; }

    public required HashSet<long> PromisedItems { get; init; }

    public required ILookup<long, CollectionActivity> Activities { get; init; }

    public required HashSet<long> Snoozed { get; init; }

    public required HashSet<long> Calls { get; init; }

    public required HashSet<long> Escalated { get; init; }

    public required Dictionary<long, string> RiskClasses { get; init; }

    public required Currency Reporting { get; init; }

    public required RateTable Rates { get; init; }

    public DateOnly Today { get; init; }

    public static async Task<QueueFacts> Load(CreditDb db, List<long> wanted, bool all, DateOnly today, Currency reporting, CancellationToken ct)
    {
        var set = wanted.ToHashSet();
        bool Mine(long id) => all || set.Contains(id);
        var customers = await (all ? db.Customers : db.Customers.Where(c => EF.Parameter(wanted).Contains(c.Id))).AsNoTracking()
            .Where(c => db.Entries.Any(e => e.CustomerId == c.Id && e.OpenMinor > 0 && e.DueOn != null && e.DueOn < today)).ToListAsync(ct);
        var open = await (all ? db.Entries : db.Entries.Where(e => EF.Parameter(wanted).Contains(e.CustomerId))).AsNoTracking().Where(e => e.OpenMinor > 0 && e.DueOn != null)
            .Select(e => new QueueItem(e.Id, e.CustomerId, e.Currency, e.OpenMinor, e.DueOn!.Value, e.Disputed)).ToListAsync(ct);
        var since = db.UtcNow.AddDays(-180);
        var promises = await db.PaymentPromises.AsNoTracking().Include(p => p.Items)
            .Where(p => p.Status == PromiseStatus.Open || (p.Status == PromiseStatus.Broken && p.SettledOn >= today.AddDays(-90)) || (p.Status == PromiseStatus.Kept && p.SettledOn >= today.AddDays(-365)))
            .ToListAsync(ct);
        var activities = (await db.CollectionActivities.AsNoTracking().Where(a => a.AtUtc >= since && (a.Kind == ActivityKind.Snooze || a.Kind == ActivityKind.Call || a.Kind == ActivityKind.Note || a.Kind == ActivityKind.ReminderSent)).ToListAsync(ct))
            .Where(a => Mine(a.CustomerId)).GroupBy(a => (a.CustomerId, Snooze: a.Kind == ActivityKind.Snooze)).Select(g => g.MaxBy(a => a.AtUtc)!).ToList();
        var escalatedSince = db.UtcNow.AddDays(-30);
        return new QueueFacts
        {
            Customers = customers, Open = open.ToLookup(e => e.CustomerId), Today = today, Reporting = reporting,
            DisputedParts = await DunningFacts.DisputedParts(db, [.. open.Where(e => e.Disputed && e.DueOn < today).Select(e => e.Id)], ct),
            Rates = await db.Rates(open.Select(e => e.Currency).Append(reporting.Code), ct),
            Promises = promises.Where(p => Mine(p.CustomerId)).ToLookup(p => p.CustomerId),
            PromisedItems = [.. promises.Where(p => p.Status == PromiseStatus.Open).SelectMany(p => p.Items).Select(i => i.EntryId)],
            Activities = activities.ToLookup(a => a.CustomerId),
            Snoozed = [.. activities.Where(a => a.Kind == ActivityKind.Snooze && a.SnoozeUntil > today).Select(a => a.CustomerId)],
            Calls = [.. await db.DunningMessages.AsNoTracking().Where(m => m.Channel == DunningChannel.CallTask && m.RunOn >= today.AddDays(-14)).Select(m => m.CustomerId).Distinct().ToListAsync(ct)],
            Escalated = [.. await db.CollectionActivities.AsNoTracking().Where(a => a.Kind == ActivityKind.Escalated && a.AtUtc >= escalatedSince).Select(a => a.CustomerId).ToListAsync(ct)],
            RiskClasses = await DunningFacts.RiskClasses(db, [.. customers.Select(c => c.Id)], ct),
        };
    }

    /// <summary>The customer's row: the overdue items (less promised and disputed parts) scored with <see cref="CollectionScore"/>, the prediction where given.</summary>
    public WorklistRow Row(Customer c, string? collector, IReadOnlyDictionary<long, PaymentOutlookDto> outlook)
    {
        var items = Open[c.Id].ToList();
        var overdue = items.Where(e => e.DueOn < Today && !PromisedItems.Contains(e.Id))
            .Select(e => e with { OpenMinor = e.Disputed ? DunningFacts.Undisputed(e.OpenMinor, e.Disputed, DisputedParts.GetValueOrDefault(e.Id)) ?? 0 : e.OpenMinor })
            .Where(e => e.OpenMinor > 0).ToList();
        var mine = Promises[c.Id].ToList();
        var facts = new WorklistFacts(
            [.. overdue.Select(e => (Money(e), Today.DayNumber - e.DueOn.DayNumber))],
            mine.Count(p => p.Status == PromiseStatus.Broken && p.SettledOn >= Today.AddDays(-90)),
            DunningPlanner.Totals(items.Select(Money)),
            mine.Count(p => p.Status == PromiseStatus.Open && p.PromisedOn == Today))
        {
            Escalations = Escalated.Contains(c.Id) ? 1 : 0, Reporting = Reporting, Rates = Rates, AsOf = Today,
            Predicted = [.. overdue.Where(e => outlook.ContainsKey(e.Id)).Select(e => (Money(e), outlook[e.Id].ExpectedPayDate.DayNumber - Today.DayNumber))],
            RiskClass = RiskClasses.GetValueOrDefault(c.Id),
            KeptPromises = mine.Count(p => p.Status == PromiseStatus.Kept),
        };
        var score = CollectionScore.Rank(facts);
        var next = mine.Where(p => p.Status == PromiseStatus.Open).OrderBy(p => p.PromisedOn).FirstOrDefault();
        var last = Activities[c.Id].Where(a => a.Kind != ActivityKind.Snooze).MaxBy(a => a.AtUtc);
        return new WorklistRow(0, c.Number, c.TradingName ?? c.LegalName, collector, score.Points, [.. score.Reasons.Select(r => new WorklistReason(r.Points, r.Text))],
            [.. DunningPlanner.Totals(facts.Overdue.Select(o => o.Open)).Select(t => Amount.Of(t.Minor, t.Currency.Code))],
            overdue.Count == 0 ? 0 : overdue.Max(e => Today.DayNumber - e.DueOn.DayNumber),
            next is null ? null : $"{CollectionsText.Show(next.AmountMinor, next.Currency)} by {next.PromisedOn:yyyy-MM-dd}",
            last is null ? null : $"{last.AtUtc:yyyy-MM-dd}: {Timeline.Describe(last.Kind)}{(CallOutcomes.Text(last.Outcome) is { } o ? ", " + o.ToLowerInvariant() : string.Empty)}",
            c.Contacts.FirstOrDefault(x => x.Phone is not null)?.Phone ?? c.Phone,
            Calls.Contains(c.Id))
        {
            RiskClass = facts.RiskClass?.Trim().ToLowerInvariant(),
            Predicted = facts.Predicted.Count > 0,
        };
    }

    private static Money Money(QueueItem e) => new(e.OpenMinor, Currency.Of(e.Currency));
}
