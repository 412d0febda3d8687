using Credo.Web.Data;
using Credo.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Credo.Web.Features.ApplicationForms;

/// <summary>
/// An application's uploaded documents for the credit team: the list, and one file served as a download
/// (attachment, the type detected at upload, nosniff), never inline and never from the applicant's file name.
/// </summary>
internal static class DownloadApplicationDocument
{
    internal sealed record DocumentDto(long Id, string FieldKey, string Name, string ContentType, long SizeBytes, string Sha256, DateTime UploadedAtUtc);

    public static async Task<IResult> ListEndpoint(string reference, CreditDb db, CancellationToken ct)
    {
        var applicationId = await db.Applications.Where(a => a.Reference == reference).Select(a => (long?)a.Id).SingleOrDefaultAsync(ct);
        if (applicationId is null)
        {
            return Problems.NotFound("Application", reference);
        }

        var documents = await db.ApplicationDocuments.AsNoTracking().Where(d => d.ApplicationId == applicationId).OrderBy(d => d.Id)
            .Select(d => new DocumentDto(d.Id, d.FieldKey, d.OriginalName, d.ContentType, d.SizeBytes, d.Sha256, d.UploadedAtUtc)).ToListAsync(ct);
        return TypedResults.Ok(documents);
    }

    public static async Task<IResult> FileEndpoint(
        string reference, long id, CreditDb db, IOptions<ApplicationFormOptions> options, IConfiguration config, HttpResponse response, CancellationToken ct)
    {
        var document = await db.ApplicationDocuments.AsNoTracking()
            .Where(d => d.Id == id && db.Applications.Any(a => a.Id == d.ApplicationId && a.Reference == reference))
            .SingleOrDefaultAsync(ct);
        var path = document is null ? null : Path.Combine(UploadApplicationDocument.UploadFolder(options.Value, config), document.StoredName);
        if (document is null || !File.Exists(path))
        {
            return Problems.NotFound("Document", $"{reference}/{id}");
        }

        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        return TypedResults.PhysicalFile(path, document.ContentType, document.OriginalName);
    }
}
