using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Credo.Web.Data;
using Credo.Web.Features.Imports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Credo.Bench;

/// <summary>
/// <c>import --rows N [--customers M] [--provider sqlite|postgres --connection CS]</c>: generates an invoice file,
/// imports its customers and then the file into a fresh database, and prints rows/s and peak memory.
/// </summary>
internal static class ImportBench
{
    public static Command Build()
    {
        var rows = new Option<long>("--rows") { Description = "Invoice rows to generate and import.", DefaultValueFactory = _ => 1_000_000 };
        var customers = new Option<int>("--customers") { Description = "Customers the invoices spread over.", DefaultValueFactory = _ => 1_000 };
        var provider = BenchDatabase.ProviderOption();
        var connection = BenchDatabase.ConnectionOption();
        var seed = new Option<int>("--seed") { DefaultValueFactory = _ => 42 };
        var command = new Command("import", "Invoice CSV import throughput into a fresh database.") { rows, customers, provider, connection, seed };
        command.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(rows);
            var m = parse.GetValue(customers);
            await using var database = await BenchDatabase.Create(parse.GetValue(provider)!, parse.GetValue(connection));
            var data = new SyntheticData(parse.GetValue(seed));
            var invoicesPath = Path.Combine(database.ScratchDirectory, "invoices.csv");
            var customersPath = Path.Combine(database.ScratchDirectory, "customers.csv");
            var clock = Stopwatch.StartNew();
            await using (var file = File.Create(invoicesPath))
            {
                await data.WriteInvoices(file, n, m, null, ct);
            }

            await using (var file = File.Create(customersPath))
            {
                await SyntheticData.WriteCustomers(file, m, ct);
            }

            var generated = clock.Elapsed;
            var size = new FileInfo(invoicesPath).Length;
            Console.WriteLine($"provider {database.Provider}, {n:N0} invoices over {m:N0} customers, file {size / 1e6:N1} MB generated in {generated.TotalSeconds:N1} s");

            using var scope = database.App.Services.CreateScope();
            var import = scope.ServiceProvider.GetRequiredService<ImportFile>();
            var customerReport = await Run(import, ImportKind.Customers, customersPath, ct);
            GC.Collect();
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            clock.Restart();
            var report = await Run(import, ImportKind.Invoices, invoicesPath, ct);
            var elapsed = clock.Elapsed;
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
            var stored = await db.Entries.LongCountAsync(ct);
            Console.WriteLine($"customers: {customerReport.Status}, {customerReport.RowsAdded:N0} added");
            Console.WriteLine($"invoices:  {report.Status}, {report.RowsAdded:N0} added, {report.RowsRejected:N0} rejected, {stored:N0} ledger rows stored");
            Console.WriteLine($"import:    {elapsed.TotalSeconds:N2} s, {n / elapsed.TotalSeconds:N0} rows/s, {size / 1e6 / elapsed.TotalSeconds:N1} MB/s, process CPU {cpu.TotalSeconds:N2} s ({n / cpu.TotalSeconds:N0} rows per CPU-second)");
            Console.WriteLine($"memory:    peak working set {PeakWorkingSetMb():N0} MB, managed heap now {GC.GetTotalMemory(false) / 1e6:N0} MB, GC gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
            return report.Status == ImportStatus.Succeeded && stored == n ? 0 : 1;
        });
        return command;
    }

    private static async Task<ImportReport> Run(ImportFile import, ImportKind kind, string path, CancellationToken ct)
    {
        await using var stream = File.OpenRead(path);
        return await import.Run(new ImportRequest(kind, stream, Path.GetFileName(path), stream.Length, ColumnMapping.Native(kind), ColumnMapping.NativeName, Partial: false), null, ct);
    }

    /// <summary>VmHWM (the resident high-water mark) on Linux; the process's peak working set elsewhere.</summary>
    private static double PeakWorkingSetMb()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
        {
            var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null)
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return Process.GetCurrentProcess().PeakWorkingSet64 / 1e6;
    }
}
