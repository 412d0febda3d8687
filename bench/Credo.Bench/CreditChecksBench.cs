using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Credo.Domain.Credit;
using Credo.Domain.Customers;
using Credo.Domain.Ledger;
using Credo.Web.Data;
using Credo.Web.Features.Admin;
using Credo.Web.Features.Credit;
using Credo.Web.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Bench;

/// <summary>
/// <c>credit-checks [--provider sqlite|postgres] [--connection CS] [--checks N] [--parallel 16,64] [--http-parallel 64]
/// [--customers 10000] [--groups 500] [--open-items 1000,10000,100000] [--naive-checks 1000] [--naive-parallel 16,64,256]
/// [--skip http,naive,b] [--warm-up 20000] [--webhook] [--yardstick-seconds 5]</c>:
/// credit checks per second and latency percentiles through the real front door (<see cref="CheckQueue"/>, durable:
/// each answer waits for its commit), in-process and over HTTP on loopback, for (a) orders spread over many customers
/// in many groups and (b) every order on one group; then against the naive check (sum the customer's open items and
/// active reservations, insert, commit: one transaction per check) for customers with 1,000, 10,000 and 100,000 open
/// items. Before the figures, a warm-up of (a) at the first client count (printed, not a figure) loads the writer's
/// book of 10,000 paths and lets the JIT finish its tiers, so the rows measure the steady state. <c>--webhook</c> adds
/// rows of (a) with a webhook subscription to every credit topic delivering to a receiver on loopback. Prints figures;
/// asserts nothing.
/// </summary>
internal static class CreditChecksBench
{
    private const string Usd = "USD";

    /// <summary>The naive check's customer limit: high enough that it approves, so each check pays the insert too.</summary>
    private const long NaiveLimitMinor = 100_000_000_000_00;

