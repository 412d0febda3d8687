using System.Diagnostics;
using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Demo;

/// <summary>How much demo to load; the same seed on the same day gives the same data.</summary>
internal sealed record DemoOptions(int Customers = 300, int Seed = 42);

internal readonly record struct DemoProgress(string Stage, int Done, int Total);

internal sealed record DemoSummary(int Customers, int Groups, int Invoices, int Payments, int CreditNotes, int WriteOffs, int Reversals, int Allocations, int Disputes, TimeSpan Elapsed, DemoCreditSummary? Credit = null);

/// <summary>A demo staff member; the passwords are public, so never load the demo into a real database.</summary>
internal sealed record DemoStaff(string Email, string Password, string Role, string DisplayName);

/// <summary>
/// Loads the demo wholesale seller (Harbor &amp; Vine Distributors, see <see cref="DemoCatalogue"/>): staff for
/// every role, about 300 retailer customers in corporate groups and segments, and two years of receivables
/// written straight into the ledger tables, consistently with the domain rules (<see cref="DemoLedger"/>).
/// Rows are inserted in batches in one transaction, and never updated.
/// </summary>
internal static class DemoSeeder
{
    public const string DemoEmail = "admin@credo.local";
    public const string DemoPassword = "Credo-Demo-Admin1";

    public static readonly IReadOnlyList<DemoStaff> Staff =
    [
        new(DemoEmail, DemoPassword, Roles.Admin, "Alex Admin"),
        new("manager@credo.local", "Credo-Demo-Manager1", Roles.CreditManager, "Morgan Manager"),
        new("analyst@credo.local", "Credo-Demo-Analyst1", Roles.CreditAnalyst, "Avery Analyst"),
        new("collector@credo.local", "Credo-Demo-Collector1", Roles.Collector, "Casey Collector"),
        new("viewer@credo.local", "Credo-Demo-Viewer1", Roles.Viewer, "Vic Viewer"),
    ];

    private const int AccountsPerBatch = 25;

    /// <summary>
    /// The demo seller's identity (name, address, reply-to) as host arguments, for <c>serve --demo</c>; a setting the
    /// operator gave (argument or <c>Seller__X</c> variable) wins.
    /// </summary>
    public static IEnumerable<string> SellerDefaults(IReadOnlyList<string> args)
    {
        (string Key, string Value)[] defaults =
        [
            ("Name", "Harbor & Vine Distributors"),
            ("Address", "1200 Harbor Way\nOakland, CA 94607\nUnited States"),
            ("ReplyTo", "Harbor & Vine credit team <credit@harborvine.example>"),
            ("Colour", "#1f4e79"),
        ];
        foreach (var (key, value) in defaults)
        {
            if (!Given(args, $"Seller:{key}"))
            {
                yield return $"--Seller:{key}={value}";
            }
        }

        // The demo buyer can pay by bank transfer into the account the demo's bank statement comes from (issue 16 §4).
        const string transfer = "Portal:Payments:BankTransfer";
        if (!Given(args, transfer))
        {
            yield return $"--{transfer}:AccountName=Harbor & Vine Distributors";
            yield return $"--{transfer}:BankName=Silicon Valley Bank";
            yield return $"--{transfer}:Iban={DemoCashApplication.Account}";
            yield return $"--{transfer}:Bic=SVBKUS6S";
        }
    }

    /// <summary>
    /// The deterministic local bureau switched on, for <c>serve --demo</c> and the <c>demo</c> verb: it invents its
    /// facts, so only the demo asks it (a production install has no bureau until one is configured, and refers every
    /// application to a person). A waterfall the operator gave (argument or <c>Evidence__Bureau__Waterfall__N</c>) wins.
    /// </summary>
    public static IEnumerable<string> LocalBureauDefaults(IReadOnlyList<string> args)
    {
        return Given(args, "Evidence:Bureau:Waterfall") ? [] : ["--Evidence:Bureau:Waterfall:0=manual", "--Evidence:Bureau:Waterfall:1=local"];
    }

