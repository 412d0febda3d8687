using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Credo.Web.Features.Imports;

/// <summary>HTTP adapters of <see cref="ImportFile"/>.</summary>
internal static class ImportEndpoints
{
    public static async Task<IResult> Import(string kind, HttpRequest request, Mappings mappings, ImportFile import, CancellationToken ct)
    {
        if (ColumnMapping.KindFrom(kind) is not { } importKind)
        {
            return Problems.Validation("kind", "Import kind is one of customers, invoices, credit-notes, payments, exchange-rates.");
        }

        if (!request.HasFormContentType)
        {
            return Problems.Validation("file", "Send multipart/form-data with a 'file' part (and 'mapping' JSON or 'mappingName', 'partial').");
        }

        var form = await request.ReadFormAsync(ct);
        var file = form.Files.GetFile("file");
        if (file is null || file.Length == 0)
        {
            return Problems.Validation("file", "A non-empty 'file' part is required.");
        }

        var mapping = await mappings.Resolve(importKind, form["mapping"].ToString(), form["mappingName"].ToString(), ct);
        if (!mapping.IsOk)
        {
            return mapping.Error!.ToProblem();
        }

        var partial = bool.TryParse(form["partial"].ToString(), out var p) && p;
        await using var stream = file.OpenReadStream();
        var report = await import.Run(new ImportRequest(importKind, stream, file.FileName, file.Length, mapping.Value.Mapping, mapping.Value.Name, partial), null, ct);
        return Respond(report);
    }

    public static IResult Respond(ImportReport report) => report.Status == ImportStatus.Failed
        ? Problems.Problem(
            "import-refused",
            $"Nothing was imported: {report.RowsRejected} row(s) refused. First: " + (report.Errors.Count > 0 ? $"line {report.Errors[0].Line}, {report.Errors[0].Field}: {report.Errors[0].Reason}" : "see errors") +
            " Fix the file, or import with partial=true to load the valid rows only.",
            StatusCodes.Status400BadRequest,
            report.Errors.Count > 0 ? report.Errors[0].Field : null,
            new Dictionary<string, object?> { ["batch"] = report, ["errors"] = report.Errors })
        : TypedResults.Ok(report);

    public static async Task<IResult> Status(long id, CreditDb db, ImportProgress progress, CancellationToken ct)
    {
        var batch = await db.ImportBatches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, ct);
        return batch is null ? Problems.NotFound("Import", id.ToString(System.Globalization.CultureInfo.InvariantCulture)) : TypedResults.Ok(ImportReport.From(batch, progress.Find(id)));
    }

    public static async Task<IResult> Recent(CreditDb db, ImportProgress progress, CancellationToken ct)
    {
        var batches = await db.ImportBatches.AsNoTracking().OrderByDescending(b => b.Id).Take(50).ToListAsync(ct);
        return TypedResults.Ok(batches.Select(b => ImportReport.From(b, progress.Find(b.Id))));
    }
}

/// <summary>
/// Runs an uploaded file's import after the request returns (the UI polls its progress). The file was saved to a
/// temporary path first; it is deleted when the import ends. The actor is the person who uploaded it.
/// </summary>
internal sealed class BackgroundImports(IServiceScopeFactory scopes, ImportProgress progress, ILogger<BackgroundImports> log)
{
    public async Task<long> Start(ImportKind kind, string path, string fileName, ColumnMapping mapping, string? mappingName, bool partial, string actor)
    {
        var started = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            try
            {
                using var scope = scopes.CreateScope();
                await using var db = CreateDb(scope.ServiceProvider, actor);
                var import = new ImportFile(db, progress);
                await using var stream = File.OpenRead(path);
                await import.Run(new ImportRequest(kind, stream, fileName, stream.Length, mapping, mappingName, partial) { OnBatchCreated = id => started.TrySetResult(id) });
            }
            catch (Exception e)
            {
                log.LogError(e, "Background import of {File} failed", fileName);
                started.TrySetException(e);
            }
            finally
            {
                File.Delete(path);
            }
        });
        return await started.Task;
    }

    private static CreditDb CreateDb(IServiceProvider services, string actor)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var current = services.GetRequiredService<CreditDb>();
        return current.Provider switch
        {
            DatabaseProvider.Sqlite => new SqliteCreditDb(services.GetRequiredService<DbContextOptions<SqliteCreditDb>>(), new FixedActor(actor), clock, services.GetRequiredService<LedgerSeal>()),
            DatabaseProvider.Postgres => new PostgresCreditDb(services.GetRequiredService<DbContextOptions<PostgresCreditDb>>(), new FixedActor(actor), clock, services.GetRequiredService<LedgerSeal>()),
        };
    }
}