    public static async Task<int> RunAsync(string[] args)
    {
        var provider = Text(args, "--provider") ?? "sqlite";
        var checks = Option(args, "--checks", 20_000);
        var parallels = List(args, "--parallel", [16, 64]);
        var httpParallel = Option(args, "--http-parallel", 64);
        var customerCount = Option(args, "--customers", 10_000);
        var groupCount = Option(args, "--groups", 500);
        var openItems = List(args, "--open-items", [1_000, 10_000, 100_000]);
        var naiveChecks = Option(args, "--naive-checks", 1_000);
        var naiveParallels = List(args, "--naive-parallel", [parallels[^1]]);
        var skip = (Text(args, "--skip") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries);

        var webhook = args.Contains("--webhook");
        Yardstick.Span = TimeSpan.FromSeconds(Option(args, "--yardstick-seconds", 5)); // issue 17 §1: a longer span than 2 s
        await using var database = await BenchDatabase.Create(provider, Text(args, "--connection"), ["--urls=http://127.0.0.1:0"]);
        var app = database.App;
        _services = app.Services;
        var received = 0L;
        if (webhook)
        {
            app.MapPost("/bench-webhook-receiver", () =>
            {
                Interlocked.Increment(ref received);
                return Microsoft.AspNetCore.Http.Results.NoContent();
            }).AllowAnonymous();
        }

        await app.StartAsync();
        try
        {
            var seedClock = Stopwatch.StartNew();
            var spread = await SeedSpread(app.Services, customerCount, groupCount);
            var oneGroup = await SeedOneGroup(app.Services, members: 20);
            var heavy = new List<(int Items, string Number, long Id)>();
            foreach (var n in openItems)
            {
                heavy.Add(await SeedHeavy(app.Services, n));
            }

            Console.WriteLine($"credit-checks on {provider}: seeded {customerCount:N0} customers in {groupCount:N0} groups, one group of 20, heavy customers with {string.Join(", ", openItems.Select(n => n.ToString("N0", CultureInfo.InvariantCulture)))} open items in {seedClock.Elapsed.TotalSeconds:F1} s");
            // The machine's limits, measured now on the same disk (issue 17 §1): each (a) row is printed against them.
            Yardstick.PrintMachine();
            var disk = Yardstick.Disk(database.ScratchDirectory);
            Yardstick.Print(disk);
            var pgLimits = provider == "postgres" ? await Yardstick.Postgres(database.ConnectionString, CancellationToken.None) : null;
            if (pgLimits is not null)
            {
                Yardstick.Print(pgLimits);
            }

            Console.WriteLine($"{"measurement",-64} {"checks/s",10}   {"p50",10}   {"p99",10}");

            // (a): a fixed scatter over the customers, each order named by its row.
            Task SpreadCheck(string row, int i) => Check(app.Services, spread[Spread(i, spread.Length)], $"{row}-{i}", 1m + (i % 50));
            var run = 0;
            var warmUp = Option(args, "--warm-up", 20_000);
            if (warmUp > 0)
            {
                Print($"warm-up (not a figure): (a) in-process, {parallels[0]} clients", await Measure(warmUp, parallels[0], i => SpreadCheck("W", i)));
            }

            var plain = new Dictionary<int, Figures>();
            foreach (var parallel in parallels)
            {
                var tag = run++;
                // The yardstick replay runs just before and just after the row (issue 17 §1: a load swing on the shared
                // machine then hits both sides), and the share is taken against their mean.
                var before = warmUp > 0 ? Replay(database, provider, "W-0", parallel) : (double?)null;
                var figures = await MeasureRow($"(a) in-process, {customerCount:N0} customers / {groupCount} groups, {parallel} clients", checks, parallel, i => SpreadCheck($"A{tag}", i));
                plain[parallel] = figures;
                AgainstTheLimit(database, provider, $"A{tag}-0", parallel, figures, before, disk, pgLimits);
            }

            if (!skip.Contains("writers"))
            {
                foreach (var parallel in parallels)
                {
                    var tag = run++;
                    await OtherWritersUnderLoad(app.Services, spread, parallel, plain[parallel], () => MeasureRow($"(a) {parallel} clients, with limit changes and payments", checks, parallel, i => SpreadCheck($"OW{tag}", i)));
                }
            }

            if (webhook)
            {
                // An integrator subscribed to the check events: each delivery commits its attempt and cursor on another
                // connection, which on SQLite drops the writer's book (ADR 0012, consequences).
                using (var scope = app.Services.CreateScope())
                {
                    var subscribed = await scope.ServiceProvider.GetRequiredService<Credo.Web.Features.Webhooks.SubscribeWebhook>().Subscribe(
                        new Credo.Web.Features.Webhooks.WebhookRequest(new Uri(new Uri(app.Urls.First()), "/bench-webhook-receiver").ToString(), ["credit.*"], "bench", true), CancellationToken.None);
                    if (!subscribed.IsOk)
                    {
                        throw new InvalidOperationException(subscribed.Error!.Message);
                    }
                }

                foreach (var parallel in parallels)
                {
                    var tag = run++;
                    var before = Interlocked.Read(ref received);
                    var clears = app.Services.GetRequiredService<CheckQueue>().Statistics.BookClears;
                    var figures = await MeasureRow($"(a) in-process, {parallel} clients, webhook subscription delivering", checks, parallel, i => SpreadCheck($"WH{tag}", i));
                    var delivered = Interlocked.Read(ref received) - before;
                    Console.WriteLine($"  webhook deliveries received during that row: {delivered:N0} of {checks:N0} events ({delivered / figures.Seconds:N0}/s against {figures.PerSecond:N0} events/s); " +
                        $"the writer's book dropped {app.Services.GetRequiredService<CheckQueue>().Statistics.BookClears - clears:N0} times; " +
                        $"throughput {100 * figures.PerSecond / plain[parallel].PerSecond:N1} % of the plain row at {parallel} clients (cost {100 - 100 * figures.PerSecond / plain[parallel].PerSecond:N1} %)");
                }

                await Task.Delay(3000);
                Console.WriteLine($"  webhook deliveries received in all: {Interlocked.Read(ref received):N0}");
            }

            if (!skip.Contains("b"))
            {
                foreach (var parallel in parallels)
                {
                    var tag = run++;
                    Print($"(b) in-process, all on one group (20 members), {parallel} clients", await Measure(checks, parallel, i =>
                        Check(app.Services, oneGroup[i % oneGroup.Length], $"B{tag}-{i}", 1m + (i % 50))));
                }
            }

            if (!skip.Contains("http"))
            {
                var key = await ApiKey(app.Services);
                using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
                http.DefaultRequestHeaders.Add(ApiKeys.Header, key);
                for (var warm = 0; warm < 200; warm++)
                {
                    await Post(http, spread[warm], $"HW-{warm}", 1m);
                }

                Print($"(a) HTTP loopback, {httpParallel} clients", await Measure(checks, httpParallel, i =>
                    Post(http, spread[Spread(i, spread.Length)], $"HA-{i}", 1m + (i % 50))));
                if (!skip.Contains("b"))
                {
                    Print($"(b) HTTP loopback, {httpParallel} clients", await Measure(checks, httpParallel, i =>
                        Post(http, oneGroup[i % oneGroup.Length], $"HB-{i}", 1m + (i % 50))));
                }
            }

            if (!skip.Contains("naive"))
            {
                foreach (var (items, number, id) in heavy)
                {
                    var decide = await NaiveSumAlone(app.Services, id, 200);
                    foreach (var parallel in naiveParallels)
                    {
                        var tag = run++;
                        var naive = await Measure(naiveChecks, parallel, i => Naive(app.Services, id, $"NV{tag}-{i}"));
                        var ours = await Measure(Math.Max(naiveChecks, 5_000), parallel, i => Check(app.Services, number, $"OV{tag}-{i}", 1m));
                        Print($"naive, {items:N0} open items, {parallel} clients (its sum alone: {decide:F3} ms)", naive);
                        Print($"ours, same customer, {parallel} clients", ours);
                        Console.WriteLine($"  speed-up over naive at {items:N0} open items, {parallel} clients: {ours.PerSecond / naive.PerSecond:F1}x");
                    }
                }
            }

            return 0;
        }
        finally
        {
            await app.StopAsync();
        }
    }

