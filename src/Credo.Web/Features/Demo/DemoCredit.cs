using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Features.Credit;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Demo;

/// <summary>What the demo's credit setup produced.</summary>
internal sealed record DemoCreditSummary(int Lines, int Approved, int Held);

/// <summary>
/// The demo seller's credit policy on top of its ledger, set through the credit-lines use cases (never by hand):
/// exchange rates into USD, a portfolio appetite, regional concentration caps, pools for the chains and a limit
/// for most customers sized on their trade; then a morning of orders from the order system, some approved and
/// some held, so that the hold queue and utilisation have something to show.
/// </summary>
internal static class DemoCredit
{
    private static readonly (string Currency, decimal ToUsd)[] Rates = [("CAD", 0.73m), ("MXN", 0.058m), ("GBP", 1.27m), ("EUR", 1.08m)];

    public static async Task<DemoCreditSummary> LoadAsync(IServiceProvider services, int seed, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<CreditDb>();
        var today = db.Today();
        var since = today.AddYears(-3);
        foreach (var (currency, toUsd) in Rates)
        {
            db.ExchangeRates.Add(new ExchangeRateEntry { FromCurrency = currency, ToCurrency = "USD", EffectiveOn = since, Rate = toUsd, RecordedAtUtc = db.UtcNow, RecordedBy = db.Actor.Name });
            db.ExchangeRates.Add(new ExchangeRateEntry { FromCurrency = "USD", ToCurrency = currency, EffectiveOn = since, Rate = decimal.Round(1m / toUsd, 6), RecordedAtUtc = db.UtcNow, RecordedBy = db.Actor.Name });
        }

        await db.SaveChangesAsync(ct);

        var customers = await db.Customers.AsNoTracking().OrderBy(c => c.Number)
            .Select(c => new { c.Id, c.Number, c.Currency, c.Status, c.GroupId }).ToListAsync(ct);
        var yearAgo = today.AddDays(-365);
        var invoiced = await db.Entries.AsNoTracking().Where(e => e.Kind == EntryKind.Invoice && e.PostedOn >= yearAgo)
            .GroupBy(e => e.CustomerId).Select(g => new { CustomerId = g.Key, Minor = g.Sum(e => e.AmountMinor) }).ToDictionaryAsync(x => x.CustomerId, x => x.Minor, ct);
        var open = await db.Entries.AsNoTracking().Where(e => e.OpenMinor > 0)
            .GroupBy(e => e.CustomerId).Select(g => new { CustomerId = g.Key, Minor = g.Sum(e => e.OpenMinor) }).ToDictionaryAsync(x => x.CustomerId, x => x.Minor, ct);
        var usdRate = Rates.ToDictionary(r => r.Currency, r => r.ToUsd);
        decimal Usd(long minor, string currency) => minor / 100m * (currency == "USD" ? 1m : usdRate[currency]);

        var lines = sp.GetRequiredService<SetCreditLine>();
        var count = 0;
        async Task Set(string level, string key, decimal limit, string currency, string reason, DateOnly review)
        {
            var result = await lines.Handle(level, key, new CreditLineRequest(limit, currency, null, null, review, null, reason), ct);
            if (!result.IsOk)
            {
                throw new InvalidOperationException($"Demo credit line {level}/{key}: {result.Error!.Message}");
            }

            count++;
        }

        // Limits sized on trade: two months of last year's invoicing, rounded up to 5,000; a few left without one.
        var random = new Random(seed);
        var totalOpenUsd = 0m;
        foreach (var c in customers)
        {
            var openMinor = open.GetValueOrDefault(c.Id);
            totalOpenUsd += Usd(openMinor, c.Currency);
            if (c.Status == Domain.Customers.CustomerStatus.Closed || random.Next(25) == 0)
            {
                continue;
            }

            var monthly = invoiced.GetValueOrDefault(c.Id) / 100m / 12m;
            var limit = Math.Max(5_000m, Math.Ceiling(Math.Max(monthly * 2m, openMinor / 100m * 0.9m) / 5_000m) * 5_000m);
            await Set("customer", c.Number, limit, c.Currency, "Opening limit: two months of trade", today.AddDays(random.Next(-20, 340)));
        }

        var portfolio = Math.Ceiling(totalOpenUsd * 1.6m / 1_000_000m) * 1_000_000m;
        await Set("portfolio", "all", portfolio, "USD", "Board-approved credit appetite", today.AddMonths(6));
        foreach (var region in await db.Segments.AsNoTracking().Where(s => s.Dimension == "region").Select(s => s.Code).ToListAsync(ct))
        {
            await Set("segment", "region:" + region, Math.Ceiling(portfolio * 0.3m / 100_000m) * 100_000m, "USD", "Regional concentration cap: 30 % of appetite", today.AddMonths(6));
        }

        var groups = await db.Groups.AsNoTracking().Where(g => g.ParentId == null).Select(g => new { g.Id, g.Code }).ToListAsync(ct);
        var groupOf = await GroupRoots(db, ct);
        foreach (var g in groups)
        {
            var members = customers.Where(c => c.GroupId is { } id && groupOf[id] == g.Id).ToList();
            if (members.Count == 0)
            {
                continue;
            }

            var groupOpen = members.Sum(m => Usd(open.GetValueOrDefault(m.Id), m.Currency));
            var pool = Math.Max(25_000m, Math.Ceiling(groupOpen * 1.25m / 25_000m) * 25_000m);
            await Set("group", g.Code, pool, "USD", "Group pool shared by every member", today.AddMonths(3));
        }

        // A morning of orders: most fit, some are held (over a limit, overdue, on hold, no limit at all).
        var check = sp.GetRequiredService<CheckCredit>();
        int approved = 0, held = 0;
        foreach (var c in customers.Where(c => c.Status != Domain.Customers.CustomerStatus.Closed).OrderBy(_ => random.Next()).Take(60).OrderBy(c => c.Number))
        {
            var monthly = Math.Max(500m, invoiced.GetValueOrDefault(c.Id) / 100m / 12m);
            var amount = Math.Round(monthly * (decimal)(0.2 + random.NextDouble() * (random.Next(5) == 0 ? 3.0 : 0.6)), 2);
            var answer = await check.Handle(new CreditCheckRequest(c.Number, $"SO-{today:yyMMdd}-{c.Number}", amount, c.Currency, null), ct, "apikey:order-system");
            if (answer.IsOk)
            {
                if (answer.Value!.Outcome == "approved")
                {
                    approved++;
                }
                else
                {
                    held++;
                }
            }
        }

        return new DemoCreditSummary(count, approved, held);
    }

    /// <summary>Each group's top-level ancestor.</summary>
    private static async Task<Dictionary<long, long>> GroupRoots(CreditDb db, CancellationToken ct)
    {
        var all = await db.Groups.AsNoTracking().Select(g => new { g.Id, g.ParentId }).ToDictionaryAsync(g => g.Id, g => g.ParentId, ct);
        var roots = new Dictionary<long, long>();
        foreach (var id in all.Keys)
        {
            var node = id;
            while (all[node] is { } parent)
            {
                node = parent;
            }

            roots[id] = node;
        }

        return roots;
    }
}
