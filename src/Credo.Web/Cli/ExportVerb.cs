using System.CommandLine;
using Credo.Web.Data;
using Credo.Web.Features.Exports;

namespace Credo.Web.Cli;

/// <summary>
/// <c>export customers|open-items|statement|dunning-preview [--customer N] [--as-of yyyy-MM-dd] --out file</c>;
/// analytics (issue 13): <c>export aging|metrics</c> with their options, in <see cref="ExportAnalytics"/>.
/// </summary>
internal static class ExportVerb
{
    public static Command Build()
    {
        var what = new Argument<string>("what") { Description = "customers, open-items, statement, aging, metrics, forecast, provisions, dunning-preview or bank-lines." };
        what.AcceptOnlyFromAmong("customers", "open-items", "statement", "aging", "metrics", "forecast", "provisions", "dunning-preview", "bank-lines");
        var customer = new Option<string?>("--customer") { Description = "The customer number (statement)." };
        var asOf = new Option<DateOnly?>("--as-of") { Description = "As of this date (default: today)." };
        var output = new Option<FileInfo?>("--out") { Description = "The CSV file to write (default: standard output)." };
        var withOutlook = new Option<bool>("--with-outlook") { Description = "open-items only: add each open invoice's predicted payment (chance late, expected days late, expected pay date and range)." };
        var statementId = new Option<long?>("--statement") { Description = "bank-lines only: one imported bank statement's id (default: all)." }; // cash application (issue 15)
        var command = new Command("export", "Export CSV: customers, open items or a customer's statement as of a date, aging, metrics, the dunning preview, or bank statement lines.") { what, customer, asOf, output, statementId, withOutlook };
        var analytics = ExportAnalytics.AddOptions(command);
        command.SetAction(async (parse, ct) =>
        {
            var app = await CredoCli.HostAsync();
            using var scope = app.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<CreditDb>();
            var export = scope.ServiceProvider.GetRequiredService<ExportCsv>();
            var on = parse.GetValue(asOf) ?? DateOnly.FromDateTime(db.UtcNow);
            var file = parse.GetValue(output);
            await using var stream = file is null ? Console.OpenStandardOutput() : file.Create();
            switch (parse.GetValue(what))
            {
                case "customers":
                    await export.Customers(stream, ct);
                    break;
                case "aging" or "metrics" or "forecast" or "provisions":
                    if (await ExportAnalytics.Run(scope.ServiceProvider, parse, analytics, parse.GetValue(what)!, on, stream, ct) is { } failure)
                    {
                        return CredoCli.Fail(failure);
                    }

                    break;
                case "open-items":
                    await export.OpenItems(stream, on, ct, parse.GetValue(withOutlook));
                    break;
                case "dunning-preview": // collections (issue 14)
                    await scope.ServiceProvider.GetRequiredService<Features.Collections.DunningExport>().Write(stream, on, ct);
                    break;
                case "bank-lines": // cash application (issue 15)
                    await scope.ServiceProvider.GetRequiredService<Features.CashApplication.ExportBankLines>().Write(stream, parse.GetValue(statementId), ct);
                    break;
                default:
                    if (parse.GetValue(customer) is not { Length: > 0 } number)
                    {
                        return CredoCli.Fail("statement needs --customer <number>.");
                    }

                    if (await export.Statement(stream, number, on, ct) is { } error)
                    {
                        return CredoCli.Fail(error.Message);
                    }

                    break;
            }

            if (file is not null)
            {
                Console.Error.WriteLine($"Wrote {file.FullName}");
            }

            return 0;
        });
        return command;
    }
}
