using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Credo.Domain.Analytics;
using Credo.Web.Data;
using Credo.Web.Features.Analytics;
using Credo.Web.Features.Imports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Bench;

/// <summary>
/// <c>aging-sql [--customers 10000] [--open-per-customer 100] [--paid-per-customer 20] [--provider sqlite|postgres]</c>
/// (issue 13 §9): a ledger of open invoices, and paid invoices with their payments and allocations, written straight
/// into the tables (customers through the import), then the portfolio aging as of a date summed by the database
/// (<see cref="AgingSql"/>, and the whole <see cref="GetAging"/> use case by portfolio) and one customer's aging.
/// Prints wall and process CPU time per step: on a shared machine CPU is the steadier figure.
/// </summary>
internal static class AgingSqlBench
{
    private static readonly DateOnly AsOf = new(2026, 11, 30);

    public static Command Build()
    {
        var customers = new Option<int>("--customers") { DefaultValueFactory = _ => 10_000 };
        var open = new Option<int>("--open-per-customer") { DefaultValueFactory = _ => 100 };
        var paid = new Option<int>("--paid-per-customer") { DefaultValueFactory = _ => 20 };
        var samples = new Option<int>("--samples") { DefaultValueFactory = _ => 5 };
        var metrics = new Option<int>("--metrics-samples") { Description = "Also time 24 month ends of portfolio DSO/CEI (GetMetrics) this many times (0: skip).", DefaultValueFactory = _ => 0 };
        var skipAging = new Option<bool>("--metrics-only") { Description = "Skip the aging steps." };
        var snapshots = new Option<bool>("--snapshots") { Description = "Also write the month-end snapshots of 2026-10-31 and 2026-11-30 and time the aging from them (as of the month end, 6 and 20 days after one)." };
        var provider = BenchDatabase.ProviderOption();
        var connection = BenchDatabase.ConnectionOption();
        var command = new Command("aging-sql", "Portfolio and one-customer aging as of a date, summed in SQL.") { customers, open, paid, samples, metrics, skipAging, snapshots, provider, connection };
        command.SetAction(async (parse, ct) =>
        {
            await using var database = await BenchDatabase.Create(parse.GetValue(provider)!, parse.GetValue(connection));
            var n = parse.GetValue(customers);
            var (entries, allocations) = await Seed(database, n, parse.GetValue(open), parse.GetValue(paid), ct);
            Console.WriteLine($"provider {database.Provider}: {n:N0} customers, {entries:N0} entries ({n * parse.GetValue(open):N0} open invoices), {allocations:N0} allocations; as of {AsOf:yyyy-MM-dd}");
            var count = parse.GetValue(samples);
            if (parse.GetValue(metrics) is > 0 and var metricSamples)
            {
                await Measure(database, "24 month ends of portfolio DSO/CEI (GetMetrics)", metricSamples, async db =>
                    (await new GetMetrics(ReadDb.Primary(db), Microsoft.Extensions.Options.Options.Create(new AnalyticsOptions())).Handle(new MetricsQuery(AsOf.AddMonths(-23).AddDays(-AsOf.Day + 1), AsOf, "portfolio"), ct)).Value!.Subjects.Count);
            }

            if (parse.GetValue(skipAging))
            {
                return 0;
            }

            await Measure(database, "portfolio sums in SQL (AgingSql)", count, db => AgingSql.Sums(db, AsOf, AgingBasis.Due, BucketSet.Standard, null, ct));
            await Measure(database, "portfolio aging (GetAging, by portfolio)", count, async db =>
                (await new GetAging(ReadDb.Primary(db), Microsoft.Extensions.Options.Options.Create(new AnalyticsOptions())).Handle(new AgingQuery(AsOf, By: "portfolio"), ct)).Value!.Native);
            if (parse.GetValue(snapshots))
            {
                await MeasureSnapshots(database, count, ct);
            }

            var ids = await Ids(database, ct);
            var random = new Random(1);
            await Measure(database, "one customer's aging (AgingSql)", count * 20, db => AgingSql.Sums(db, AsOf, AgingBasis.Due, BucketSet.Standard, ids[random.Next(ids.Count)], ct));
            return 0;
        });
        return command;
    }

