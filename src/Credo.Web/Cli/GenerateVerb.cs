using System.CommandLine;
using System.Diagnostics;
using Credo.Web.Data;
using Credo.Web.Features.Imports;

namespace Credo.Web.Cli;

/// <summary><c>generate invoices --count N --seed S --customers M [--out file.csv | --into-db]</c>.</summary>
internal static class GenerateVerb
{
    public static Command Build()
    {
        var what = new Argument<string>("what") { Description = "invoices (customers GEN-000001.. are generated with them)." };
        what.AcceptOnlyFromAmong("invoices", "customers");
        var count = new Option<long>("--count") { Description = "How many invoices (up to 10,000,000).", DefaultValueFactory = _ => 1000 };
        var seed = new Option<int>("--seed") { Description = "Same seed, same output, byte for byte.", DefaultValueFactory = _ => 1 };
        var customers = new Option<int>("--customers") { Description = "How many customers the invoices spread over.", DefaultValueFactory = _ => 100 };
        var output = new Option<FileInfo?>("--out") { Description = "Write CSV (Credo's own layout: import with the 'credo' mapping)." };
        var intoDb = new Option<bool>("--into-db") { Description = "Create the customers and stream the invoices straight into the database." };
        var command = new Command("generate", "Deterministic synthetic data.") { what, count, seed, customers, output, intoDb };
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
}
