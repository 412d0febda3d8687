using Credo.Domain.Amounts;
using Credo.Domain.Collections;
using Credo.Web.Data;
using Credo.Web.Features.Collections;
using Credo.Web.Features.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Demo;

/// <summary>
/// A collector's morning: the region with the most overdue customers is assigned to collector@credo.local; in that
/// queue one customer broke a promise last week, one promised to pay today, one disputes an invoice, and a few calls
/// are logged. Everything goes through the collections and ledger use cases (only the broken promise is back-dated).
/// </summary>
internal static class DemoCollections
{
    public const string Collector = "collector@credo.local";

    public static async Task LoadAsync(IServiceProvider services, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<CreditDb>();
        await sp.GetRequiredService<DunningPolicies>().SeedDefault(ct);
        var today = db.Today();
        var overdue = await db.Entries.AsNoTracking().Where(e => e.OpenMinor > 0 && e.DueOn < today && !e.Disputed)
            .GroupBy(e => e.CustomerId).Select(g => new { CustomerId = g.Key, Minor = g.Sum(e => e.OpenMinor) }).ToListAsync(ct);
        var regions = await db.CustomerSegments.AsNoTracking().Where(cs => cs.Segment!.Dimension == "region")
            .Select(cs => new { cs.CustomerId, cs.Segment!.Code }).ToListAsync(ct);
        var region = regions.Where(r => overdue.Any(o => o.CustomerId == r.CustomerId)).GroupBy(r => r.Code)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault();
        if (region is null)
        {
            return;
        }

        var assigned = await sp.GetRequiredService<AssignCollectors>().Set(new CollectorRuleRequest("segment", "region:" + region, Collector), ct);
        Check(assigned.IsOk, assigned.Error?.Message);
        var inRegion = regions.Where(r => r.Code == region).Select(r => r.CustomerId).ToHashSet();
        var ids = overdue.Where(o => inRegion.Contains(o.CustomerId)).OrderByDescending(o => o.Minor).ThenBy(o => o.CustomerId).Select(o => o.CustomerId).Take(4).ToList();
        var numbers = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Number, ct);
        var queue = ids.Select(id => numbers[id]).ToList();
        if (queue.Count < 4)
        {
            return;
        }

