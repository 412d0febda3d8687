using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Credo.Domain.Portal;
using Credo.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Bench;

/// <summary>
/// <c>portal [--customers 10000] [--open-per-customer 80] [--paid-per-customer 20] [--sessions 500] [--requests 20000]
/// [--provider sqlite|postgres] [--data DIR] [--seed-only]</c> (issue 16 §7): a seller with 10,000 customers and 1,000,000 invoices (80 open and
/// 20 paid with their payments per customer, written straight into the tables as aging-sql does), one buyer per
/// session signed in over HTTP on loopback, then every session asking in turn for the portal home and the invoice
/// list, all at once. Prints requests per second, p50/p95/p99 per page, and the process CPU. With <c>--data</c> the seeded
/// database is kept and reused (build it once with <c>--seed-only</c> outside the bench lock, then measure under it).
/// </summary>
internal static partial class PortalBench
{
    public static Command Build()
    {
        var customers = new Option<int>("--customers") { DefaultValueFactory = _ => 10_000 };
        var open = new Option<int>("--open-per-customer") { DefaultValueFactory = _ => 80 };
        var paid = new Option<int>("--paid-per-customer") { DefaultValueFactory = _ => 20 };
        var sessions = new Option<int>("--sessions") { DefaultValueFactory = _ => 500 };
        var requests = new Option<int>("--requests") { DefaultValueFactory = _ => 20_000 };
        var provider = BenchDatabase.ProviderOption();
        var connection = BenchDatabase.ConnectionOption();
        var data = BenchDatabase.DataOption();
        var seedOnly = new Option<bool>("--seed-only") { Description = "Build the kept data set (--data) and stop." };
        var command = new Command("portal", "Buyer portal home and invoice list with hundreds of concurrent buyer sessions over HTTP.")
        {
            customers, open, paid, sessions, requests, provider, connection, data, seedOnly,
        };
        command.SetAction(async (parse, ct) =>
        {
            await using var database = await BenchDatabase.Create(parse.GetValue(provider)!, parse.GetValue(connection), ["--urls=http://127.0.0.1:0"], parse.GetValue(data));
            await database.App.StartAsync(ct);
            var n = parse.GetValue(customers);
            var count = parse.GetValue(sessions);
            var entries = await SeedOnce(database, n, parse.GetValue(open), parse.GetValue(paid), count, ct);
            if (parse.GetValue(seedOnly))
            {
                await database.App.StopAsync(ct);
                return 0;
            }

            var emails = Enumerable.Range(0, count).Select(i => $"buyer{i}@bench.example").ToList();
            var signIn = Stopwatch.StartNew();
            var clients = await SignIn(new Uri(database.App.Urls.First()), emails);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"portal on {database.Provider}: {n:N0} customers, {entries:N0} ledger entries ({n * parse.GetValue(open):N0} open invoices); {count} buyer sessions signed in over HTTP in {signIn.Elapsed.TotalSeconds:N1} s"));
            Yardstick.PrintMachine();
            await Run(clients, Math.Max(count, 1_000), "warm-up (not a figure)");
            await Run(clients, parse.GetValue(requests), "measured");
            await database.App.StopAsync(ct);
            return 0;
        });
        return command;
    }

    /// <summary>The ledger and the buyers, written once (and reused when the kept database says it holds them); the number of ledger entries.</summary>
    private static async Task<long> SeedOnce(BenchDatabase database, int customers, int open, int paid, int sessions, CancellationToken ct)
    {
        if (!database.Seeded)
        {
            await AgingSqlBench.Seed(database, customers, open, paid, ct);
            await Buyers(database, customers, sessions, ct);
            database.MarkSeeded();
        }

        using var scope = database.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
        if (await db.BuyerUsers.CountAsync(ct) < sessions)
        {
            throw new InvalidOperationException($"the kept data set has fewer than {sessions} buyers: build it again with a new --data folder");
        }

        return await db.Entries.LongCountAsync(ct);
    }

    /// <summary>One buyer per session, each granted (view) to its own customer; one password hash for all (the hashing is not what is measured).</summary>
    private static async Task Buyers(BenchDatabase database, int customers, int count, CancellationToken ct)
    {
        using var scope = database.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
        var ids = await db.Customers.OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(ct);
        var hash = new PasswordHasher<BuyerUser>().HashPassword(null!, Password);
        var users = Enumerable.Range(0, count).Select(i => new BuyerUser
        {
            Email = $"buyer{i}@bench.example", NormalizedEmail = $"BUYER{i}@BENCH.EXAMPLE", PasswordHash = hash,
            SecurityStamp = Guid.NewGuid().ToString("N"), CreatedAtUtc = DateTime.UnixEpoch,
        }).ToList();
        db.BuyerUsers.AddRange(users);
        await db.SaveChangesAsync(ct);
        db.BuyerGrants.AddRange(users.Select((u, i) => new BuyerGrant
        {
            BuyerUserId = u.Id, CustomerId = ids[(int)(i * (long)customers / count) % ids.Count], Role = BuyerRole.View, GrantedBy = "bench", GrantedAtUtc = DateTime.UnixEpoch,
        }));
        await db.SaveChangesAsync(ct);
    }

    private const string Password = "Bench-Buyer-Password-1";

    /// <summary>Each session its own client and cookies, signed in through the sign-in form (antiforgery token and all), 8 at a time.</summary>
    private static async Task<HttpClient[]> SignIn(Uri server, List<string> emails)
    {
        var clients = new HttpClient[emails.Count];
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(emails.Select(async (email, i) =>
        {
            await gate.WaitAsync();
            try
            {
                var client = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = server };
                var form = await client.GetStringAsync("/portal/sign-in");
                var token = WebUtility.HtmlDecode(TokenPattern().Match(form).Groups[1].Value);
                using var posted = await client.PostAsync("/portal/sign-in", new FormUrlEncodedContent(
                    [new("Email", email), new("Password", Password), new("ReturnUrl", ""), new("__RequestVerificationToken", token)]));
                if (posted.StatusCode != HttpStatusCode.Redirect || posted.Headers.Location?.OriginalString != "/portal")
                {
                    throw new InvalidOperationException($"{email} was not signed in: {(int)posted.StatusCode}");
                }

                clients[i] = client;
            }
            finally
            {
                gate.Release();
            }
        }));
        return clients;
    }

    /// <summary>Every session at once, each asking for the home page and the invoice list in turn until <paramref name="total"/> pages are served.</summary>
    private static async Task Run(HttpClient[] clients, int total, string label)
    {
        string[] pages = ["/portal", "/portal/invoices"];
        var latencies = pages.Select(_ => new double[total]).ToArray();
        var next = -1;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(clients.Select(client => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                var page = i % pages.Length;
                var started = Stopwatch.GetTimestamp();
                using var response = await client.GetAsync(pages[page], HttpCompletionOption.ResponseContentRead);
                latencies[page][i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"{pages[page]} answered {(int)response.StatusCode}");
                }
            }
        })));
        wall.Stop();
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{label}: {total:N0} pages by {clients.Length} sessions in {wall.Elapsed.TotalSeconds:N1} s = {total / wall.Elapsed.TotalSeconds:N0} pages/s; process CPU {cpuMs / total:N2} ms per page"));
        for (var p = 0; p < pages.Length; p++)
        {
            var sorted = latencies[p].Where((_, i) => i % pages.Length == p).Order().ToArray();
            double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * q))];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {pages[p],-18} p50 {At(0.50),8:N1} ms   p95 {At(0.95),8:N1} ms   p99 {At(0.99),8:N1} ms   ({sorted.Length:N0} pages)"));
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
