using System.CommandLine;
using System.Diagnostics;
using Credo.Web.Data;
using Credo.Web.Features.Imports;
using Credo.Web.Features.Ledger;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Bench;

/// <summary>
/// <c>statement --entries N [--page-size 100] [--samples 300]</c>: one customer with N ledger entries, then the
/// latency of a statement page (the same GetStatement use case as the API and the customer page), each call in a
/// fresh DI scope as a request would be: the first page, the last page and random pages.
/// </summary>
internal static class StatementBench
{
    public static Command Build()
    {
        var entries = new Option<long>("--entries") { Description = "Ledger entries of the one customer.", DefaultValueFactory = _ => 100_000 };
        var pageSize = new Option<int>("--page-size") { DefaultValueFactory = _ => 100 };
        var samples = new Option<int>("--samples") { Description = "Timed calls per page kind.", DefaultValueFactory = _ => 300 };
        var provider = BenchDatabase.ProviderOption();
        var connection = BenchDatabase.ConnectionOption();
        var command = new Command("statement", "Latency of a statement page for a customer with many entries.") { entries, pageSize, samples, provider, connection };
        command.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(entries);
            var size = parse.GetValue(pageSize);
            var count = parse.GetValue(samples);
            await using var database = await BenchDatabase.Create(parse.GetValue(provider)!, parse.GetValue(connection));
            var path = Path.Combine(database.ScratchDirectory, "invoices.csv");
            var customersPath = Path.Combine(database.ScratchDirectory, "customers.csv");
            await using (var file = File.Create(path))
            {
                await new SyntheticData(7).WriteInvoices(file, n, customers: 1, null, ct);
            }

            await using (var file = File.Create(customersPath))
            {
                await SyntheticData.WriteCustomers(file, 1, ct);
            }

            using (var scope = database.App.Services.CreateScope())
            {
                var import = scope.ServiceProvider.GetRequiredService<ImportFile>();
                foreach (var (kind, file) in new[] { (ImportKind.Customers, customersPath), (ImportKind.Invoices, path) })
                {
                    await using var stream = File.OpenRead(file);
                    var report = await import.Run(new ImportRequest(kind, stream, Path.GetFileName(file), stream.Length, ColumnMapping.Native(kind), ColumnMapping.NativeName, Partial: false), null, ct);
                    if (report.Status != ImportStatus.Succeeded)
                    {
                        Console.Error.WriteLine($"setup import of {kind} failed: {report.Status}");
                        return 1;
                    }
                }
            }

            var customer = SyntheticData.CustomerNumber(1);
            var lastPage = (int)((n + size - 1) / size);
            var far = new DateOnly(2100, 1, 1);
            Console.WriteLine($"provider {database.Provider}: customer {customer} with {n:N0} entries, page size {size}, {count} samples per kind ({lastPage:N0} pages)");
            var random = new Random(1);
            foreach (var (label, pick) in new (string, Func<int>)[] { ("first page", () => 1), ("last page", () => lastPage), ("random page", () => random.Next(1, lastPage + 1)) })
            {
                var timings = new List<double>(count);
                for (var i = -20; i < count; i++)
                {
                    var clock = Stopwatch.StartNew();
                    using var scope = database.App.Services.CreateScope();
                    var result = await scope.ServiceProvider.GetRequiredService<GetStatement>()
                        .Handle(new StatementQuery(customer, null, null, null, far, pick(), size), ct);
                    clock.Stop();
                    if (!result.IsOk || result.Value!.Lines.Count == 0)
                    {
                        Console.Error.WriteLine($"statement failed: {result.Error?.Message ?? "no lines"}");
                        return 1;
                    }

                    if (i >= 0)
                    {
                        timings.Add(clock.Elapsed.TotalMilliseconds);
                    }
                }

                timings.Sort();
                Console.WriteLine($"{label,-12} median {Percentile(timings, 0.50):N2} ms, p95 {Percentile(timings, 0.95):N2} ms, p99 {Percentile(timings, 0.99):N2} ms");
            }

            return 0;
        });
        return command;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
