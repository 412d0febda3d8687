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
        var payments = new Option<long>("--payments") { Description = "Payment rows imported after the invoices (half naming an invoice, half oldest-first), timed on their own.", DefaultValueFactory = _ => 0 };
        var command = new Command("import", "Invoice CSV import throughput into a fresh database.") { rows, customers, provider, connection, seed, payments };
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

            // The machine's limits, measured now on the same disk (issue 17 §1).
            Yardstick.PrintMachine();
            var disk = Yardstick.Disk(database.ScratchDirectory);
            Yardstick.Print(disk);
            var pg = database.Provider == "postgres" ? await Yardstick.Postgres(database.ConnectionString, ct) : null;
            if (pg is not null)
            {
                Yardstick.Print(pg);
            }

            var (limitName, limit) = pg is null ? ("raw SQLite rows in 256-row transactions", disk.SqliteRows256) : ("PostgreSQL rows in 256-row transactions", pg.Rows256);
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
            Yardstick.Compare("invoice import", n / elapsed.TotalSeconds, limitName, limit);
            Console.WriteLine($"memory:    peak working set {PeakWorkingSetMb():N0} MB, managed heap now {GC.GetTotalMemory(false) / 1e6:N0} MB, GC gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
            var paid = parse.GetValue(payments);
            if (paid > 0)
            {
                var paymentsPath = Path.Combine(database.ScratchDirectory, "payments.csv");
                await using (var file = File.Create(paymentsPath))
                {
                    await WritePayments(file, data, paid, n, m, parse.GetValue(seed), ct);
                }

                GC.Collect();
                cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                clock.Restart();
                var paymentReport = await Run(import, ImportKind.Payments, paymentsPath, ct, ColumnMapping.Native(ImportKind.Payments) with { AutoAllocate = true });
                elapsed = clock.Elapsed;
                cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
                var allocations = await db.Allocations.LongCountAsync(ct);
                Console.WriteLine($"payments:  {paymentReport.Status}, {paymentReport.RowsAdded:N0} added, {paymentReport.RowsRejected:N0} rejected, {allocations:N0} allocations stored");
                Console.WriteLine($"import:    {elapsed.TotalSeconds:N2} s, {paid / elapsed.TotalSeconds:N0} payment rows/s, process CPU {cpu.TotalSeconds:N2} s ({paid / cpu.TotalSeconds:N0} rows per CPU-second)");
                Yardstick.Compare("payment import", paid / elapsed.TotalSeconds, limitName, limit);
                if (paymentReport.Status != ImportStatus.Succeeded)
                {
                    return 1;
                }
            }

            return report.Status == ImportStatus.Succeeded && stored == n ? 0 : 1;
        });
        return command;
    }

    private static async Task<ImportReport> Run(ImportFile import, ImportKind kind, string path, CancellationToken ct, ColumnMapping? mapping = null)
    {
        await using var stream = File.OpenRead(path);
        return await import.Run(new ImportRequest(kind, stream, Path.GetFileName(path), stream.Length, mapping ?? ColumnMapping.Native(kind), ColumnMapping.NativeName, Partial: false), null, ct);
    }

    /// <summary>
    /// Payments after the invoices, all dated after them: odd rows name a random invoice (and its customer), even
    /// rows go oldest-first over a random customer's open invoices. Amounts 10.00 to 5,000.00 USD.
    /// </summary>
    private static async Task WritePayments(Stream output, SyntheticData data, long count, long invoices, int customers, int seed, CancellationToken ct)
    {
        var owners = await InvoiceOwners(data, invoices, customers, ct);
        var random = new Random(seed + 1);
        await using var csv = CsvHelper.CsvWriter.Create(output, new CsvHelper.CsvWriterOptions { NewLine = "\n" }, leaveOpen: true);
        csv.WriteHeader(["customer", "document", "date", "amount", "invoice", "method"]);
        var on = SyntheticData.FirstDate.AddDays(800);
        for (long i = 1; i <= count; i++)
        {
            var invoice = random.NextInt64(1, invoices + 1);
            var named = i % 2 == 1;
            csv.WriteField(SyntheticData.CustomerNumber(named ? owners[invoice - 1] : random.Next(1, customers + 1)));
            csv.WriteField($"S{seed}-PAY-{i:D9}");
            csv.WriteField(on, "yyyy-MM-dd");
            csv.WriteField(random.NextInt64(1_000, 500_001) / 100m, "F2");
            csv.WriteField(named ? data.InvoiceNumber(invoice) : string.Empty);
            csv.WriteField("bank-transfer");
            await csv.EndRecordAsync(ct);
        }
    }

    /// <summary>The customer of each generated invoice, by reading the generated file back.</summary>
    private static async Task<int[]> InvoiceOwners(SyntheticData data, long invoices, int customers, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await data.WriteInvoices(buffer, invoices, customers, null, ct);
        buffer.Position = 0;
        using var reader = new StreamReader(buffer);
        var owners = new int[invoices];
        await reader.ReadLineAsync(ct);
        for (var i = 0; i < invoices; i++)
        {
            var line = await reader.ReadLineAsync(ct);
            owners[i] = int.Parse(line!.AsSpan(4, 6), CultureInfo.InvariantCulture);
        }

        return owners;
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
