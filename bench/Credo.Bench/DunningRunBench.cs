using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Credo.Domain.Collections;
using Credo.Web.Data;
using Credo.Web.Features.Collections;
using Credo.Web.Features.Imports;
using Credo.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Bench;

/// <summary>
/// <c>dunning-run [--customers 100000] [--items 1000000] [--send 2000] [--collector-customers 10000]</c> (issue 14 §7):
/// customers (through the import, each with a payables email) and open invoices written straight into the ledger, then
/// (1) the dunning preview: facts loaded from the database and planned (<see cref="PreviewDunning"/>), the issue's
/// "planning a run, under 30 s"; (2) a run that sends to the first <c>--send</c> planned customers
/// (<see cref="RunDunning"/>: it loads and plans everything, then stores, queues and charges each message in its own
/// transaction), giving the cost per message; (3) the collector's worklist page over HTTP, signed in as a collector whose
/// group holds <c>--collector-customers</c> customers. Prints wall and process CPU time for each.
/// </summary>
internal static partial class DunningRunBench
{
    public static Command Build()
    {
        var customers = new Option<int>("--customers") { DefaultValueFactory = _ => 100_000 };
        var items = new Option<int>("--items") { DefaultValueFactory = _ => 1_000_000 };
        var send = new Option<int>("--send") { DefaultValueFactory = _ => 2_000 };
        var collector = new Option<int>("--collector-customers") { DefaultValueFactory = _ => 10_000 };
        var samples = new Option<int>("--samples") { DefaultValueFactory = _ => 5 };
        var command = new Command("dunning-run", "Loading and planning a dunning run from SQLite, sending its messages, and the collector's worklist page.") { customers, items, send, collector, samples };
        command.SetAction(async (parse, ct) =>
        {
            await using var database = await BenchDatabase.Create("sqlite", null, ["--urls=http://127.0.0.1:0"]);
            var (n, m) = (parse.GetValue(customers), parse.GetValue(items));
            var today = DateOnly.FromDateTime(database.App.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
            await Seed(database, n, m, parse.GetValue(collector), today, ct);
            Console.WriteLine($"load average before: {Load()}");
            var preview = await Once(database, "load and plan (PreviewDunning)", sp => sp.GetRequiredService<PreviewDunning>().Handle(today, ct));
            Console.WriteLine($"  {preview.Messages.Count:N0} messages planned, {preview.LeftOut.Count:N0} customers left out");
            if (parse.GetValue(send) > 0) // --send 0 skips the run (it loads and plans everything again, then one transaction per message)
            {
                var only = preview.Messages.Take(parse.GetValue(send)).Select(x => x.Customer).ToHashSet(StringComparer.Ordinal);
                var ids = await InScope(database, sp => sp.GetRequiredService<CreditDb>().Customers.Where(c => EF.Parameter(only).Contains(c.Number)).Select(c => c.Id).ToListAsync(ct));
                var run = await Once(database, $"run sending to {ids.Count:N0} customers (RunDunning)", sp => sp.GetRequiredService<RunDunning>().Handle(today, RunDunning.OnDemand, ct, ids.ToHashSet()));
                Console.WriteLine($"  {run.Sent:N0} sent, {run.AlreadySent:N0} already sent, {run.LeftOut:N0} left out");
            }

            for (var i = 0; i < 3; i++) // the use case alone, in process: what the page asks for, without HTTP and rendering
            {
                var list = await Once(database, "worklist use case (Worklist.Handle, the collector's queue)", sp => sp.GetRequiredService<Worklist>().Handle(CollectorEmail, null, ct));
                Console.WriteLine($"  {list.Rows.Count:N0} customers in the queue, {list.Unassigned:N0} unassigned");
            }

            await database.App.StartAsync(ct); // the worklist page is asked over HTTP; started only now so no background service runs during the steps above
            await WorklistPage(database, parse.GetValue(samples), ct);
            Console.WriteLine($"load average after: {Load()}");
            return 0;
        });
        return command;
    }

    private static string Load() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";

    private static async Task<T> InScope<T>(BenchDatabase database, Func<IServiceProvider, Task<T>> work)
    {
        using var scope = database.App.Services.CreateScope();
        return await work(scope.ServiceProvider);
    }

    private static async Task<T> Once<T>(BenchDatabase database, string label, Func<IServiceProvider, Task<T>> work)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        var result = await InScope(database, work);
        wall.Stop();
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: {wall.Elapsed.TotalSeconds:N2} s wall, {used.TotalSeconds:N2} s process CPU"));
        return result;
    }

