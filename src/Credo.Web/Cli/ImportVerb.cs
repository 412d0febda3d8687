using System.CommandLine;
using Credo.Web.Data;
using Credo.Web.Features.Imports;
using Spectre.Console;

namespace Credo.Web.Cli;

/// <summary><c>import <summary><c>import &lt;kind&gt; &lt;file&gt;lt;kind<summary><c>import &lt;kind&gt; &lt;file&gt;gt; <summary><c>import &lt;kind&gt; &lt;file&gt;lt;file<summary><c>import &lt;kind&gt; &lt;file&gt;gt; --mapping &lt;mapping.json|name&gt; [--partial]</c>, with a progress bar.</summary>
internal static class ImportVerb
{
    public static Command Build()
    {
        var kind = new Argument<string>("kind") { Description = "customers, invoices, credit-notes, payments, exchange-rates, or bank-statement (camt, MT940, BAI2)." };
        var file = new Argument<FileInfo>("file") { Description = "The CSV file." };
        var mapping = new Option<string?>("--mapping") { Description = "A mapping JSON file, or the name of a saved mapping (default: 'credo', Credo's own layout)." };
        var partial = new Option<bool>("--partial") { Description = "Write the valid rows and report the others (default: all or nothing)." };
        var account = new Option<string?>("--account") { Description = "bank-statement only: the seller's account (IBAN) to import into; registered if new." }; // cash application (issue 15)
        var command = new Command("import", "Import a CSV export (see docs/import-mapping.md) or a bank statement (docs/cash-application.md).") { kind, file, mapping, partial, account };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(kind) == "bank-statement") // cash application (issue 15)
            {
                var statement = parse.GetValue(file)!;
                return statement.Exists ? await BankStatementVerb.Run(statement, parse.GetValue(account), ct) : CredoCli.Fail($"no file {statement.FullName}");
            }

            if (ColumnMapping.KindFrom(parse.GetValue(kind)) is not { } importKind)
            {
                return CredoCli.Fail("kind is one of customers, invoices, credit-notes, payments, exchange-rates.");
            }

            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                return CredoCli.Fail($"no file {path.FullName}");
            }

            var mappingArg = parse.GetValue(mapping);
            var json = mappingArg is not null && File.Exists(mappingArg) ? await File.ReadAllTextAsync(mappingArg, ct) : null;
            var app = await CredoCli.HostAsync();
            using var scope = app.Services.CreateScope();
            var resolved = await scope.ServiceProvider.GetRequiredService<Mappings>().Resolve(importKind, json, json is null ? mappingArg : Path.GetFileName(mappingArg), ct);
            if (!resolved.IsOk)
            {
                return CredoCli.Fail($"{resolved.Error!.Field}: {resolved.Error.Message}");
            }

            var import = scope.ServiceProvider.GetRequiredService<ImportFile>();
            ImportReport? report = null;
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
                .StartAsync(async progress =>
                {
                    var task = progress.AddTask($"import {ColumnMapping.KindSlug(importKind)}", maxValue: Math.Max(1, path.Length));
                    await using var stream = path.OpenRead();
                    report = await import.Run(
                        new ImportRequest(importKind, stream, path.Name, path.Length, resolved.Value.Mapping, resolved.Value.Name, parse.GetValue(partial)),
                        bytes => task.Value = bytes,
                        ct);
                    task.Value = task.MaxValue;
                });
            Print(report!);
            return report!.Status == ImportStatus.Succeeded ? 0 : 2;
        });
        return command;
    }

    public static void Print(ImportReport report)
    {
        var outcome = report.Status == ImportStatus.Succeeded ? "[green]succeeded[/]" : "[red]refused: nothing was written[/]";
        AnsiConsole.MarkupLine($"Import #{report.BatchId} ({report.Kind}) {outcome}");
        AnsiConsole.MarkupLine($"  rows read {report.RowsRead:N0}, added {report.RowsAdded:N0}, unchanged {report.RowsUnchanged:N0}, rejected {report.RowsRejected:N0}, conflicts {report.Conflicts:N0}");
        foreach (var e in report.Errors.Take(20))
        {
            AnsiConsole.MarkupLineInterpolated($"  [yellow]line {e.Line}[/], {e.Field}: {e.Reason}");
        }

        if (report.RowsRejected > report.Errors.Take(20).Count())
        {
            AnsiConsole.MarkupLine($"  ... {report.ErrorCount:N0} problems in all: GET /api/imports/{report.BatchId}/errors.csv has every one.");
        }
    }
}
