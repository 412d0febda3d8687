using Credo.Domain.Collections;
using Credo.Domain.Amounts;
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

    /// <summary>A payment naming an invoice that leaves more than this open on it (minor units) opens a deduction case.</summary>
    public long DeductionToleranceMinor { get; set; } = 5_00;

    /// <summary>Days to resolve a case when its reason has no service level of its own (duplicate billing 5, price and not received 10).</summary>
    public int CaseServiceDays { get; set; } = 14;

    public CaseServiceLevel ServiceLevel => CaseServiceLevel.Standard with { Default = CaseServiceDays };

    /// <summary>Days after the run date a late fee or interest charge falls due.</summary>
    public int ChargeDueDays { get; set; } = 14;

    /// <summary>A PNG or JPEG file for the letterhead of dunning letters (else <c>Seller:LogoUrl</c> when it is a path under the web root).</summary>
    public string? LetterLogoFile { get; set; }

    /// <summary>A TrueType font file for letters (else the first of the usual system fonts found).</summary>
    public string? PdfFontFile { get; set; }
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
        var earliest = policy.Levels.Concat(policy.Strategies.SelectMany(s => s.Levels)).Min(l => l.DaysFromDue);
        var dueBy = asOf.AddDays(-earliest);
        // The ids below are subqueries, not lists sent as parameters: a list of 100,000 ids is beyond SQLite's limit of
        // 32,766 variables ("too many SQL variables", found by the dunning-run bench, issue 14 §7).
        var open = db.Entries.Where(e => e.OpenMinor > 0 && e.DueOn != null && e.DueOn <= dueBy);
        var (openIds, openCustomers) = (open.Select(e => e.Id), open.Select(e => e.CustomerId));
        var items = await open.AsNoTracking()
            .Select(e => new { e.Id, e.CustomerId, e.Document, DueOn = e.DueOn!.Value, e.Currency, e.OpenMinor, e.Disputed, e.Kind })
            .ToListAsync(ct);
        if (items.Count == 0)
        {
            return [];
        }

        var customerIds = items.Select(i => i.CustomerId).Distinct().ToList();
        var customers = await db.Customers.AsNoTracking().Include(c => c.Segments).ThenInclude(s => s.Segment).Where(c => openCustomers.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var risk = await RiskClasses(db, customerIds, ct);
        var lastLevels = await db.DunningMessageItems.AsNoTracking().Where(i => openIds.Contains(i.EntryId))
            .GroupBy(i => i.EntryId).Select(g => new { g.Key, Level = g.Max(i => i.LevelIndex) }).ToDictionaryAsync(x => x.Key, x => x.Level, ct);
        var interestThrough = await db.DunningMessageItems.AsNoTracking().Where(i => openIds.Contains(i.EntryId) && i.InterestMinor != null)
            .Join(db.DunningMessages, i => i.MessageId, m => m.Id, (i, m) => new { i.EntryId, m.RunOn })
            .GroupBy(x => x.EntryId).Select(g => new { g.Key, On = g.Max(x => x.RunOn) }).ToDictionaryAsync(x => x.Key, x => x.On, ct);
        var lastMessages = await db.DunningMessages.AsNoTracking().Where(m => openCustomers.Contains(m.CustomerId) && m.RunOn <= asOf)
            .GroupBy(m => m.CustomerId).Select(g => new { g.Key, On = g.Max(m => m.RunOn) }).ToDictionaryAsync(x => x.Key, x => x.On, ct);
        var promisedBy = promises.StillOpen.SelectMany(p => p.Items.Select(i => (i.EntryId, p.PromisedOn)))
            .GroupBy(x => x.EntryId).ToDictionary(g => g.Key, g => g.Max(x => x.PromisedOn));
        var onPlans = promises.CustomersOnActivePlans.ToHashSet();
        var disputedParts = await DisputedParts(db, [.. items.Where(i => i.Disputed).Select(i => i.Id)], ct);
        var held = await RemindersHeld(db, asOf, ct); // replies (issue 14 §6)

        return [.. items.GroupBy(i => i.CustomerId).Where(g => customers.ContainsKey(g.Key)).Select(g =>
        {
            var c = customers[g.Key];
            var recipient = DunningContacts.Choose([.. c.Contacts.Select(x => new ContactCard(x.Name, x.Role, x.Email, x.Phone))], c.LegalName, c.Email, c.Phone);
            var dunningItems = g.Select(i => (i, Undisputed: Undisputed(i.OpenMinor, i.Disputed, disputedParts.GetValueOrDefault(i.Id)))).Select(x => new DunningItem(x.i.Id, x.i.Document ?? $"#{x.i.Id}", x.i.DueOn, new Money(x.Undisputed ?? x.i.OpenMinor, Currency.Of(x.i.Currency)), x.i.Disputed && x.Undisputed is null,
                lastLevels.TryGetValue(x.i.Id, out var level) ? level : null, promisedBy.TryGetValue(x.i.Id, out var by) ? by : null,
                x.i.Kind == Domain.Ledger.EntryKind.Invoice && !DunningChargeReferences.IsCharge(x.i.Document), interestThrough.TryGetValue(x.i.Id, out var through) ? through : null)).ToList();
            return new DunningCustomer(c.Id, c.Number, c.TradingName ?? c.LegalName, policy.LanguageFor(c.BillingAddress.Country), recipient,
                lastMessages.TryGetValue(c.Id, out var last) ? last : null, onPlans.Contains(c.Id), dunningItems)
            {
                Segments = [.. c.Segments.Where(s => s.Segment is not null).Select(s => $"{s.Segment!.Dimension}:{s.Segment.Code}")],
                RiskClass = risk.GetValueOrDefault(c.Id),
                RemindersHeldUntil = held.TryGetValue(c.Id, out var until) ? until : null, // replies (issue 14 §6)
            };
        }).OrderBy(c => c.Number, StringComparer.Ordinal)];
    }

    /// <summary>replies (issue 14 §6): customers whose reminders are held past this day (after a reply), with the day they may go again. Holds are few and short.</summary>
    public static async Task<Dictionary<long, DateOnly>> RemindersHeld(CreditDb db, DateOnly asOf, CancellationToken ct) =>
        await db.CollectionActivities.AsNoTracking().Where(a => a.Kind == ActivityKind.RemindersHeld && a.SnoozeUntil > asOf)
            .GroupBy(a => a.CustomerId).Select(g => new { g.Key, Until = g.Max(a => a.SnoozeUntil!.Value) }).ToDictionaryAsync(x => x.Key, x => x.Until, ct);

    /// <summary>The risk class of each customer's latest credit decision that has one (for strategy rules).</summary>
    public static async Task<Dictionary<long, string>> RiskClasses(CreditDb db, List<long> customerIds, CancellationToken ct)
    {
        var wanted = customerIds.ToHashSet(); // filtered here: a long list of ids is beyond SQLite's variable limit
        var latest = db.PolicyDecisions.Where(d => d.CustomerId != null && d.RiskClass != null).GroupBy(d => d.CustomerId!.Value).Select(g => g.Max(d => d.Id));
        var rows = await db.PolicyDecisions.AsNoTracking().Where(d => latest.Contains(d.Id)).Select(d => new { Customer = d.CustomerId!.Value, d.RiskClass }).ToListAsync(ct);
        return rows.Where(r => wanted.Contains(r.Customer)).ToDictionary(r => r.Customer, r => r.RiskClass!);
    }

    /// <summary>The disputed part of each item under an open dispute case (issue 14 §4).</summary>
    public static async Task<Dictionary<long, long>> DisputedParts(CreditDb db, List<long> disputedIds, CancellationToken ct)
    {
        if (disputedIds.Count == 0)
        {
            return [];
        }

        var open = DisputeCaseFlow.States.Where(DisputeCaseFlow.IsOpen).ToList();
        return await db.DisputeCases.AsNoTracking().Where(c => disputedIds.Contains(c.EntryId) && open.Contains(c.Status))
            .GroupBy(c => c.EntryId).Select(g => new { g.Key, Minor = g.Sum(c => c.DisputedMinor) }).ToDictionaryAsync(x => x.Key, x => x.Minor, ct);
    }

    /// <summary>
    /// What dunning may chase on a disputed item: the open amount less the disputed part of its open case, or null when
    /// all of it is disputed (or it is disputed without a case, as before cases): then the item is left out as disputed.
    /// </summary>
    public static long? Undisputed(long openMinor, bool disputed, long disputedPart) =>
        disputed && disputedPart > 0 && openMinor - disputedPart > 0 ? openMinor - disputedPart : null;
}
