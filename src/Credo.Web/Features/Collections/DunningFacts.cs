using Credo.Domain.Collections;
using Credo.Domain.Money;
using Credo.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Collections;

/// <summary>Settings of the collections feature (section <c>Collections</c>).</summary>
internal sealed class CollectionsOptions
{
    public const string Section = "Collections";

    /// <summary>Run dunning once a day in the background (off by default: sending reminders is the seller's decision).</summary>
    public bool DailyRun { get; set; }

    /// <summary>The hour (UTC) from which the daily run may start.</summary>
    public int DailyRunHourUtc { get; set; } = 6;

    /// <summary>An amount short of a promise that still counts as kept, in minor units.</summary>
    public long PromiseToleranceMinor { get; set; } = 5_00;

    /// <summary>Days after the promised date before an unpaid promise counts as broken.</summary>
    public int PromiseGraceDays { get; set; } = 2;

    public PromiseTolerance Tolerance => new(PromiseToleranceMinor, PromiseGraceDays);
}

/// <summary>
/// Loads what the dunning decision needs as of a date, for every customer with an item at a level: open items with
/// their dispute flag, the last level each was reminded at, open promises (as evaluated on that date), active plans,
/// the last message date and the contact to write to. The decision itself is <see cref="DunningPlanner"/>.
/// </summary>
internal static class DunningFacts
{
    public static async Task<List<DunningCustomer>> Load(CreditDb db, DunningPolicy policy, PromiseState promises, DateOnly asOf, CancellationToken ct)
    {
        var earliest = policy.Levels.Min(l => l.DaysFromDue);
        var dueBy = asOf.AddDays(-earliest);
        var items = await db.Entries.AsNoTracking()
            .Where(e => e.OpenMinor > 0 && e.DueOn != null && e.DueOn <= dueBy)
            .Select(e => new { e.Id, e.CustomerId, e.Document, DueOn = e.DueOn!.Value, e.Currency, e.OpenMinor, e.Disputed })
            .ToListAsync(ct);
        if (items.Count == 0)
        {
            return [];
        }

        var customerIds = items.Select(i => i.CustomerId).Distinct().ToList();
        var itemIds = items.Select(i => i.Id).ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var lastLevels = await db.DunningMessageItems.AsNoTracking().Where(i => itemIds.Contains(i.EntryId))
            .GroupBy(i => i.EntryId).Select(g => new { g.Key, Level = g.Max(i => i.LevelIndex) }).ToDictionaryAsync(x => x.Key, x => x.Level, ct);
        var lastMessages = await db.DunningMessages.AsNoTracking().Where(m => customerIds.Contains(m.CustomerId) && m.RunOn <= asOf)
            .GroupBy(m => m.CustomerId).Select(g => new { g.Key, On = g.Max(m => m.RunOn) }).ToDictionaryAsync(x => x.Key, x => x.On, ct);
        var promisedBy = promises.StillOpen.SelectMany(p => p.Items.Select(i => (i.EntryId, p.PromisedOn)))
            .GroupBy(x => x.EntryId).ToDictionary(g => g.Key, g => g.Max(x => x.PromisedOn));
        var onPlans = promises.CustomersOnActivePlans.ToHashSet();

        return [.. items.GroupBy(i => i.CustomerId).Where(g => customers.ContainsKey(g.Key)).Select(g =>
        {
            var c = customers[g.Key];
            var recipient = DunningContacts.Choose([.. c.Contacts.Select(x => new ContactCard(x.Name, x.Role, x.Email, x.Phone))], c.LegalName, c.Email, c.Phone);
            var dunningItems = g.Select(i => new DunningItem(i.Id, i.Document ?? $"#{i.Id}", i.DueOn, new Money(i.OpenMinor, Currency.Of(i.Currency)), i.Disputed,
                lastLevels.TryGetValue(i.Id, out var level) ? level : null, promisedBy.TryGetValue(i.Id, out var by) ? by : null)).ToList();
            return new DunningCustomer(c.Id, c.Number, c.TradingName ?? c.LegalName, policy.LanguageFor(c.BillingAddress.Country), recipient,
                lastMessages.TryGetValue(c.Id, out var last) ? last : null, onPlans.Contains(c.Id), dunningItems);
        }).OrderBy(c => c.Number, StringComparer.Ordinal)];
    }
}