    /// <summary>A fixed scatter over the customers (a large prime stride), so consecutive checks hit different paths.</summary>
    private static int Spread(int i, int count) => (int)((i * 7_919L) % count);

    /// <summary>A check as the HTTP endpoint makes it: straight to the writer, no DI scope or context on the caller's side.</summary>
    private static async Task Check(IServiceProvider services, string customer, string orderReference, decimal amount)
    {
        var result = await services.GetRequiredService<CheckQueue>().Submit(new CreditCheckRequest(customer, orderReference, amount, Usd, null), "bench", CancellationToken.None);
        if (!result.IsOk)
        {
            throw new InvalidOperationException(result.Error!.Message);
        }
    }

    private static async Task Post(HttpClient http, string customer, string orderReference, decimal amount)
    {
        using var response = await http.PostAsJsonAsync("/api/credit-checks", new { customer, orderReference, amount, currency = Usd });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// What many ERPs do: in one transaction (SQLite: BEGIN IMMEDIATE, so it is even correct; PostgreSQL: READ
    /// COMMITTED, where it can overspend, as the tests show) sum the customer's open items and active reservations,
    /// compare with the limit, insert the reservation, commit. It is given the same durability and the covering
    /// index (CustomerId, OpenMinor) the ledger already has, so its sum reads no table rows.
    /// </summary>
    private static async Task Naive(IServiceProvider services, long customerId, string orderReference)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
        await using var tx = await db.Database.BeginTransactionAsync();
        var open = await db.Entries.Where(e => e.CustomerId == customerId && e.OpenMinor != 0).SumAsync(e => e.OpenMinor);
        var reserved = await db.CreditReservations.Where(r => r.CustomerId == customerId && r.State == ReservationState.Active).SumAsync(r => (long?)r.AmountMinor) ?? 0;
        var today = db.Today();
        db.CreditReservations.Add(new CreditReservation
        {
            OrderReference = orderReference,
            CustomerId = customerId,
            AmountMinor = 100,
            Currency = Usd,
            CheckedOn = today,
            ExpiresOn = today.AddDays(30),
            // Its approvals count in its own next sum, as they would in the ERP; they carry no line shares, so
            // our checks (which read the lines' cache) are not affected by them.
            State = open + reserved + 100 <= NaiveLimitMinor ? ReservationState.Active : ReservationState.Held,
            DecisionJson = "{}",
            CreatedBy = "bench-naive",
            CreatedAtUtc = db.UtcNow,
            UpdatedAtUtc = db.UtcNow,
        });
        await db.SaveChangesAsync();
        await tx.CommitAsync();
    }

