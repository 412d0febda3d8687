using System.Diagnostics;
using System.Net.Http.Json;
using Credo.Domain.Customers;
using Credo.Domain.Ledger;
using Credo.Web;
using Credo.Web.Data;
using Credo.Web.Features.Admin;
using Credo.Web.Features.Credit;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Bench;

/// <summary>
/// <c>credit-checks [--checks N] [--parallel P] [--open-items M] [--data DIR]</c>: credit checks per second and
/// latency percentiles in-process and over HTTP on a fresh SQLite database, and the speed-up over the naive check
/// that sums a customer's open items on every call. Prints figures; asserts nothing.
/// Registered in Program.cs as the <c>credit-checks</c> command.
/// </summary>
internal static class CreditChecksBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var checks = Option(args, "--checks", 20_000);
        var parallel = Option(args, "--parallel", 64);
        var openItems = Option(args, "--open-items", 10_000);
        var dir = args.SkipWhile(a => a != "--data").Skip(1).FirstOrDefault() ?? Path.Combine(Path.GetTempPath(), "credo-bench-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);

        var app = CredoHost.Build(["--Database:Provider=Sqlite", "--Database:DataDirectory=" + dir, "--Credo:CreateFirstAdmin=false", "--Logging:LogLevel:Default=Warning", .. args.Where(a => a.StartsWith("--Logging", StringComparison.Ordinal)), "--urls=http://127.0.0.1:0"], new FixedActor("bench"));
        await Database.MigrateAsync(app.Services);
        await app.StartAsync();
        try
        {
            var customers = await Seed(app.Services, customerCount: 200, openItems);

            Console.WriteLine($"credit-checks: SQLite at {dir}, {checks:N0} checks, {parallel} in parallel");
            var inProcess = await Measure(checks, parallel, async i =>
            {
                using var scope = app.Services.CreateScope();
                var customer = customers[1 + (i % (customers.Length - 1))];
                await Check(scope.ServiceProvider, new CreditCheckRequest(customer, $"B-{i}", 1m + (i % 50), "USD", null));
            });
            Print("in-process", inProcess);

            var key = await ApiKey(app.Services);
            using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            http.DefaultRequestHeaders.Add(ApiKeys.Header, key);
            var overHttp = await Measure(checks / 2, parallel * 4, async i =>
            {
                var customer = customers[1 + (i % (customers.Length - 1))];
                using var response = await http.PostAsJsonAsync("/api/credit-checks", new { customer, orderReference = $"H-{i}", amount = 1m + (i % 50), currency = "USD" });
                response.EnsureSuccessStatusCode();
            });
            Print("http", overHttp);

            // The naive check against the customer with the open items: in one transaction, sum the open items and
            // the active reservations, then insert the reservation. Correct (SQLite serialises it) but it reads
            // every open item on every check and commits once per check.
            var heavy = customers[0];
            var samples = Math.Min(2_000, checks);
            var heavyId = await InScope(app.Services, db => db.CustomerId(heavy, CancellationToken.None));
            var naive = await Measure(samples, parallel, async i =>
            {
                using var scope = app.Services.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
                await using var tx = await db.Database.BeginTransactionAsync();
                var open = await db.Entries.Where(e => e.CustomerId == heavyId && e.OpenMinor != 0).SumAsync(e => e.OpenMinor);
                var reserved = await db.CreditReservations.Where(r => r.CustomerId == heavyId && r.State == ReservationState.Active).SumAsync(r => (long?)r.AmountMinor) ?? 0;
                if (open + reserved + 100 <= 100_000_000_00)
                {
                    db.CreditReservations.Add(new CreditReservation
                    {
                        OrderReference = $"NAIVE-{i}",
                        CustomerId = heavyId!.Value,
                        AmountMinor = 100,
                        Currency = "USD",
                        CheckedOn = DateOnly.FromDateTime(DateTime.UtcNow),
                        ExpiresOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(30),
                        State = ReservationState.Voided,
                        DecisionJson = "{}",
                        CreatedBy = "bench",
                    });
                    await db.SaveChangesAsync();
                }

                await tx.CommitAsync();
            });
            var ours = await Measure(samples, parallel, async i =>
            {
                using var scope = app.Services.CreateScope();
                await Check(scope.ServiceProvider, new CreditCheckRequest(heavy, $"N-{i}", 1m, "USD", null));
            });
            Print($"naive check: sum {openItems:N0} open items, insert", naive);
            Print($"credit check, same customer ({openItems:N0} open items)", ours);
            Console.WriteLine($"speed-up over naive: {ours.PerSecond / naive.PerSecond:F1}x");
            return 0;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task Check(IServiceProvider sp, CreditCheckRequest request)
    {
        var result = await sp.GetRequiredService<CheckQueue>().Submit(request, sp.GetRequiredService<CreditDb>(), sp.GetRequiredService<CheckCredit>(), CancellationToken.None);
        if (!result.IsOk)
        {
            throw new InvalidOperationException(result.Error!.Message);
        }
    }

    private sealed record Figures(int Count, double Seconds, double P50Ms, double P99Ms)
    {
        public double PerSecond => Count / Seconds;
    }

    private static async Task<Figures> Measure(int count, int parallel, Func<int, Task> work)
    {
        var latencies = new double[count];
        var next = -1;
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
        Array.Sort(latencies);
        return new Figures(count, total.Elapsed.TotalSeconds, latencies[count / 2], latencies[Math.Min(count - 1, (int)(count * 0.99))]);
    }

    private static void Print(string what, Figures f) =>
        Console.WriteLine($"{what,-52} {f.PerSecond,10:N0} checks/s   p50 {f.P50Ms,7:F2} ms   p99 {f.P99Ms,7:F2} ms");

    private static async Task<string[]> Seed(IServiceProvider services, int customerCount, int openItems)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
        var group = new CorporateGroup { Code = "BENCH", Name = "Bench group", CreatedAtUtc = DateTime.UtcNow };
        db.Groups.Add(group);
        await db.SaveChangesAsync();
        var numbers = Enumerable.Range(0, customerCount).Select(i => $"B{i:D5}").ToArray();
        db.Customers.AddRange(numbers.Select(n => new Customer { Number = n, LegalName = n, Currency = "USD", TermsCode = "NET30", Status = CustomerStatus.Active, GroupId = group.Id }));
        await db.SaveChangesAsync();
        var set = scope.ServiceProvider.GetRequiredService<SetCreditLine>();
        await set.Handle("portfolio", "portfolio", new CreditLineRequest(10_000_000_000m, "USD", null, null, null, null, "bench"), CancellationToken.None);
        await set.Handle("group", "BENCH", new CreditLineRequest(5_000_000_000m, "USD", null, null, null, null, "bench"), CancellationToken.None);
        foreach (var n in numbers)
        {
            await set.Handle("customer", n, new CreditLineRequest(100_000_000m, "USD", null, null, null, null, "bench"), CancellationToken.None);
        }

        var heavyId = (await db.CustomerId(numbers[0], CancellationToken.None))!.Value;
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        db.ChangeTracker.Clear();
        db.Entries.AddRange(Enumerable.Range(0, openItems).Select(i => new LedgerEntry
        {
            CustomerId = heavyId,
            Kind = EntryKind.Invoice,
            Document = $"BINV-{i}",
            PostedOn = today,
            DueOn = today.AddDays(30),
            Currency = "USD",
            AmountMinor = 100_00,
            OpenMinor = 100_00,
            State = ItemState.Open,
            RecordedAtUtc = DateTime.UtcNow,
            RecordedBy = "bench",
        }));
        await db.SaveChangesAsync();
        return numbers;
    }

    private static async Task<string> ApiKey(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var created = await scope.ServiceProvider.GetRequiredService<ManageApiKeys>().Create(new ApiKeyRequest("bench-" + Guid.NewGuid().ToString("N")[..6], Roles.CreditManager), CancellationToken.None);
        return created.Value!.Key;
    }

    private static async Task<T> InScope<T>(IServiceProvider services, Func<CreditDb, Task<T>> work)
    {
        using var scope = services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<CreditDb>());
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
    }
}