        await BrokenPromise(sp, db, queue[0], today, ct);
        await PromiseDueToday(sp, queue[1], today, ct);
        await Dispute(sp, db, queue[2], ct);
        var log = sp.GetRequiredService<LogContact>();
        await Contact(log, queue[0], "call", "no-answer", "Rang twice: no answer. Cheque promised last week never arrived.", ct);
        await Contact(log, queue[1], "call", "promised", "Spoke to accounts payable: paying today by bank transfer.", ct);
        await Contact(log, queue[2], "note", null, "Customer says a pallet arrived damaged; disputes the invoice.", ct);
        await Contact(log, queue[3], "call", "voicemail", "Left a voicemail asking for a call back.", ct);
        await FeesLetterAndStrategy(sp, db, region, queue[3], today, ct);
    }

    /// <summary>
    /// Issue 14 §1 and §2: version 2 of the dunning policy charges statutory interest (a reference rate of 2.15 % from
    /// 1 July 2026 plus 8 points) with the final notice, and puts the collector's region on a firmer strategy (first
    /// notice at 3 days, second at 14). Six days ago one customer of the queue was sent its reminder on it (a letter when
    /// the final notice is reached), with the late fee and interest posted through the ledger; the preview shows today's.
    /// </summary>
    private static async Task FeesLetterAndStrategy(IServiceProvider sp, CreditDb db, string region, string number, DateOnly today, CancellationToken ct)
    {
        var standard = DunningPolicy.Default;
        var firm = new DunningStrategy("firm", "Firm", [.. standard.Levels.Select(l => l.Code switch
        {
            "first-notice" => l with { DaysFromDue = 3 },
            "second-notice" => l with { DaysFromDue = 14 },
            "final-notice" => l with { ChargeInterest = true },
            _ => l,
        })]);
        var policy = standard with
        {
            Levels = [.. standard.Levels.Select(l => l.Code == "final-notice" ? l with { ChargeInterest = true } : l)],
            Interest = new StatutoryInterest([new(new DateOnly(2026, 1, 1), 240), new(new DateOnly(2026, 7, 1), 215)], 800),
            Strategies = [firm],
            StrategyRules = [new StrategyRule("region:" + region, null, "firm")],
        };
        var regionName = await db.Segments.AsNoTracking().Where(s => s.Dimension == "region" && s.Code == region).Select(s => s.Name).FirstAsync(ct);
        var published = await sp.GetRequiredService<DunningPolicies>().Publish(DunningPolicyJson.Write(policy), $"Statutory interest with the final notice; a firmer strategy for {regionName}", ct);
        Check(published.IsOk, published.Error?.Message);
        db.ChangeTracker.Clear();
        var id = await db.CustomerId(number, ct);
        await sp.GetRequiredService<RunDunning>().Handle(today.AddDays(-6), RunDunning.OnDemand, ct, only: new HashSet<long> { id!.Value });
    }

    /// <summary>A promise taken ten days ago for five days ago, unpaid: the check marks it broken and reminders resume.</summary>
    private static async Task BrokenPromise(IServiceProvider sp, CreditDb db, string number, DateOnly today, CancellationToken ct)
    {
        var items = await Inputs.Items(db, number, null, today, ct);
        Check(items.IsOk, items.Error?.Message);
        var (customer, entries) = items.Value;
        var oldest = entries.Take(2).ToList();
        var amount = new Domain.Amounts.Money(oldest.Sum(e => e.OpenMinor), Domain.Amounts.Currency.Of(oldest[0].Currency));
        var promise = Inputs.NewPromise(db, customer.Id, null, 1, today.AddDays(-5), amount, "phone", oldest, "Cheque in the post, they said.");
        promise.MadeOn = today.AddDays(-10);
        promise.TakenAtUtc = db.UtcNow.AddDays(-10);
        promise.TakenBy = "user:" + Collector;
        db.PaymentPromises.Add(promise);
        db.CollectionActivities.Add(new CollectionActivity { CustomerId = customer.Id, Kind = ActivityKind.PromiseRecorded, AtUtc = promise.TakenAtUtc, By = promise.TakenBy, Promise = promise, Text = $"Promised {amount.ToDisplayString()} by {promise.PromisedOn:yyyy-MM-dd} (phone)." });
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        await sp.GetRequiredService<SettlePromises>().Handle(today, customer.Id, ct);
    }

    private static async Task PromiseDueToday(IServiceProvider sp, string number, DateOnly today, CancellationToken ct)
    {
        var db = sp.GetRequiredService<CreditDb>();
        var items = await Inputs.Items(db, number, null, today, ct);
        Check(items.IsOk, items.Error?.Message);
        var first = items.Value.Entries[0];
        var result = await sp.GetRequiredService<RecordPromise>().Handle(number, new RecordPromiseRequest(today, Infrastructure.Amount.Of(first.OpenMinor, first.Currency).Value, [first.Document!], "phone", "Paying today by bank transfer."), ct);
        Check(result.IsOk, result.Error?.Message);
    }

    private static async Task Dispute(IServiceProvider sp, CreditDb db, string number, CancellationToken ct)
    {
        var customerId = await db.CustomerId(number, ct);
        var invoice = await db.Entries.AsNoTracking().Where(e => e.CustomerId == customerId && e.OpenMinor > 0 && e.DueOn != null && !e.Disputed && e.Document != null)
            .OrderByDescending(e => e.OpenMinor).ThenBy(e => e.Id).Select(e => new { Document = e.Document!, e.OpenMinor, e.Currency }).FirstAsync(ct);

        // Issue 14 §4: a case, for the damaged part only (about a third); the rest of the invoice is still chased.
        var part = Infrastructure.Amount.Of(invoice.OpenMinor / 3, invoice.Currency).Value;
        var result = await sp.GetRequiredService<OpenCase>().Handle(
            new OpenCaseRequest(invoice.Document, "damaged", part, "A pallet arrived damaged; the customer will not pay that part until it is credited."), CaseOrigin.Staff, null, ct);
        Check(result.IsOk, result.Error?.Message);
    }

    private static async Task Contact(LogContact log, string number, string kind, string? outcome, string text, CancellationToken ct)
    {
        var result = await log.Handle(number, new LogContactRequest(kind, outcome, text), ct);
        Check(result.IsOk, result.Error?.Message);
    }

    private static void Check(bool ok, string? error)
    {
        if (!ok)
        {
            throw new InvalidOperationException("Demo collections: " + error);
        }
    }
}
