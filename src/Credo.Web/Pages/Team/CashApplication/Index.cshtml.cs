using System.Text;
using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Features.CashApplication;
using Credo.Web.Features.Imports;
using Credo.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Credo.Web.Pages.Team.CashApplication;

/// <summary>
/// Imported bank statements, newest first, with their figures (lines applied, suggested, unmatched; the balance
/// check), and, for those who work the queue, a form to import a statement file. Calls the same use cases as the API.
/// </summary>
internal sealed class IndexModel(ReadCashApplication read, ImportBankStatement import, Mappings mappings, IAuthorizationService authorization) : PageModel
{
    public IReadOnlyList<StatementDto> Statements { get; private set; } = [];

    public bool CanWork { get; private set; }

    public string? Message { get; private set; }

    public bool Failed { get; private set; }

    [BindProperty]
    public IFormFile? Upload { get; set; }

    [BindProperty]
    public string? Account { get; set; }

    /// <summary>The bank's saved CSV layout, for a CSV export (issue 15 §1).</summary>
    [BindProperty]
    public string? Layout { get; set; }

    public IReadOnlyList<string> Layouts { get; private set; } = [];

    /// <summary>The file as it would be imported (the Preview button): nothing written.</summary>
    public StatementPreview? Previewed { get; private set; }

    /// <summary>Every problem of a refused CSV file, by line, field and reason.</summary>
    public IReadOnlyList<RowError> Problems { get; private set; } = [];

    private ColumnMapping? _layout;

    public async Task OnGetAsync(CancellationToken ct) => await Load(ct);

    public async Task<IActionResult> OnPostImportAsync(CancellationToken ct) => await Run(preview: false, ct);

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct) => await Run(preview: true, ct);

    private async Task<IActionResult> Run(bool preview, CancellationToken ct)
    {
        if (!(await authorization.AuthorizeAsync(User, AccessPolicies.Receivables)).Succeeded)
        {
            return Forbid();
        }

        var request = await ReadUpload(ct);
        if (!request.IsOk)
        {
            Refuse(request.Error!);
        }
        else if (preview)
        {
            var parsed = ImportBankStatement.Parse(request.Value!);
            if (parsed.IsOk)
            {
                Previewed = StatementPreview.Of(parsed.Value!);
                Message = $"The file reads as {Previewed.Statements.Sum(s => s.Lines.Count)} lines; nothing was imported yet.";
            }
            else
            {
                Refuse(parsed.Error!);
            }
        }
        else
        {
            var result = await import.Handle(request.Value!, ct);
            if (result.IsOk)
            {
                Message = Describe(result.Value!);
            }
            else
            {
                Refuse(result.Error!);
            }
        }

        await Load(ct);
        return Page();
    }

    private void Refuse(DomainError error)
    {
        (Failed, Message) = (true, $"Nothing was imported. {error.Message}");
        // The bank's own column names, as the person sees them in their file ("Buchungstag", not bookedOn).
        Problems = error is CsvStatementRefused csv ? [.. csv.Errors.Select(e => e with { Field = _layout?.ColumnOf(e.Field) ?? (e.Field == "row" ? "the whole line" : e.Field) })] : [];
    }

    private async Task<Result<ImportBankStatementRequest>> ReadUpload(CancellationToken ct)
    {
        if (Upload is null || Upload.Length == 0)
        {
            return new ValidationFailed("file", "Choose a statement file to import.");
        }

        if (Upload.Length > CashApplicationFeature.MaxFileBytes)
        {
            return new ValidationFailed("file", "The file is larger than 50 MB.");
        }

        ColumnMapping? csv = null;
        if (!string.IsNullOrWhiteSpace(Layout))
        {
            var resolved = await mappings.Resolve(ImportKind.BankLines, null, Layout, ct);
            if (!resolved.IsOk)
            {
                return resolved.Error!;
            }

            csv = _layout = resolved.Value.Mapping;
        }

        using var reader = new StreamReader(Upload.OpenReadStream(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var content = await reader.ReadToEndAsync(ct);
        return new ImportBankStatementRequest(Upload.FileName, content, string.IsNullOrWhiteSpace(Account) ? null : Account, true, csv);
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
        Layouts = await read.CsvLayouts(ct);
    }

    public static string FormatName(string format) => format switch
    {
        "camt052" => "camt.052 account report",
        "camt053" => "camt.053 statement",
        "camt054" => "camt.054 notification",
        "mt940" => "MT940 statement",
        "mt942" => "MT942 interim report",
        "bai2" => "BAI2 file",
        "csv" => "CSV statement",
        _ => format,
    };
}