    /// <summary>The collector's worklist page over HTTP, signed in through the form: one warm-up, then the median of the samples.</summary>
    private static async Task WorklistPage(BenchDatabase database, int samples, CancellationToken ct)
    {
        using var http = await SignedInCollector(database, ct);
        var (walls, cpus) = (new List<double>(), new List<double>());
        var rows = 0;
        for (var i = -1; i < samples; i++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            using var response = await http.GetAsync("/team/collections", ct);
            var html = response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(ct)
                : throw new InvalidOperationException($"The worklist page answered {(int)response.StatusCode} (to {response.Headers.Location}).");
            wall.Stop();
            rows = RowPattern().Count(html);
            if (i >= 0)
            {
                walls.Add(wall.Elapsed.TotalMilliseconds);
                cpus.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
            }
        }

        walls.Sort();
        cpus.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"worklist page (GET /team/collections as the collector, {rows:N0} rows shown): median wall {walls[walls.Count / 2]:N0} ms (min {walls[0]:N0}), median process CPU {cpus[cpus.Count / 2]:N0} ms, {samples} samples (goal: 200 ms)"));
    }

    private static async Task<HttpClient> SignedInCollector(BenchDatabase database, CancellationToken ct)
    {
        const string password = "Bench-Collector-42";
        await InScope(database, async sp =>
        {
            var users = sp.GetRequiredService<UserManager<CreditUser>>();
            var user = new CreditUser { UserName = CollectorEmail, Email = CollectorEmail, EmailConfirmed = true, LockoutEnabled = true };
            var created = await users.CreateAsync(user, password);
            return created.Succeeded && (await users.AddToRoleAsync(user, Roles.Collector)).Succeeded ? 0 : throw new InvalidOperationException("The bench collector could not be created.");
        });
        var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
        var http = new HttpClient(handler, disposeHandler: true) { BaseAddress = new Uri(database.App.Urls.First()) };
        var form = await http.GetStringAsync("/account/sign-in", ct);
        var token = WebUtility.HtmlDecode(TokenPattern().Match(form).Groups[1].Value);
        using var body = new FormUrlEncodedContent(new Dictionary<string, string> { ["Email"] = CollectorEmail, ["Password"] = password, ["ReturnUrl"] = "", ["__RequestVerificationToken"] = token });
        using var signedIn = await http.PostAsync("/account/sign-in", body, ct);
        Console.WriteLine($"  sign-in answered {(int)signedIn.StatusCode} to {signedIn.Headers.Location}");
        return signedIn.StatusCode == HttpStatusCode.Redirect ? http : throw new InvalidOperationException($"Sign-in answered {signedIn.StatusCode}.");
    }

    private const string CollectorEmail = "bench.collector@example.com";

    /// <summary>
    /// Customers through the import, each given a payables email; the first <paramref name="collectorCustomers"/> in one
    /// corporate group assigned to the bench collector; then <paramref name="items"/> open invoices spread over them, due
    /// from 30 days ahead to 150 days ago, in batches.
    /// </summary>
    private static async Task Seed(BenchDatabase database, int customers, int items, int collectorCustomers, DateOnly today, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var path = Path.Combine(database.ScratchDirectory, "customers.csv");
        await using (var file = File.Create(path))
        {
            await SyntheticData.WriteCustomers(file, customers, ct);
        }

        using var scope = database.App.Services.CreateScope();
        await using (var stream = File.OpenRead(path))
        {
            await scope.ServiceProvider.GetRequiredService<ImportFile>().Run(
                new ImportRequest(ImportKind.Customers, stream, "customers.csv", stream.Length, ColumnMapping.Native(ImportKind.Customers), ColumnMapping.NativeName, Partial: false), null, ct);
        }

        var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
        var group = new CorporateGroup { Code = "bench-queue", Name = "Bench queue", CreatedAtUtc = DateTime.UtcNow };
        db.Groups.Add(group);
        db.CollectorRules.Add(new CollectorRule { Scope = AssignmentScope.Group, Key = group.Code, CollectorEmail = CollectorEmail, CreatedAtUtc = DateTime.UtcNow, CreatedBy = "bench" });
        await db.SaveChangesAsync(ct);
        var ids = await db.Customers.Select(c => c.Id).OrderBy(id => id).ToListAsync(ct);
        await Sql(db, "UPDATE customers SET \"Email\" = 'ap' || \"Id\" || '@example.com'", ct);
        await Sql(db, $"UPDATE customers SET \"GroupId\" = {group.Id} WHERE \"Id\" <= {ids[Math.Min(collectorCustomers, ids.Count) - 1]}", ct);
        var random = new Random(14);
        var rows = new StringBuilder();
        for (var i = 0; i < items; i++)
        {
            var id = 10_000_000L + i;
            var customer = ids[i % ids.Count];
            var due = today.AddDays(-random.Next(-30, 150));
            var amount = 1_00 + random.Next(5_000_00);
            rows.Append(rows.Length == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
                $"({id},{customer},'Invoice','B{id}','{due.AddDays(-30):yyyy-MM-dd}','{due:yyyy-MM-dd}','USD',{amount},'2026-11-30 12:00:00','bench',{amount},'Open',0,0)");
            if (i % 2_000 == 1_999)
            {
                await Flush(db, rows, ct);
            }
        }

        await Flush(db, rows, ct);
        Console.WriteLine($"seeded {customers:N0} customers ({collectorCustomers:N0} in the collector's group) and {items:N0} open invoices in {clock.Elapsed.TotalSeconds:N1} s; today {today:yyyy-MM-dd}");
    }

    // The rows are numbers and dates this benchmark made itself: nothing from outside reaches the SQL.
#pragma warning disable EF1002, EF1003
    private static Task Sql(CreditDb db, string sql, CancellationToken ct) => db.Database.ExecuteSqlRawAsync(sql, ct);

    private static async Task Flush(CreditDb db, StringBuilder rows, CancellationToken ct)
    {
        if (rows.Length > 0)
        {
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO ledger_entries (\"Id\",\"CustomerId\",\"Kind\",\"Document\",\"PostedOn\",\"DueOn\",\"Currency\",\"AmountMinor\",\"RecordedAtUtc\",\"RecordedBy\",\"OpenMinor\",\"State\",\"Disputed\",\"Version\") VALUES " + rows, ct);
            rows.Clear();
        }
    }
#pragma warning restore EF1002, EF1003

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("<tr[ >]")]
    private static partial Regex RowPattern();
}