    /// <summary>Writes two month ends' snapshots (timed once each), then the portfolio aging from them (issue 13 §9).</summary>
    private static async Task MeasureSnapshots(BenchDatabase database, int count, CancellationToken ct)
    {
        foreach (var end in new[] { new DateOnly(2026, 10, 31), AsOf })
        {
            using var scope = database.App.Services.CreateScope();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var written = (await scope.ServiceProvider.GetRequiredService<AgingSnapshots>().WriteMonth(end, ct)).Value!;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"writing the snapshots of {end:yyyy-MM-dd} (both bases, {written.Cells:N0} sums): wall {clock.Elapsed.TotalMilliseconds:N1} ms, process CPU {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds:N1} ms"));
        }

        foreach (var on in new[] { AsOf, AsOf.AddDays(6), new DateOnly(2026, 11, 20) })
        {
            await Measure(database, $"portfolio aging as of {on:yyyy-MM-dd} from the snapshot (GetAging, by portfolio)", count, async db =>
                (await new GetAging(ReadDb.Primary(db), Microsoft.Extensions.Options.Options.Create(new AnalyticsOptions())).Handle(new AgingQuery(on, By: "portfolio"), ct)).Value!.Native);
            await Measure(database, $"portfolio aging as of {on:yyyy-MM-dd} summed directly (AgingSql)", 1, db => AgingSql.Sums(db, on, AgingBasis.Due, BucketSet.Standard, null, ct));
        }
    }

    private static async Task Measure<T>(BenchDatabase database, string label, int samples, Func<CreditDb, Task<T>> run)
    {
        var walls = new List<double>();
        var cpus = new List<double>();
        for (var i = -1; i < samples; i++)
        {
            using var scope = database.App.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            await run(db);
            clock.Stop();
            if (i >= 0)
            {
                walls.Add(clock.Elapsed.TotalMilliseconds);
                cpus.Add((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
            }
        }

        walls.Sort();
        cpus.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: median wall {walls[walls.Count / 2]:N1} ms (min {walls[0]:N1}), median process CPU {cpus[cpus.Count / 2]:N1} ms, {samples} samples"));
    }

    private static async Task<List<long>> Ids(BenchDatabase database, CancellationToken ct)
    {
        using var scope = database.App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<CreditDb>().Customers.Select(c => c.Id).ToListAsync(ct);
    }

    /// <summary>Customers through the import; then per customer its open invoices and its paid invoices with a payment and an allocation each, in batches.</summary>
    internal static async Task<(long Entries, long Allocations)> Seed(BenchDatabase database, int customers, int openPer, int paidPer, CancellationToken ct) // portal bench reuses it
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
        var ids = await db.Customers.Select(c => c.Id).OrderBy(id => id).ToListAsync(ct);
        var postgres = database.Provider == "postgres";
        var random = new Random(7);
        long nextId = 10_000_000, entries = 0, allocations = 0;
        var rows = new StringBuilder();
        var allocs = new StringBuilder();
        var batch = 0;
        foreach (var customer in ids)
        {
            for (var i = 0; i < openPer + paidPer; i++)
            {
                var posted = AsOf.AddDays(-random.Next(0, 400));
                var due = posted.AddDays(30);
                var amount = 1_000 + random.Next(2_000_000);
                var invoiceId = nextId++;
                Entry(rows, postgres, invoiceId, customer, "Invoice", $"B{invoiceId}", posted, due, amount);
                entries++;
                if (i >= openPer)
                {
                    var paidOn = due.AddDays(random.Next(-20, 40));
                    var paymentId = nextId++;
                    Entry(rows, postgres, paymentId, customer, "Payment", $"P{paymentId}", paidOn, null, -amount);
                    Allocation(allocs, postgres, customer, paymentId, invoiceId, amount, paidOn);
                    entries++;
                    allocations++;
                }
            }

            if (++batch % 50 == 0)
            {
                await Flush(db, rows, allocs, ct);
            }
        }

        await Flush(db, rows, allocs, ct);
        Console.WriteLine($"seeded in {clock.Elapsed.TotalSeconds:N1} s");
        return (entries, allocations);
    }

    private static void Entry(StringBuilder rows, bool postgres, long id, long customer, string kind, string document, DateOnly posted, DateOnly? due, long amount)
    {
        rows.Append(rows.Length == 0 ? "" : ",").Append(CultureInfo.InvariantCulture,
            $"({id},{customer},'{kind}','{document}','{posted:yyyy-MM-dd}',{(due is { } d ? $"'{d:yyyy-MM-dd}'" : "NULL")},'USD',{amount},{Time(postgres)},'bench',{amount},'Open',{(postgres ? "false" : "0")},0)");
    }

    private static void Allocation(StringBuilder rows, bool postgres, long customer, long credit, long debit, long amount, DateOnly on) =>
        rows.Append(rows.Length == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"({customer},{credit},{debit},'USD',{amount},'{on:yyyy-MM-dd}',{Time(postgres)},'bench')");

    private static string Time(bool postgres) => postgres ? "'2026-11-30 12:00:00+00'" : "'2026-11-30 12:00:00'";

    // The rows are numbers and dates this benchmark made itself: nothing from outside reaches the SQL.
#pragma warning disable EF1003
    private static async Task Flush(CreditDb db, StringBuilder rows, StringBuilder allocs, CancellationToken ct)
    {
        if (rows.Length > 0)
        {
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO ledger_entries (\"Id\",\"CustomerId\",\"Kind\",\"Document\",\"PostedOn\",\"DueOn\",\"Currency\",\"AmountMinor\",\"RecordedAtUtc\",\"RecordedBy\",\"OpenMinor\",\"State\",\"Disputed\",\"Version\") VALUES " + rows, ct);
            rows.Clear();
        }

        if (allocs.Length > 0)
        {
            await db.Database.ExecuteSqlRawAsync(
                "INSERT INTO allocations (\"CustomerId\",\"CreditId\",\"DebitId\",\"Currency\",\"AmountMinor\",\"AppliedOn\",\"RecordedAtUtc\",\"RecordedBy\") VALUES " + allocs, ct);
            allocs.Clear();
        }
    }
#pragma warning restore EF1003
}
