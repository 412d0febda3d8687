using System.Text;
using Credo.Domain.Common;
using Credo.Web.Data;
using Credo.Web.Features.Imports;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.CashApplication;

/// <summary>
/// Cash application (issue 15): bank statements in (camt.052/053/054, MT940/MT942, BAI2), each line matched to open
/// invoices with its evidence, the confident ones posted through the ledger, the others suggested or left for a
/// person. See docs/cash-application.md.
/// </summary>
internal static class CashApplicationFeature
{
    /// <summary>The largest statement file accepted (bytes).</summary>
    public const long MaxFileBytes = 50L * 1024 * 1024;

    public static IServiceCollection AddCashApplication(this IServiceCollection services, IConfiguration config)
    {
        services.Configure<CashApplicationOptions>(config.GetSection(CashApplicationOptions.Section));
        services.AddScoped<ICashLedger, LedgerCashPosting>();
        services.AddScoped<ApplyBankLine>().AddScoped<ApplyBankLines>().AddScoped<SmallDifferences>().AddScoped<MatchBankLines>().AddScoped<ImportBankStatement>().AddScoped<ReadCashApplication>()
            .AddScoped<ConfirmSuggestion>().AddScoped<RejectSuggestion>().AddScoped<UndoBankLine>().AddScoped<MatchLineManually>().AddScoped<AddBankAccount>().AddScoped<ExportBankLines>()
            .AddScoped<ReadRemittanceAdvice>();
        services.AddCashApplicationAcrossCurrencies(config); // cashfx: lines paying invoices in another currency
        return services;
    }