    /// <summary>The naive check's sum by itself, one at a time: the work it repeats on every check (ms, mean).</summary>
    private static async Task<double> NaiveSumAlone(IServiceProvider services, long customerId, int samples)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < samples; i++)
        {
            _ = await db.Entries.Where(e => e.CustomerId == customerId && e.OpenMinor != 0).SumAsync(e => e.OpenMinor);
        }

        return clock.Elapsed.TotalMilliseconds / samples;
    }

    private sealed record Figures(int Count, double Seconds, double P50Ms, double P99Ms, double CpuSeconds = 0)
    {
        public double PerSecond => Count / Seconds;

        /// <summary>The process's CPU per check during the row (issue 11: comparable when the machine is shared, unlike checks/s).</summary>
        public double CpuMicrosPerCheck => CpuSeconds * 1e6 / Count;
    }

    private static async Task<Figures> Measure(int count, int parallel, Func<int, Task> work)
    {
        var latencies = new double[count];
        var next = -1;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var started = Stopwatch.GetTimestamp();
                await work(i);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        })));
        total.Stop();
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Array.Sort(latencies);
        return new Figures(count, total.Elapsed.TotalSeconds, latencies[count / 2], latencies[Math.Min(count - 1, (int)(count * 0.99))], used.TotalSeconds);
    }

    private static IServiceProvider? _services;

    /// <summary>
    /// An (a) row beside the machine's limit for the same writes: on SQLite, the statements one check writes replayed
    /// through a bare connection with as many checks per commit as there were clients (the writer's batch at most),
    /// measured right after the row while Credo is idle; on PostgreSQL, the server's single-row commit rate.
    /// </summary>
    private static void AgainstTheLimit(BenchDatabase database, string provider, string templateOrder, int parallel, Figures figures, double? replayBefore, Yardstick.DiskLimits disk, Yardstick.PostgresLimits? pg)
    {
        if (provider == "postgres")
        {
            Yardstick.Compare($"(a) {parallel} clients", figures.PerSecond, "PostgreSQL single-row commits", pg!.Commits1);
            return;
        }

        var after = Replay(database, provider, templateOrder, parallel)!.Value;
        var replay = replayBefore is { } b ? (b + after) / 2 : after;
        Console.WriteLine($"  raw SQLite replay, {Math.Min(parallel, 256)} checks per commit: {replayBefore?.ToString("N0", CultureInfo.InvariantCulture) ?? "-"}/s before the row, {after:N0}/s after it");
        Yardstick.Compare($"(a) {parallel} clients", figures.PerSecond, $"raw SQLite replay of a check's writes (mean of before and after)", replay);
        Yardstick.Compare($"(a) {parallel} clients", figures.PerSecond, "raw SQLite single-row commits", disk.SqliteCommits1);
    }

    /// <summary>The raw replay of one check's writes (SQLite only), as many per commit as there are clients.</summary>
    private static double? Replay(BenchDatabase database, string provider, string templateOrder, int parallel)
    {
        if (provider == "postgres")
        {
            return null;
        }

        var path = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(database.ConnectionString).DataSource;
        var (rate, logBytes) = Yardstick.CheckReplay(path, templateOrder, Math.Min(parallel, 256));
        Console.WriteLine($"  raw SQLite replay: {rate:N0} checks/s, {logBytes / 1024:N1} KB of log per check");
        return rate;
    }

    /// <summary>A row of (a) with the writer's log bytes per check beside it (issue 17 §2: goal at most 15 KB).</summary>
    private static async Task<Figures> MeasureRow(string what, int count, int parallel, Func<int, Task> work)
    {
        var queue = _services!.GetRequiredService<CheckQueue>();
        var pages = queue.LogPages;
        var figures = await Measure(count, parallel, work);
        Print(what, figures);
        if (queue.LogPageBytes > 0)
        {
            var written = queue.LogPages - pages;
            Console.WriteLine($"  the writer's log: {written:N0} pages = {written * queue.LogPageBytes / 1024.0 / count:N1} KB per check (goal: at most 15 KB)");
        }

        return figures;
    }

    /// <summary>
    /// Issue 17 §2: a limit change and a payment, each every 50 ms, through their own use cases while the checks run:
    /// their latency (goal: p99 at most 50 ms) and what they cost the checks.
    /// </summary>
    private static async Task OtherWritersUnderLoad(IServiceProvider services, string[] customers, int parallel, Figures plain, Func<Task<Figures>> row)
    {
        using var stop = new CancellationTokenSource();
        var limits = new List<double>();
        var payments = new List<double>();
        var writers = Task.WhenAll(
            Every(TimeSpan.FromMilliseconds(50), limits, async (sp, i) =>
            {
                var set = await sp.GetRequiredService<SetCreditLine>().Handle("customer", customers[(i * 31) % customers.Length], new CreditLineRequest(1_000_000m + i, Usd, null, null, null, null, "bench: a limit change under check load"), CancellationToken.None);
                return set.IsOk ? null : set.Error!.Message;
            }, stop.Token),
            Every(TimeSpan.FromMilliseconds(50), payments, async (sp, i) =>
            {
                var paid = await sp.GetRequiredService<Credo.Web.Features.Ledger.RecordPayment>().Handle(new Credo.Web.Features.Ledger.RecordPaymentRequest(customers[(i * 37 + 5) % customers.Length], $"BENCH-PAY-{Guid.NewGuid():N}", null, 10m, Usd, "bank-transfer"), CancellationToken.None);
                return paid.IsOk ? null : paid.Error!.Message;
            }, stop.Token));
        var figures = await row();
        await stop.CancelAsync();
        await writers;
        Console.WriteLine($"  throughput {100 * figures.PerSecond / plain.PerSecond:N1} % of the plain row at {parallel} clients");
        Console.WriteLine($"  limit changes during the row: {Percentiles(limits)} (goal: p99 at most 50 ms)");
        Console.WriteLine($"  payments during the row:      {Percentiles(payments)} (goal: p99 at most 50 ms)");
    }

    private static async Task Every(TimeSpan interval, List<double> latencies, Func<IServiceProvider, int, Task<string?>> write, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using (var scope = _services!.CreateScope())
            {
                if (await write(scope.ServiceProvider, i) is { } refused)
                {
                    throw new InvalidOperationException(refused);
                }
            }

            var took = Stopwatch.GetElapsedTime(started);
            latencies.Add(took.TotalMilliseconds);
            try
            {
                await Task.Delay(interval > took ? interval - took : TimeSpan.Zero, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static string Percentiles(List<double> ms)
    {
        if (ms.Count == 0)
        {
            return "none";
        }

        var sorted = ms.Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture, $"{sorted.Length} done, p50 {sorted[sorted.Length / 2]:F1} ms, p99 {sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))]:F1} ms, max {sorted[^1]:F1} ms");
    }

    private static void Print(string what, Figures f)
    {
        var stats = _services?.GetRequiredService<CheckQueue>().Statistics;
        Console.WriteLine($"{what,-64} {f.PerSecond,10:N0}   {f.P50Ms,7:F2} ms   {f.P99Ms,7:F2} ms   CPU {f.CpuMicrosPerCheck,6:F0} µs/check   {stats}");
    }

    /// <summary>Customers spread over groups (two levels: 10 parents over the rest), every level with a limit; about one check in 20 is held.</summary>
    private static async Task<string[]> SeedSpread(IServiceProvider services, int customerCount, int groupCount)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
        var now = db.UtcNow;
        var parents = Enumerable.Range(0, Math.Max(1, groupCount / 50)).Select(i => new CorporateGroup { Code = $"P{i:D3}", Name = $"Parent {i}", CreatedAtUtc = now }).ToList();
        db.Groups.AddRange(parents);
        await db.SaveChangesAsync();
        var groups = Enumerable.Range(0, groupCount).Select(i => new CorporateGroup { Code = $"G{i:D4}", Name = $"Group {i}", ParentId = parents[i % parents.Count].Id, CreatedAtUtc = now }).ToList();
        db.Groups.AddRange(groups);
        await db.SaveChangesAsync();
        var numbers = Enumerable.Range(0, customerCount).Select(i => $"A{i:D6}").ToArray();
        var customers = numbers.Select((n, i) => new Customer { Number = n, LegalName = n, Currency = Usd, TermsCode = "NET30", Status = CustomerStatus.Active, GroupId = groups[i % groups.Count].Id }).ToList();
        db.Customers.AddRange(customers);
        await db.SaveChangesAsync();

        // Lines straight into the table: nothing is exposed yet, so a zero cache is the derivation.
        var lines = new List<CreditLine> { Line(LimitLevel.Portfolio, 0, 1_000_000_000_00, now) };
        lines.AddRange(parents.Select(p => Line(LimitLevel.Group, p.Id, 100_000_000_00, now)));
        lines.AddRange(groups.Select(g => Line(LimitLevel.Group, g.Id, 10_000_000_00, now)));
        lines.AddRange(customers.Select((c, i) => Line(LimitLevel.Customer, c.Id, i % 20 == 0 ? 10_00 : 1_000_000_00, now)));
        db.CreditLines.AddRange(lines);
        await db.SaveChangesAsync();
        return numbers;
    }

    private static async Task<string[]> SeedOneGroup(IServiceProvider services, int members)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
        var now = db.UtcNow;
        var group = new CorporateGroup { Code = "ONE", Name = "One group", CreatedAtUtc = now };
        db.Groups.Add(group);
        await db.SaveChangesAsync();
        var customers = Enumerable.Range(0, members).Select(i => new Customer { Number = $"ONE{i:D3}", LegalName = $"One {i}", Currency = Usd, TermsCode = "NET30", Status = CustomerStatus.Active, GroupId = group.Id }).ToList();
        db.Customers.AddRange(customers);
        await db.SaveChangesAsync();
        db.CreditLines.Add(Line(LimitLevel.Group, group.Id, 1_000_000_000_00, now));
        db.CreditLines.AddRange(customers.Select(c => Line(LimitLevel.Customer, c.Id, 100_000_000_00, now)));
        await db.SaveChangesAsync();
        return [.. customers.Select(c => c.Number)];
    }

    /// <summary>A customer with <paramref name="items"/> open invoices (not overdue), added through EF so the receivables hook moves its lines.</summary>
    private static async Task<(int, string, long)> SeedHeavy(IServiceProvider services, int items)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
        var now = db.UtcNow;
        var today = db.Today();
        var number = $"H{items}";
        var customer = new Customer { Number = number, LegalName = number, Currency = Usd, TermsCode = "NET30", Status = CustomerStatus.Active };
        db.Customers.Add(customer);
        await db.SaveChangesAsync();
        db.CreditLines.Add(Line(LimitLevel.Customer, customer.Id, 100_000_000_000_00, now));
        await db.SaveChangesAsync();
        for (var start = 0; start < items; start += 10_000)
        {
            db.ChangeTracker.Clear();
            db.Entries.AddRange(Enumerable.Range(start, Math.Min(10_000, items - start)).Select(i => new LedgerEntry
            {
                CustomerId = customer.Id,
                Kind = EntryKind.Invoice,
                Document = $"{number}-INV-{i}",
                PostedOn = today,
                DueOn = today.AddDays(30),
                Currency = Usd,
                AmountMinor = 100_00,
                OpenMinor = 100_00,
                State = ItemState.Open,
                RecordedAtUtc = now,
                RecordedBy = "bench",
            }));
            await db.SaveChangesAsync();
        }

        return (items, number, customer.Id);
    }

    private static CreditLine Line(LimitLevel level, long subjectId, long limitMinor, DateTime now) =>
        new() { Level = level, SubjectId = subjectId, Currency = Usd, LimitMinor = limitMinor, UpdatedAtUtc = now, UpdatedBy = "bench" };

    private static async Task<string> ApiKey(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var created = await scope.ServiceProvider.GetRequiredService<ManageApiKeys>().Create(new ApiKeyRequest("bench-" + Guid.NewGuid().ToString("N")[..6], Roles.CreditManager), CancellationToken.None);
        return created.Value!.Key;
    }

    private static string? Text(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static int Option(string[] args, string name, int fallback) =>
        int.TryParse(Text(args, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : fallback;

    private static int[] List(string[] args, string name, int[] fallback) =>
        Text(args, name) is { } text ? [.. text.Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture))] : fallback;
}
