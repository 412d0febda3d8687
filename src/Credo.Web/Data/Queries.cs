using Credo.Domain.Analytics;
using Credo.Domain.Credit;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Data;

/// <summary>Queries that more than one slice uses.</summary>
internal static class Queries
{
    /// <summary>Today's date from the app's clock (never the machine's wall clock directly).</summary>
    public static DateOnly Today(this CreditDb db) => DateOnly.FromDateTime(db.UtcNow);

    public static Task<Customer?> FindCustomer(this CreditDb db, string number, CancellationToken ct) =>
        db.Customers.Include(c => c.Group).Include(c => c.Segments).ThenInclude(s => s.Segment)
            .AsSplitQuery().SingleOrDefaultAsync(c => c.Number == number, ct);

    public static Task<long?> CustomerId(this CreditDb db, string number, CancellationToken ct) =>
        db.Customers.Where(c => c.Number == number).Select(c => (long?)c.Id).SingleOrDefaultAsync(ct);

    /// <summary>The group and its ancestors, nearest first. Stops on a cycle rather than looping.</summary>
    public static async Task<IReadOnlyList<CorporateGroup>> GroupPath(this CreditDb db, long? groupId, CancellationToken ct)
    {
        var path = new List<CorporateGroup>();
        var seen = new HashSet<long>();
        while (groupId is { } id && seen.Add(id))
        {
            var group = await db.Groups.AsNoTracking().SingleOrDefaultAsync(g => g.Id == id, ct);
            if (group is null)
            {
                break;
            }

            path.Add(group);
            groupId = group.ParentId;
        }

        return path;
    }

    // ---- today's open positions (screens, issue 12 §4: the customer list and the balance summary share it) ----

    /// <summary>
    /// The entries a balance is made of today: the open amounts of items that stand on their own. A write-off,
    /// adjustment or reversal applying to another item is settled through that item and never counted by itself.
    /// <c>GetBalanceSummary</c> and the customer list both read it, so their balance and overdue always agree.
    /// </summary>
    public static IQueryable<LedgerEntry> OpenPositions(this CreditDb db) =>
        db.Entries.Where(e => e.AppliesToId == null && e.OpenMinor != 0);

    // ---- as-of ledger and exchange rates (analytics; shared by Ledger, Exports, Credit and Analytics) ----

    /// <summary>
    /// The items open at the end of <paramref name="asOf"/> (one customer, or every customer), derived by
    /// <see cref="AsOfLedger.OpenOn"/> from the entries posted and the allocations applied by then and the disputes
    /// open at the end of that day: never from today's cached open amounts.
    /// </summary>
    public static async Task<IReadOnlyList<OpenOnDate>> OpenItemsOn(this CreditDb db, DateOnly asOf, long? customerId, CancellationToken ct)
    {
        var entries = db.Entries.AsNoTracking().Where(e => e.PostedOn <= asOf);
        var allocations = db.Allocations.AsNoTracking().Where(a => a.AppliedOn <= asOf);
        var endOfDay = asOf.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var disputes = db.Disputes.AsNoTracking().Where(d => d.OpenedAtUtc < endOfDay && (d.ResolvedAtUtc == null || d.ResolvedAtUtc >= endOfDay));
        if (customerId is { } id)
        {
            entries = entries.Where(e => e.CustomerId == id);
            allocations = allocations.Where(a => a.CustomerId == id);
            disputes = disputes.Where(d => d.CustomerId == id);
        }

        var posted = await entries
            .Select(e => new DatedEntry(e.Id, e.CustomerId, e.Kind, e.Document, e.Currency, e.PostedOn, e.DueOn, e.AmountMinor, e.AppliesToId))
            .ToListAsync(ct);
        // Summed per pair in SQL: a credit settling a debit in many steps is one row here.
        var applied = await allocations.GroupBy(a => new { a.CreditId, a.DebitId })
            .Select(g => new { g.Key.CreditId, g.Key.DebitId, Minor = g.Sum(a => a.AmountMinor) })
            .Where(g => g.Minor != 0)
            .ToListAsync(ct);
        var disputed = (await disputes.Select(d => d.EntryId).ToListAsync(ct)).ToHashSet();
        return AsOfLedger.OpenOn(asOf, posted, applied.Select(a => new DatedAllocation(a.CreditId, a.DebitId, a.Minor, asOf)), disputed);
    }

    /// <summary>Every entry posted and allocation applied on or before <paramref name="until"/>, with their dates (month-end history).</summary>
    public static async Task<(List<DatedEntry> Entries, List<DatedAllocation> Allocations)> DatedLedger(this CreditDb db, DateOnly until, CancellationToken ct)
    {
        var entries = await db.Entries.AsNoTracking().Where(e => e.PostedOn <= until)
            .Select(e => new DatedEntry(e.Id, e.CustomerId, e.Kind, e.Document, e.Currency, e.PostedOn, e.DueOn, e.AmountMinor, e.AppliesToId))
            .ToListAsync(ct);
        var allocations = await db.Allocations.AsNoTracking().Where(a => a.AppliedOn <= until)
            .Select(a => new DatedAllocation(a.CreditId, a.DebitId, a.AmountMinor, a.AppliedOn))
            .ToListAsync(ct);
        return (entries, allocations);
    }

    /// <summary>
    /// The rates in effect: exchange_rates is append-only and a correction is a new row for the same pair and
    /// effective date, so for each pair and date only the latest recorded row (the highest id) is in effect.
    /// </summary>
    public static IQueryable<ExchangeRateEntry> RatesInEffect(this CreditDb db) =>
        db.ExchangeRates.Where(r => !db.ExchangeRates.Any(n => n.FromCurrency == r.FromCurrency && n.ToCurrency == r.ToCurrency && n.EffectiveOn == r.EffectiveOn && n.Id > r.Id));

    /// <summary>The rates in effect touching any of <paramref name="currencies"/> (the table is small; one query).</summary>
    public static async Task<RateTable> Rates(this CreditDb db, IEnumerable<string> currencies, CancellationToken ct)
    {
        var codes = currencies.Distinct().ToList();
        if (codes.Count < 2)
        {
            return RateTable.Empty;
        }

        var rows = await db.RatesInEffect().AsNoTracking()
            .Where(r => codes.Contains(r.FromCurrency) && codes.Contains(r.ToCurrency))
            .Select(r => new ExchangeRate(r.FromCurrency, r.ToCurrency, r.EffectiveOn, r.Rate)).ToListAsync(ct);
        return new RateTable(rows);
    }
}