    public static void MapCashApplicationApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/cash-application").WithTags("Cash application").RequireAuthorization(AccessPolicies.Read);
        api.MapGet("/accounts", async (ReadCashApplication read, CancellationToken ct) => TypedResults.Ok(await read.Accounts(ct)))
            .WithSummary("The seller's bank accounts that statements are imported into.");
        api.MapPost("/accounts", async (BankAccountRequest r, AddBankAccount add, CancellationToken ct) => Answer(await add.Handle(r, ct), created: true))
            .RequireAuthorization(AccessPolicies.Imports).WithSummary("Register one of the seller's bank accounts (IBAN or account number, currency).");
        api.MapPost("/statements", Upload).RequireAuthorization(AccessPolicies.Receivables).Idempotent().DisableAntiforgery()
            .WithSummary("Import a statement file (camt.052/053/054, MT940/MT942, BAI2; recognised from its content; a CSV export with ?mapping= naming the bank's saved bank-lines mapping), as multipart (field 'file') or as the raw body; ?account= registers the account. The new lines are matched (unless ?match=false).");
        api.MapPost("/statements/preview", Preview).RequireAuthorization(AccessPolicies.Receivables).DisableAntiforgery()
            .WithSummary("Read a statement file as the import would (CSV with ?mapping=) and write nothing: its statements and lines, or every problem by line, field and reason.");
        api.MapGet("/statements", async (int? take, ReadCashApplication read, CancellationToken ct) => TypedResults.Ok(await read.Statements(take ?? 100, ct)))
            .WithSummary("Imported statements, newest first, with their figures (lines applied, suggested, unmatched; balance check).");
        api.MapGet("/statements/{id:long}", async (long id, ReadCashApplication read, CancellationToken ct) =>
            await read.Statement(id, ct) is { } s ? Results.Ok(s) : Problems.NotFound("Statement", id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        api.MapGet("/statements/{id:long}/lines", async (long id, string? status, ReadCashApplication read, CancellationToken ct) =>
            await read.Statement(id, ct) is null ? Problems.NotFound("Statement", id.ToString(System.Globalization.CultureInfo.InvariantCulture)) : Results.Ok(await read.Lines(id, status, ct)))
            .WithSummary("A statement's lines with their status (applied, suggested, unmatched), answer and evidence; ?status= filters.");
        api.MapPost("/statements/{id:long}/matching", async (long id, MatchBankLines match, CancellationToken ct) => TypedResults.Ok(await match.Run([id], ct)))
            .RequireAuthorization(AccessPolicies.Receivables).WithSummary("Run the matcher again over the statement's undecided lines.");
        api.MapPost("/remittances", Advice).RequireAuthorization(AccessPolicies.Receivables).Idempotent().DisableAntiforgery()
            .WithSummary("A remittance advice that arrived apart from the money (an email body, a CSV file or a PDF with text; multipart field 'file' or the raw body): its invoices are read, it is linked to the line named (?line=) or to the one waiting line of its total (?currency=), and the line is matched again with it.");
        api.MapGet("/lines/{id:long}", async (long id, ReadCashApplication read, CancellationToken ct) =>
            await read.Line(id, ct) is { } l ? Results.Ok(l) : Problems.NotFound("Bank line", id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        api.MapPost("/lines/{id:long}/confirm", async (long id, ConfirmSuggestion use, ReadCashApplication read, CancellationToken ct) => await Line(await use.Handle(id, ct), read, ct))
            .RequireAuthorization(AccessPolicies.Receivables).Idempotent().WithSummary("Confirm the line's suggestion: the payment and its allocations are posted.");
        api.MapPost("/lines/{id:long}/reject", async (long id, LineActionRequest? r, RejectSuggestion use, ReadCashApplication read, CancellationToken ct) => await Line(await use.Handle(id, r?.Reason, ct), read, ct))
            .RequireAuthorization(AccessPolicies.Receivables).Idempotent().WithSummary("Reject the line's suggestion; the engine does not suggest it again.");
        api.MapPost("/lines/{id:long}/undo", async (long id, LineActionRequest? r, UndoBankLine use, ReadCashApplication read, CancellationToken ct) => await Line(await use.Handle(id, r?.Reason, ct), read, ct))
            .RequireAuthorization(AccessPolicies.Corrections).Idempotent().WithSummary("Undo an applied line: its payment is reversed (a correction: Admins and CreditManagers, ADR 0004); the engine does not apply that answer again.");
        api.MapPost("/lines/{id:long}/match", async (long id, ManualMatchRequest r, MatchLineManually use, ReadCashApplication read, CancellationToken ct) => await Line(await use.Handle(id, r, ct), read, ct))
            .RequireAuthorization(AccessPolicies.Receivables).Idempotent().WithSummary("Match the line by hand (customer, invoices and amounts; the rest on account); teaches the payer's account and name.");
    }

    private static async Task<IResult> Upload(HttpRequest http, string? account, bool? match, string? mapping, ImportBankStatement import, Mappings mappings, CancellationToken ct)
    {
        var request = await ReadRequest(http, account, mapping, mappings, ct);
        if (!request.IsOk)
        {
            return Refused(request.Error!);
        }

        var result = await import.Handle(request.Value! with { Match = match ?? true }, ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : Refused(result.Error!);
    }

    /// <summary>The file read as it would be imported (CSV through ?mapping=), and nothing written: its statements and lines, or every problem.</summary>
    private static async Task<IResult> Preview(HttpRequest http, string? account, string? mapping, Mappings mappings, CancellationToken ct)
    {
        var request = await ReadRequest(http, account, mapping, mappings, ct);
        var parsed = request.IsOk ? ImportBankStatement.Parse(request.Value!) : request.Error!;
        return parsed.IsOk ? TypedResults.Ok(StatementPreview.Of(parsed.Value!)) : Refused(parsed.Error!);
    }

    private static async Task<IResult> Advice(HttpRequest http, long? line, string? currency, ReadRemittanceAdvice read, CancellationToken ct)
    {
        byte[] content;
        if (http.HasFormContentType)
        {
            var form = await http.ReadFormAsync(ct);
            var file = form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null);
            if (file is null || file.Length > ReadRemittanceAdvice.MaxBytes)
            {
                return Problems.Validation("file", "Send the advice in the form field 'file' (at most 5 MB).");
            }

            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, ct);
            content = buffer.ToArray();
        }
        else
        {
            using var buffer = new MemoryStream();
            await http.Body.CopyToAsync(buffer, ct);
            content = buffer.ToArray();
        }

        var result = await read.Handle(new RemittanceAdviceRequest(content, line, currency), ct);
        return result.IsOk ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }

    /// <summary>A refusal; a CSV statement's lists every problem by line, field and reason under "errors".</summary>
    private static IResult Refused(DomainError error) => error is CsvStatementRefused csv
        ? Problems.Problem(csv.Code, csv.Message, StatusCodes.Status400BadRequest, csv.Field, new Dictionary<string, object?> { ["errors"] = csv.Errors })
        : error.ToProblem();

    private static async Task<Result<ImportBankStatementRequest>> ReadRequest(HttpRequest http, string? account, string? mapping, Mappings mappings, CancellationToken ct)
    {
        ColumnMapping? csv = null;
        if (!string.IsNullOrWhiteSpace(mapping))
        {
            var resolved = await mappings.Resolve(ImportKind.BankLines, null, mapping, ct);
            if (!resolved.IsOk)
            {
                return resolved.Error! is ValidationFailed { Field: "mappingName" } v ? new ValidationFailed("mapping", v.Reason) : resolved.Error!;
            }

            csv = resolved.Value.Mapping;
        }

        var file = await ReadFile(http, ct);
        return file.IsOk ? new ImportBankStatementRequest(file.Value.Name, file.Value.Content, account, true, csv) : file.Error!;
    }

    private static async Task<Result<(string Name, string Content)>> ReadFile(HttpRequest http, CancellationToken ct)
    {
        if (!http.HasFormContentType)
        {
            if (http.ContentLength > MaxFileBytes)
            {
                return new ValidationFailed("file", $"The file is larger than {MaxFileBytes / 1024 / 1024} MB.");
            }

            using var body = new StreamReader(http.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return ("statement", await body.ReadToEndAsync(ct));
        }

        var form = await http.ReadFormAsync(ct);
        var file = form.Files.GetFile("file") ?? (form.Files.Count > 0 ? form.Files[0] : null);
        if (file is null || file.Length == 0)
        {
            return new ValidationFailed("file", "Send the statement file in the form field 'file'.");
        }

        if (file.Length > MaxFileBytes)
        {
            return new ValidationFailed("file", $"The file is larger than {MaxFileBytes / 1024 / 1024} MB.");
        }

        using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return (file.FileName, await reader.ReadToEndAsync(ct));
    }

    private static async Task<IResult> Line(Result<long> result, ReadCashApplication read, CancellationToken ct) =>
        result.IsOk ? Results.Ok(await read.Line(result.Value, ct)) : result.Error!.ToProblem();

    private static IResult Answer<T>(Result<T> result, bool created = false) =>
        !result.IsOk ? result.Error!.ToProblem() : created ? Results.Created((string?)null, result.Value) : Results.Ok(result.Value);
}

/// <summary>Registers one of the seller's bank accounts.</summary>
internal sealed class AddBankAccount(CreditDb db)
{
    public async Task<Result<BankAccountDto>> Handle(BankAccountRequest request, CancellationToken ct)
    {
        var account = ImportBankStatement.Normalise(request.Account ?? "");
        if (account.Length is < 4 or > 64 || !account.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '.'))
        {
            return new ValidationFailed("account", "An IBAN or account number: 4 to 64 letters and digits.");
        }

        if (!Credo.Domain.Amounts.Currency.TryParse(request.Currency, out var currency))
        {
            return new ValidationFailed("currency", "A currency code such as USD or EUR.");
        }

        if (await db.SellerBankAccounts.AnyAsync(a => a.Account == account, ct))
        {
            return new Refusal("duplicate", $"The account {account} is already registered.", "account");
        }

        var row = new SellerBankAccount { Account = account, Currency = currency.Value.Code, Name = request.Name?.Trim(), CreatedAtUtc = db.UtcNow, CreatedBy = db.Actor.Name };
        db.SellerBankAccounts.Add(row);
        await db.SaveChangesAsync(ct);
        return new BankAccountDto(row.Id, row.Account, row.Currency, row.Name);
    }
}