    /// <summary>
    /// For the <c>demo</c> verb, which loads the data without serving it: the demo seller's identity and the address
    /// <c>serve</c> listens on by default (http://localhost:5080) as the public base URL, so the links in the demo's
    /// emails and letters are absolute and open the app that will serve them. A setting the operator gave wins.
    /// </summary>
    public static IEnumerable<string> DemoVerbDefaults(IReadOnlyList<string> args)
    {
        const string baseUrl = "Seller:PublicBaseUrl";
        var publicBase = Given(args, baseUrl) ? [] : new[] { $"--{baseUrl}=http://localhost:5080" };
        return [.. LocalBureauDefaults(args), .. SellerDefaults(args), .. publicBase];
    }

    /// <summary>
    /// Whether the operator gave a setting (or any setting under it) that a demo default would otherwise set: as an
    /// argument (<c>--Seller:Name=...</c> or <c>Seller__Name</c>) or an environment variable (<c>Seller__Name</c>).
    /// </summary>
    private static bool Given(IReadOnlyList<string> args, string key)
    {
        var variable = key.Replace(":", "__", StringComparison.Ordinal);
        return Environment.GetEnvironmentVariables().Keys.OfType<string>().Any(k => k.StartsWith(variable, StringComparison.OrdinalIgnoreCase))
            || args.Any(a => a.Contains(key, StringComparison.OrdinalIgnoreCase) || a.Contains(variable, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Loads the demo when the database has no customers yet; returns null when it left the data alone.</summary>
    public static async Task<DemoSummary?> EnsureDemoAsync(IServiceProvider services, CancellationToken ct)
    {
        using (var scope = services.CreateScope())
        {
            if (await scope.ServiceProvider.GetRequiredService<CreditDb>().Customers.AnyAsync(ct))
            {
                return null;
            }
        }

        return await LoadAsync(services, new DemoOptions(), null, ct);
    }

    public static async Task<DemoSummary> LoadAsync(IServiceProvider services, DemoOptions options, IProgress<DemoProgress>? progress, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Customers, 10);
        var clock = Stopwatch.StartNew();
        using var scope = services.CreateScope();
        var sp = scope.ServiceProvider;
        await StartupTasks.EnsureRolesAsync(sp);
        await CreateStaffAsync(sp.GetRequiredService<UserManager<CreditUser>>());

        var db = sp.GetRequiredService<CreditDb>();
        progress?.Report(new DemoProgress("Planning two years of trade", 0, options.Customers));
        var plan = DemoWorld.Build(options.Customers, options.Seed, db.UtcNow);

        db.ChangeTracker.Clear();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await OwnedTransaction.Begin(db, ct);

        db.Segments.AddRange(plan.Segments);
        db.Groups.AddRange(plan.Groups);
        db.Customers.AddRange(plan.Accounts.Select(a => a.Customer));
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        progress?.Report(new DemoProgress("Customers", 0, plan.Accounts.Count));

        for (var done = 0; done < plan.Accounts.Count; done += AccountsPerBatch)
        {
            var batch = plan.Accounts.Skip(done).Take(AccountsPerBatch).ToList();
            await SaveBatchAsync(db, batch, ct);
            progress?.Report(new DemoProgress("Ledger", Math.Min(done + AccountsPerBatch, plan.Accounts.Count), plan.Accounts.Count));
        }

        await transaction.CommitAsync(ct);
        db.ChangeTracker.AutoDetectChangesEnabled = true;

        progress?.Report(new DemoProgress("Credit lines and orders", 0, 1));
        var credit = await DemoCredit.LoadAsync(services, options.Seed, ct);
        progress?.Report(new DemoProgress("Credit lines and orders", 1, 1));
        await DemoApplications.LoadAsync(services, ct); // applications (issue 4): real submissions of the default template, decided by the default policy
        await DemoCashApplication.LoadAsync(services, options.Seed, ct); // cash application (issue 15): this morning's bank statement, matched
        await DemoCashExchange.LoadAsync(services, options.Seed, ct); // cash application across currencies (issue 15, cashfx): a EUR payment for a USD invoice
        await DemoPortal.LoadAsync(services, ct); // buyer portal (issue 16): buyer@retailer.example / Credo-Demo-Buyer1
        await DemoCollections.LoadAsync(services, ct); // collections (issue 14): a collector's morning
        await DemoReplies.LoadAsync(services, ct); // collections assist (issue 14 §6): replies waiting in the inbox
        await DemoAnalytics.LoadAsync(services, options.Seed, ct); // analytics (issue 13 §5): the late-payment model, trained

        var ledgers = plan.Accounts.Select(a => a.Ledger!).ToList();
        int Count(Domain.Ledger.EntryKind kind) => ledgers.Sum(l => l.Items.Count(e => e.Kind == kind) + l.Applied.Count(e => e.Entry.Kind == kind));
        return new DemoSummary(
            plan.Accounts.Count,
            plan.Groups.Count,
            Count(Domain.Ledger.EntryKind.Invoice),
            Count(Domain.Ledger.EntryKind.Payment),
            Count(Domain.Ledger.EntryKind.CreditNote),
            Count(Domain.Ledger.EntryKind.WriteOff),
            Count(Domain.Ledger.EntryKind.Reversal),
            ledgers.Sum(l => l.Allocations.Count),
            ledgers.Sum(l => l.Disputes.Count),
            clock.Elapsed,
            credit);
    }

    /// <summary>
    /// Three inserts per batch, each needing the ids of the one before: items (with invoice lines), then what
    /// applies to them (write-offs, reversals, allocations, disputes), then allocations that undo allocations.
    /// </summary>
    private static async Task SaveBatchAsync(CreditDb db, List<DemoAccount> batch, CancellationToken ct)
    {
        foreach (var account in batch)
        {
            foreach (var item in account.Ledger!.Items)
            {
                item.CustomerId = account.Customer.Id;
            }

            db.Entries.AddRange(account.Ledger.Items);
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        foreach (var account in batch)
        {
            var ledger = account.Ledger!;
            foreach (var (entry, appliesTo) in ledger.Applied)
            {
                entry.CustomerId = account.Customer.Id;
                entry.AppliesToId = appliesTo.Id;
                db.Entries.Add(entry);
            }

            foreach (var a in ledger.Allocations.Where(a => a.Reverses is null))
            {
                Link(a, account.Customer.Id);
                db.Allocations.Add(a.Row);
            }

            foreach (var (dispute, invoice) in ledger.Disputes)
            {
                dispute.CustomerId = account.Customer.Id;
                dispute.EntryId = invoice.Id;
                db.Disputes.Add(dispute);
            }
        }

        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();

        var undos = batch.SelectMany(a => a.Ledger!.Allocations.Where(x => x.Reverses is not null).Select(x => (Allocation: x, a.Customer.Id))).ToList();
        if (undos.Count > 0)
        {
            foreach (var (undo, customerId) in undos)
            {
                Link(undo, customerId);
                undo.Row.ReversesId = undo.Reverses!.Row.Id;
                db.Allocations.Add(undo.Row);
            }

            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
    }

    private static void Link(PlannedAllocation a, long customerId)
    {
        a.Row.CustomerId = customerId;
        a.Row.CreditId = a.Credit.Id;
        a.Row.DebitId = a.Debit.Id;
    }

    private static async Task CreateStaffAsync(UserManager<CreditUser> users)
    {
        foreach (var staff in Staff)
        {
            if (await users.FindByEmailAsync(staff.Email) is not null)
            {
                continue;
            }

            var result = await UserAccounts.CreateAsync(users, staff.Email, staff.Password, staff.Role, staff.DisplayName);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Demo user {staff.Email}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
            }
        }
    }
}
