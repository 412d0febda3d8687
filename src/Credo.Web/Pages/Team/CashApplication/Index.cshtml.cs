using System.Text;
using Credo.Domain.Common;
using Credo.Web.Features.CashApplication;
using Credo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.CashApplication;

/// <summary>
/// Imported bank statements, newest first, with their figures (lines applied, suggested, unmatched; the balance
/// check), and, for those who work the queue, a form to import a statement file. Calls the same use cases as the API.
/// </summary>
internal sealed class IndexModel(ReadCashApplication read, ImportBankStatement import, IAuthorizationService authorization) : PageModel
{
    public IReadOnlyList<StatementDto> Statements { get; private set; } = [];

    public bool CanWork { get; private set; }

    public string? Message { get; private set; }

    public bool Failed { get; private set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string? Account { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await Load(ct);

    public async Task<IActionResult> OnPostImportAsync(CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, AccessPolicies.Receivables)).Succeeded)
        {
            return Forbid();
        }

        if (Upload is null || Upload.Length == 0)
        {
            (Failed, Message) = (true, "Choose a statement file to import.");
        }
        else if (Upload.Length > CashApplicationFeature.MaxFileBytes)
        {
            (Failed, Message) = (true, "The file is larger than 50 MB.");
        }
        else
        {
            using var reader = new StreamReader(Upload.OpenReadStream(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            var content = await reader.ReadToEndAsync(ct);
            var result = await import.Handle(new ImportBankStatementRequest(Upload.FileName, content, string.IsNullOrWhiteSpace(Account) ? null : Account), ct);
            (Failed, Message) = result.IsOk
                ? (false, Describe(result.Value!))
                : (true, $"Nothing was imported. {result.Error!.Message}");
        }

        await Load(ct);
        return Page();
    }

    private static string Describe(BankStatementImportReport report)
    {
        var again = report.Statements.All(s => s.AlreadyImported) ? " This statement was imported before: nothing was added." : "";
        return $"Imported {report.LinesAdded} of {report.LinesRead} lines: {report.Applied} applied, {report.Suggested} suggested, {report.Unmatched} unmatched.{again}";
    }

    private async Task Load(CancellationToken ct)
    {
        CanWork = (await authorization.AuthorizeAsync(User, AccessPolicies.Receivables)).Succeeded;
        Statements = await read.Statements(100, ct);
    }

    public static string FormatName(string format) => format switch
    {
        "camt052" => "camt.052 account report",
        "camt053" => "camt.053 statement",
        "camt054" => "camt.054 notification",
        "mt940" => "MT940 statement",
        "mt942" => "MT942 interim report",
        "bai2" => "BAI2 file",
        _ => format,
    };
}
