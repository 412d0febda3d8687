using Credo.Web.Data;
using Credo.Web.Features.Evidence;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Credo.Web.Pages.Team.Evidence;

/// <summary>Financial statements with ratios and Altman Z'': entry form, and upload of a CSV or JSON figures file.</summary>
internal sealed class FinancialsModel(CreditDb db, IAuthorizationService authorization, EnterFinancialStatement statements) : EvidencePage(db, authorization)
{
    public override string Section => "financials";

    public IReadOnlyList<FinancialStatementDto> Statements { get; private set; } = [];

    public static IReadOnlyList<string> Fields => EnterFinancialStatement.FieldNames;

    public async Task<IActionResult> OnGetAsync(string reference, CancellationToken ct)
    {
        if (await Load(reference, ct) is { } early)
        {
            return early;
        }

        Statements = await statements.List(Target, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string reference, FinancialStatementRequest statement, CancellationToken ct)
    {
        if (await LoadForRecording(reference, ct) is { } early)
        {
            return early;
        }

        var result = await statements.Handle(Target, statement, StatementSource.Entered, ct);
        return Done(result, result.IsOk ? $"Statement recorded: Z'' {result.Value!.AltmanZ} ({result.Value.Zone})." : string.Empty);
    }

    public async Task<IActionResult> OnPostUploadAsync(string reference, IFormFile? file, CancellationToken ct)
    {
        if (await LoadForRecording(reference, ct) is { } early)
        {
            return early;
        }

        if (file is null || file.Length == 0 || file.Length > 64 * 1024)
        {
            return Done<bool>(new Domain.Common.ValidationFailed("file", "Choose a CSV or JSON file of at most 64 KiB."), string.Empty);
        }

        await using var stream = file.OpenReadStream();
        var text = await EnterFinancialStatement.ReadCapped(stream, 64 * 1024, ct) ?? string.Empty;
        var parsed = EnterFinancialStatement.Parse(text, file.ContentType);
        if (!parsed.IsOk)
        {
            return Done<bool>(parsed.Error!, string.Empty);
        }

        var result = await statements.Handle(Target, parsed.Value!, StatementSource.Uploaded, ct);
        return Done(result, result.IsOk ? $"Statement uploaded: Z'' {result.Value!.AltmanZ} ({result.Value.Zone})." : string.Empty);
    }
}
