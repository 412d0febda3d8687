using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Features.Credit;
using Credo.Web.Features.Demo;
using Credo.Web.Features.Ledger;
using Credo.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Web.Tests.Demo;

/// <summary>A fresh database with the default demo loaded once for the class.</summary>
public sealed class DemoDatabase : IAsyncLifetime
{
    public CredoApp App { get; } = new();

    internal DemoSummary Summary { get; private set; } = null!;

    public DateOnly Today { get; private set; }

    public async Task InitializeAsync()
    {
        Summary = await DemoSeeder.LoadAsync(App.Services, new DemoOptions(), null, CancellationToken.None);
        Today = DateOnly.FromDateTime(App.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}

public sealed class DemoDataTests(DemoDatabase demo) : IClassFixture<DemoDatabase>
{
    [Fact]
    public async Task About_300_customers_with_believable_master_data()
    {
        // The demo world's 300, plus the applicants the demo's applications approved.
        var fromApplications = await Query(db => db.Applications.Where(a => a.Kind == ApplicationKind.New && a.CustomerId != null).Select(a => a.CustomerId!.Value).ToListAsync());
        var customers = await Query(db => db.Customers.AsNoTracking().Include(c => c.Segments).ThenInclude(s => s.Segment).Where(c => !fromApplications.Contains(c.Id)).ToListAsync());
        Assert.Equal(300, customers.Count);
        Assert.Equal(3, fromApplications.Count);
        Assert.All(customers, c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c.LegalName));
            Assert.False(string.IsNullOrWhiteSpace(c.TaxId));
            Assert.False(string.IsNullOrWhiteSpace(c.BillingAddress.City));
            Assert.NotEmpty(c.Contacts);
            Assert.True(Domain.Customers.PaymentTerms.Parse(c.TermsCode).IsOk, c.TermsCode);
        });
        Assert.Equal(customers.Count, customers.Select(c => c.Number).Distinct().Count());

        // Mostly one currency, a few others; the usual spread of terms.
        var byCurrency = customers.GroupBy(c => c.Currency).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(byCurrency["USD"] > 200);
        Assert.True(byCurrency.Count >= 3);
        Assert.Superset(new HashSet<string> { "NET30", "NET60", "EOM+30", "2/10NET30", "DUE" }.ToHashSet(), customers.Select(c => c.TermsCode).ToHashSet());
        Assert.Subset(customers.Select(c => c.TermsCode).ToHashSet(), new HashSet<string> { "NET30", "NET60", "EOM+30", "2/10NET30", "DUE" });

