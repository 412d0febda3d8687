using System.CommandLine;
using System.Diagnostics;
using System.Net.Http.Json;
using Credo.Domain.Credit;
using Credo.Domain.Customers;
using Credo.Web;
using Credo.Web.Data;
using Credo.Web.Features.Admin;
using Credo.Web.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Bench;

/// <summary>
/// Issue 17 §4: credit checks per second with one, two and three Credo instances on one PostgreSQL database. Each
/// instance is a whole Credo host (its own services, connection pool, check queue and Kestrel on a loopback port);
/// the clients send checks over HTTP, spread round-robin over the instances in use. The instances run in this one
/// process, so they share its cores: the figure says what the shared database allows when checks arrive through
/// several instances, not what more machines would add. The server's single-row commit rate is printed beside it.
/// </summary>
internal static class InstancesBench
{
    public static Command Build()
    {
        var connection = BenchDatabase.ConnectionOption();
        var checks = new Option<int>("--checks") { Description = "Checks per row.", DefaultValueFactory = _ => 5_000 };
        var parallel = new Option<int>("--parallel") { Description = "HTTP clients in all, spread over the instances.", DefaultValueFactory = _ => 32 };
        var customers = new Option<int>("--customers") { Description = "Customers (in groups of 20, each level with a limit).", DefaultValueFactory = _ => 2_000 };
        var command = new Command("instances", "Credit checks per second over HTTP with 1, 2 and 3 Credo instances on one PostgreSQL database.") { connection, checks, parallel, customers };
        command.SetAction((parse, ct) => RunAsync(parse.GetValue(connection), parse.GetValue(checks), parse.GetValue(parallel), parse.GetValue(customers), ct));
        return command;
    }

    private static async Task<int> RunAsync(string? connection, int checks, int parallel, int customerCount, CancellationToken ct)
    {
        await using var database = await BenchDatabase.Create("postgres", connection, ["--urls=http://127.0.0.1:0"]);
        await database.App.StartAsync(ct);
        var hosts = new List<WebApplication> { database.App };
        try
        {
            var numbers = await Seed(database.App.Services, customerCount);
            for (var i = 1; i < 3; i++)
            {
                hosts.Add(await StartInstance(database));
            }

            var key = await ApiKey(database.App.Services);
            var clients = hosts.Select(h => Client(h, key)).ToList();
            Yardstick.PrintMachine();
            var limits = await Yardstick.Postgres(database.ConnectionString, ct);
            Yardstick.Print(limits);
            Console.WriteLine($"instances: {customerCount:N0} customers in groups of 20, {parallel} HTTP clients in all, {checks:N0} checks per row");
            Console.WriteLine($"{"measurement",-48} {"checks/s",10}   {"p50",10}   {"p99",10}");
            await Measure(checks / 5, parallel, i => Post(clients[i % 3], numbers, $"W-{i}", i)); // warm-up: every instance's pool and JIT
            for (var n = 1; n <= 3; n++)
            {
                var used = clients.Take(n).ToList();
                var row = n;
                var f = await Measure(checks, parallel, i => Post(used[i % used.Count], numbers, $"I{row}-{i}", i));
                Console.WriteLine($"{$"{n} instance{(n == 1 ? string.Empty : "s")}, {parallel} clients",-48} {f.PerSecond,10:N0}   {f.P50Ms,7:F2} ms   {f.P99Ms,7:F2} ms");
                Yardstick.Compare($"{n} instance(s)", f.PerSecond, "PostgreSQL single-row commits", limits.Commits1);
            }

            return 0;
        }
        finally
        {
            foreach (var host in hosts.Skip(1))
            {
                await host.StopAsync(CancellationToken.None);
                await host.DisposeAsync();
            }

            await database.App.StopAsync(CancellationToken.None);
        }
    }

    /// <summary>Another instance on the same database (already migrated), on its own loopback port.</summary>
    private static async Task<WebApplication> StartInstance(BenchDatabase database)
    {
        var app = CredoHost.Build(
            [
                "--Database:Provider=Postgres",
                "--ConnectionStrings:Credo=" + database.ConnectionString,
                "--Database:DataDirectory=" + Path.Combine(database.ScratchDirectory, "instance-" + Guid.NewGuid().ToString("N")[..6]),
                "--Credo:CreateFirstAdmin=false",
                "--Seller:PublicBaseUrl=http://127.0.0.1",
                "--Logging:LogLevel:Default=Warning",
                "--urls=http://127.0.0.1:0",
            ],
            new FixedActor("bench"));
        await app.StartAsync();
        return app;
    }

    /// <summary>Customers in groups of 20 under one portfolio line; every level has a limit far above the run's checks.</summary>
    private static async Task<string[]> Seed(IServiceProvider services, int customerCount)
    {
        using var scope = services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
        var now = db.UtcNow;
        var groups = Enumerable.Range(0, Math.Max(1, customerCount / 20)).Select(i => new CorporateGroup { Code = $"IG{i:D4}", Name = $"Group {i}", CreatedAtUtc = now }).ToList();
        db.Groups.AddRange(groups);
        await db.SaveChangesAsync();
        var numbers = Enumerable.Range(0, customerCount).Select(i => $"I{i:D6}").ToArray();
        var customers = numbers.Select((n, i) => new Customer { Number = n, LegalName = n, Currency = "USD", TermsCode = "NET30", Status = CustomerStatus.Active, GroupId = groups[i % groups.Count].Id }).ToList();
        db.Customers.AddRange(customers);
        await db.SaveChangesAsync();
        var lines = new List<CreditLine> { Line(LimitLevel.Portfolio, 0, 1_000_000_000_00, now) };
        lines.AddRange(groups.Select(g => Line(LimitLevel.Group, g.Id, 100_000_000_00, now)));
        lines.AddRange(customers.Select(c => Line(LimitLevel.Customer, c.Id, 1_000_000_00, now)));
        db.CreditLines.AddRange(lines);
        await db.SaveChangesAsync();
        return numbers;
    }

    private static CreditLine Line(LimitLevel level, long subjectId, long limitMinor, DateTime now) =>
        new() { Level = level, SubjectId = subjectId, Currency = "USD", LimitMinor = limitMinor, UpdatedAtUtc = now, UpdatedBy = "bench" };

    private static async Task<string> ApiKey(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var created = await scope.ServiceProvider.GetRequiredService<ManageApiKeys>().Create(new ApiKeyRequest("bench-instances-" + Guid.NewGuid().ToString("N")[..6], Roles.CreditManager), CancellationToken.None);
        return created.Value!.Key;
    }

    private static HttpClient Client(WebApplication host, string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(host.Urls.First()) };
        client.DefaultRequestHeaders.Add(ApiKeys.Header, key);
        return client;
    }

    /// <summary>One check, on a customer picked by a fixed scatter (a large prime stride), so consecutive checks hit different paths.</summary>
    private static async Task Post(HttpClient http, string[] customers, string orderReference, int i)
    {
        var customer = customers[(int)((i * 7_919L) % customers.Length)];
        using var response = await http.PostAsJsonAsync("/api/credit-checks", new { customer, orderReference, amount = 1m + (i % 50), currency = "USD" });
        response.EnsureSuccessStatusCode();
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
}
