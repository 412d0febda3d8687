using Credo.Web.Features.CashApplication;
using Spectre.Console;

namespace Credo.Web.Cli;

/// <summary>
/// <c>import bank-statement FILE [--account IBAN]</c>: imports a camt.052/053/054, MT940/MT942 or BAI2 file and
/// prints the lines read, applied, suggested and unmatched. <c>--account</c> registers the statement's account as one
/// of the seller's when it is not yet.
/// </summary>
internal static class BankStatementVerb
{
    public static async Task<int> Run(FileInfo path, string? account, CancellationToken ct)
    {
        var app = await CredoCli.HostAsync();
        using var scope = app.Services.CreateScope();
        var import = scope.ServiceProvider.GetRequiredService<ImportBankStatement>();
        var result = await import.Handle(new ImportBankStatementRequest(path.Name, await File.ReadAllTextAsync(path.FullName, ct), account), ct);
        if (!result.IsOk)
        {
            return CredoCli.Fail($"{result.Error!.Field}: {result.Error.Message} Nothing was imported.");
        }

        var report = result.Value!;
        foreach (var statement in report.Statements)
        {
            var again = statement.AlreadyImported ? " (already imported: nothing added)" : "";
            AnsiConsole.MarkupLineInterpolated($"Statement {statement.StatementId} for {statement.Account} ({statement.Format}): {statement.LinesRead} lines, {statement.LinesAdded} added{again}");
            if (statement.BalanceWarning is { } warning)
            {
                AnsiConsole.MarkupLineInterpolated($"  [yellow]balance check: {warning}[/]");
            }
        }

        AnsiConsole.MarkupLine($"lines read {report.LinesRead:N0}, applied {report.Applied:N0}, suggested {report.Suggested:N0}, unmatched {report.Unmatched:N0}");
        return 0;
    }
}
