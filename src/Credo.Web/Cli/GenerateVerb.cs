using System.CommandLine;
using System.Diagnostics;
using Credo.Web.Data;
using Credo.Web.Features.Imports;

namespace Credo.Web.Cli;

/// <summary>
/// <c>generate invoices --count N --seed S --customers M [--out file.csv | --into-db]</c>; <c>generate payers
/// --customers M --seed S [--months 24] [--out DIR | --into-db]</c>: customers, invoices and payments whose lateness
/// depends on the features the late-payment model learns from (<see cref="GeneratePayers"/>).
/// </summary>
internal static class GenerateVerb
{
    public static Command Build()
    {
        var what = new Argument<string>("what") { Description = "invoices (customers GEN-000001.. are generated with them), customers, or payers (customers, invoices and payments with feature-driven lateness)." };
        what.AcceptOnlyFromAmong("invoices", "customers", "payers");
        var months = new Option<int>("--months") { Description = "payers: months of history before today.", DefaultValueFactory = _ => 24 };
        var count = new Option<long>("--count") { Description = "How many invoices (up to 10,000,000).", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Same seed, same output, byte for byte.", DefaultValueFactory = _ => 1 };
        var customers = new Option<int>("--customers") { Description = "How many customers the invoices spread over.", DefaultValueFactory = _ => 100 };
        var output = new Option<FileInfo?>("--out") { Description = "Write CSV (Credo's own layout: import with the 'credo' mapping)." };
        var intoDb = new Option<bool>("--into-db") { Description = "Create the customers and stream the invoices straight into the database." };
        var command = new Command("generate", "Deterministic synthetic data.") { what, count, seed, customers, output, intoDb, months };
        command.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(count);
            var m = parse.GetValue(customers);
            if (n is < 0 or > 10_000_000 || m < 1)
            {
                return CredoCli.Fail("--count is 0 to 10,000,000 and --customers at least 1.");
            }

            var file = parse.GetValue(output);
            if ((file is null) == !parse.GetValue(intoDb))
            {
                return CredoCli.Fail("give one of --out <file.csv> or --into-db.");
            }

            if (parse.GetValue(what) == "payers")
            {
                return await Payers(parse.GetValue(seed), m, parse.GetValue(months), file, ct);
            }

            var data = new SyntheticData(parse.GetValue(seed));
            var clock = Stopwatch.StartNew();
            if (file is not null)
            {
                await using var stream = file.Create();
                if (parse.GetValue(what) == "customers")
                {
                    await SyntheticData.WriteCustomers(stream, m, ct);
                }
                else
                {
                    await data.WriteInvoices(stream, n, m, rows => Console.Error.Write($"\r{rows:N0} rows"), ct);
                }

                Console.Error.WriteLine($"\rWrote {file.FullName} ({file.Length:N0} bytes) in {clock.Elapsed.TotalSeconds:N1} s");
                return 0;
            }

            var app = await CredoCli.HostAsync();
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
            var (customerReport, invoiceReport) = await data.IntoDatabase(db, parse.GetValue(what) == "customers" ? 0 : n, m, null, ct);
            ImportVerb.Print(customerReport);
            ImportVerb.Print(invoiceReport);
            Console.WriteLine($"{invoiceReport.RowsAdded:N0} invoices in {clock.Elapsed.TotalSeconds:N1} s");
            return invoiceReport.Status == ImportStatus.Succeeded && customerReport.Status == ImportStatus.Succeeded ? 0 : 2;
        });
        return command;
    }

    /// <summary>The feature-driven payers as of today: three CSV files into the folder given as --out, or imported.</summary>
    private static async Task<int> Payers(int seed, int customers, int months, FileInfo? folder, CancellationToken ct)
    {
        if (months is < 1 or > 120 || customers > 100_000)
        {
            return CredoCli.Fail("payers: --months is 1 to 120 and --customers at most 100,000.");
        }

        var clock = Stopwatch.StartNew();
        if (folder is not null)
        {
            var text = GeneratePayers.Csv(seed, customers, 20, months, DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime));
            foreach (var path in await GeneratePayers.Write(new DirectoryInfo(folder.FullName), text, ct))
            {
                Console.WriteLine(path);
            }

            return 0;
        }

        var app = await CredoCli.HostAsync();
        var today = DateOnly.FromDateTime(app.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
        var files = GeneratePayers.Csv(seed, customers, 20, months, today);
        using var scope = app.Services.CreateScope();
        var reports = await GeneratePayers.Import(scope.ServiceProvider.GetRequiredService<ImportFile>(), files, ct);
        foreach (var report in reports)
        {
            ImportVerb.Print(report);
        }

        Console.WriteLine($"payers as of {today:yyyy-MM-dd} in {clock.Elapsed.TotalSeconds:N1} s");
        return reports.Count == 3 && reports.All(r => r.Status == ImportStatus.Succeeded) ? 0 : 2;
    }
}
