using System.CommandLine;
using System.Diagnostics;
using Credo.Web.Data;
using Credo.Web.Features.Imports;

namespace Credo.Bench;

/// <summary>
/// <c>import-parse --rows N</c>: the import's reading and deciding without a database, in three stages (CSV only;
/// plus field parsing; plus resolving and hashing), to show where an import's time goes.
/// </summary>
internal static class ParseBench
{
    public static Command Build()
    {
        var rows = new Option<long>("--rows") { DefaultValueFactory = _ => 1_000_000 };
        var command = new Command("import-parse", "CSV reading and row parsing throughput, no database.") { rows };
        command.SetAction(async (parse, ct) =>
        {
            var n = parse.GetValue(rows);
            var path = Path.Combine(Path.GetTempPath(), $"credo-parse-{Guid.NewGuid():N}.csv");
            try
            {
                await using (var file = File.Create(path))
                {
                    await new SyntheticData(42).WriteInvoices(file, n, 1_000, null, ct);
                }

                var mapping = ColumnMapping.Native(ImportKind.Invoices);
                var customer = new CustomerFacts(1, "GEN-000001", "USD", "NET30");
                string[] stages = ["read CSV", "+ parse fields", "+ resolve and hash"];
                for (var stage = 0; stage < stages.Length; stage++)
                {
                    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                    var clock = Stopwatch.StartNew();
                    await using var stream = File.OpenRead(path);
                    using var source = CsvSource.Open(stream, mapping);
                    var parser = new RowParser(mapping);
                    var errors = new List<RowError>();
                    foreach (var record in source.Records())
                    {
                        if (stage >= 1 && parser.ParseLedger(record, errors) is { } row && stage >= 2)
                        {
                            parser.Resolve(row, customer, errors);
                        }
                    }

                    var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
                    Console.WriteLine($"{stages[stage],-20} {clock.Elapsed.TotalSeconds,6:N2} s wall, {used.TotalSeconds,6:N2} s CPU, {n / used.TotalSeconds,12:N0} rows per CPU-second, {errors.Count} errors");
                }
            }
            finally
            {
                File.Delete(path);
            }

            return 0;
        });
        return command;
    }
}