        // At least two segment dimensions, each customer in several.
        var dimensions = customers.SelectMany(c => c.Segments.Select(s => s.Segment!.Dimension)).Distinct().ToList();
        Assert.True(dimensions.Count >= 2, string.Join(",", dimensions));
        Assert.Contains("region", dimensions);
        Assert.Contains("channel", dimensions);
        Assert.Contains(customers, c => c.Status != Domain.Customers.CustomerStatus.Active);
    }

    [Fact]
    public async Task Corporate_groups_nest_at_least_three_deep_with_many_independents()
    {
        var groups = await Query(db => db.Groups.AsNoTracking().ToListAsync());
        var byId = groups.ToDictionary(g => g.Id);
        int Depth(CorporateGroup g) => g.ParentId is { } p ? 1 + Depth(byId[p]) : 1;
        Assert.True(groups.Max(Depth) >= 3);
        Assert.True(groups.Count(g => g.ParentId is null) >= 5, "a national chain and several small groups");

        var customers = await Query(db => db.Customers.AsNoTracking().Select(c => c.GroupId).ToListAsync());
        Assert.True(customers.Count(g => g is null) > 150, "many independents");
        Assert.True(customers.Count(g => g is not null) > 50);
    }

    [Fact]
    public async Task Two_years_of_trade_with_every_kind_of_payer()
    {
        var entries = await Query(db => db.Entries.AsNoTracking().ToListAsync());
        var invoices = entries.Where(e => e.Kind == EntryKind.Invoice).ToList();
        Assert.InRange(invoices.Min(i => i.PostedOn), demo.Today.AddDays(-740), demo.Today.AddDays(-700));
        Assert.True(invoices.Max(i => i.PostedOn) >= demo.Today.AddDays(-7));
        Assert.True(invoices.Count > 5000);

        Assert.Contains(invoices, i => i.OpenMinor > 0 && i.DueOn < demo.Today.AddDays(-60));
        Assert.True(invoices.Count(i => i.OpenMinor > 0 && i.DueOn < demo.Today) > 50, "some overdue");
        Assert.Contains(invoices, i => i.State == ItemState.PartiallyPaid);
        Assert.True(invoices.Count(i => i.State == ItemState.WrittenOff) >= 5, "some written off");
        Assert.Contains(entries, e => e.Kind == EntryKind.WriteOff);
        Assert.Contains(invoices, i => i.Disputed);
        Assert.Contains(entries, e => e.Kind == EntryKind.Payment && e.OpenMinor < 0);
        Assert.Contains(entries, e => e.Kind == EntryKind.Payment && e.State == ItemState.Reversed);
        Assert.Contains(entries, e => e.Kind == EntryKind.Reversal);
        Assert.Contains(entries, e => e.Kind == EntryKind.CreditNote && e.Reason!.StartsWith("Prompt-payment discount", StringComparison.Ordinal));
        Assert.Contains(entries, e => e.Kind == EntryKind.CreditNote && !e.Reason!.StartsWith("Prompt-payment discount", StringComparison.Ordinal));
        Assert.Contains(entries.Where(e => e.Kind == EntryKind.Payment).Select(e => e.Currency), c => c != "USD");

        var disputes = await Query(db => db.Disputes.AsNoTracking().ToListAsync());
        Assert.Contains(disputes, d => d.Status == DisputeStatus.Open);
        Assert.Contains(disputes, d => d.Status == DisputeStatus.Resolved && d.Resolution is not null);
        var openDisputeInvoices = disputes.Where(d => d.Status == DisputeStatus.Open).Select(d => d.EntryId).ToHashSet();
        Assert.Equal(openDisputeInvoices, invoices.Where(i => i.Disputed).Select(i => i.Id).ToHashSet());
    }

    [Fact]
    public async Task Deteriorating_payers_pay_later_in_recent_months()
    {
        // Days late of each allocation of a payment to an invoice, early year versus the last three months.
        var late = await Query(db => (
            from a in db.Allocations.AsNoTracking()
            join p in db.Entries on a.CreditId equals p.Id
            join i in db.Entries on a.DebitId equals i.Id
            where p.Kind == EntryKind.Payment && a.ReversesId == null
            select new { a.CustomerId, i.DueOn, a.AppliedOn }).ToListAsync());
        var getsWorse = late.GroupBy(x => x.CustomerId).Count(g =>
        {
            var before = g.Where(x => x.AppliedOn < demo.Today.AddDays(-365)).Select(x => x.AppliedOn.DayNumber - x.DueOn!.Value.DayNumber).DefaultIfEmpty(0).Average();
            var recent = g.Where(x => x.AppliedOn >= demo.Today.AddDays(-90)).Select(x => x.AppliedOn.DayNumber - x.DueOn!.Value.DayNumber).DefaultIfEmpty(int.MinValue).Average();
            return recent > before + 30;
        });
        Assert.True(getsWorse >= 5, $"{getsWorse} customers pay much later than a year ago");
    }

    /// <summary>
    /// The regular payers pay by the generator's rule (PayerSimulation.DaysBeyondTerms, issue 13 §5): lateness depends on
    /// what the prediction can see, here the season (December and August invoices wait) and tenure (new customers pay later).
    /// </summary>
    [Fact]
    public async Task Lateness_follows_the_season_and_tenure_as_the_payer_simulation_says()
    {
        var rows = await Query(db => (
            from a in db.Allocations.AsNoTracking()
            join p in db.Entries on a.CreditId equals p.Id
            join i in db.Entries on a.DebitId equals i.Id
            where p.Kind == EntryKind.Payment && a.ReversesId == null && i.Kind == EntryKind.Invoice
            select new { i.CustomerId, i.PostedOn, i.DueOn, a.AppliedOn }).ToListAsync());
        var paid = rows.Select(r => (r.CustomerId, r.PostedOn, Late: r.AppliedOn.DayNumber - r.DueOn!.Value.DayNumber)).ToList();
        var first = paid.GroupBy(r => r.CustomerId).ToDictionary(g => g.Key, g => g.Min(r => r.PostedOn));
        var season = paid.Where(r => r.PostedOn.Month is 12 or 8).Average(r => r.Late);
        var rest = paid.Where(r => r.PostedOn.Month is not (12 or 8)).Average(r => r.Late);
        Assert.True(season > rest + 2, $"December/August {season:N1} days late, other months {rest:N1}");
        var newcomer = paid.Where(r => r.PostedOn.DayNumber - first[r.CustomerId].DayNumber < 90).Average(r => r.Late);
        var settled = paid.Where(r => r.PostedOn.DayNumber - first[r.CustomerId].DayNumber > 200).Average(r => r.Late);
        Assert.True(newcomer > settled + 2, $"first 90 days {newcomer:N1} days late, after 200 days {settled:N1}");
    }

    [Fact]
    public async Task Every_cached_open_amount_and_state_equals_the_derivation_from_entries_and_allocations()
    {
        // The ledger's own reconcile is the definition of the cache: the demo must pass it untouched.
        var report = await demo.App.InScope(sp => sp.GetRequiredService<ReconcileLedger>().Handle(fix: false, CancellationToken.None));
        Assert.True(report.EntriesChecked > 10_000, $"only {report.EntriesChecked} entries");
        Assert.Empty(report.Differences);

        var entries = await Query(db => db.Entries.AsNoTracking().ToListAsync());
        Assert.All(entries.Where(e => e.AmountMinor >= 0 && e.AppliesToId is null), e => Assert.InRange(e.OpenMinor, 0, e.AmountMinor));
        Assert.All(entries.Where(e => e.AmountMinor < 0 && e.AppliesToId is null), e => Assert.InRange(e.OpenMinor, e.AmountMinor, 0));
        var allocations = await Query(db => db.Allocations.AsNoTracking().ToListAsync());
        Assert.All(allocations, a => Assert.True(a.AmountMinor > 0 || a.ReversesId is not null));
        Assert.All(allocations.Where(a => a.ReversesId is not null), a => Assert.Equal(-allocations.Single(o => o.Id == a.ReversesId).AmountMinor, a.AmountMinor));
    }

    [Fact]
    public async Task Credit_lines_hold_some_orders_and_their_exposure_reconciles()
    {
        var credit = demo.Summary.Credit!;
        Assert.True(credit.Lines > 200, $"{credit.Lines} credit lines");
        Assert.True(credit.Approved > 10, $"{credit.Approved} orders approved");
        Assert.True(credit.Held > 0, "some orders are held");
        var levels = await Query(db => db.CreditLines.AsNoTracking().Select(l => l.Level).Distinct().ToListAsync());
        Assert.Equal(4, levels.Count);
        var report = await demo.App.InScope(sp => sp.GetRequiredService<ReconcileExposure>().Handle(repair: false, CancellationToken.None));
        Assert.Empty(report.Differences);
    }

    [Fact]
    public async Task Invoice_lines_add_up_to_the_invoice()
    {
        var mismatched = await Query(db => db.Entries.AsNoTracking()
            .Where(e => e.Kind == EntryKind.Invoice)
            .Where(e => e.AmountMinor != db.InvoiceLines.Where(l => l.EntryId == e.Id).Sum(l => l.AmountMinor))
            .CountAsync());
        Assert.Equal(0, mismatched);
    }

    [Fact]
    public async Task Staff_for_every_role_can_sign_in_with_the_documented_demo_passwords()
    {
        foreach (var staff in DemoSeeder.Staff)
        {
            var ok = await demo.App.InScope(async sp =>
            {
                var users = sp.GetRequiredService<UserManager<CreditUser>>();
                var user = await users.FindByEmailAsync(staff.Email);
                return user is not null && await users.CheckPasswordAsync(user, staff.Password) && await users.IsInRoleAsync(user, staff.Role);
            });
            Assert.True(ok, staff.Email);
        }

        Assert.Contains(DemoSeeder.Staff, s => s.Email == DemoSeeder.DemoEmail && s.Password == DemoSeeder.DemoPassword && s.Role == "Admin");
    }

    [Fact]
    public async Task EnsureDemo_leaves_a_database_with_customers_alone() =>
        Assert.Null(await DemoSeeder.EnsureDemoAsync(demo.App.Services, CancellationToken.None));

    [Fact]
    public void The_same_seed_and_day_give_the_same_data()
    {
        var now = new DateTime(2026, 3, 15, 12, 0, 0, DateTimeKind.Utc);
        static string Fingerprint(DemoPlan plan) => string.Join('|', plan.Accounts.Select(a =>
            $"{a.Customer.Number}:{a.Customer.LegalName}:{a.Behaviour}:" + string.Join(',', a.Ledger!.Items.Select(e => $"{e.Document}/{e.PostedOn:yyyyMMdd}/{e.AmountMinor}/{e.OpenMinor}"))));
        Assert.Equal(Fingerprint(DemoWorld.Build(50, 7, now)), Fingerprint(DemoWorld.Build(50, 7, now)));
        Assert.NotEqual(Fingerprint(DemoWorld.Build(50, 7, now)), Fingerprint(DemoWorld.Build(50, 8, now)));
    }

    private Task<T> Query<T>(Func<CreditDb, Task<T>> query) => demo.App.InScope(sp => query(sp.GetRequiredService<CreditDb>()));
}
